package org.tinyfit.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.tinyfit.model.search.TrialSpec;

/**
 * A search's inputs (base model, train and eval sets) in the cluster, named by the SHA-256 of
 * their bytes. The coordinator publishes each file once, in chunks of {@value #CHUNK} bytes
 * ({@code SHA/0}, {@code SHA/1}, ...; the entry {@code SHA} holding the length is written last,
 * so a reader sees a whole file or none). A worker copies a file into its cache folder the first
 * time a trial needs it, checks it against its hash before any use, and keeps it: the files of
 * the cache are named by hash alone ({@code SHA.tinyfit}, {@code SHA.safetensors}).
 */
final class Inputs {
    /** Bytes per chunk in the cluster. */
    static final int CHUNK = 1 << 20;
    /** Largest input accepted (bytes). */
    static final long MAX_INPUT = 8L << 30;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private Inputs() { }

    /** The default cache folder: {@code $XDG_CACHE_HOME/tinyfit/cluster}, else {@code ~/.cache/tinyfit/cluster}. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tinyfit").resolve("cluster");
    }

    static IMap<String, Object> map(HazelcastInstance hz) { return hz.getMap(ClusterConfig.INPUTS); }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Coordinator side: puts {@code file} into the cluster under {@code sha} unless it is there; checks the file against the hash. */
    static void publish(HazelcastInstance hz, String sha, Path file) throws IOException {
        if (!HASH.matcher(sha).matches()) throw new IOException("not a SHA-256: " + sha);
        IMap<String, Object> map = map(hz);
        if (whole(map, sha)) return;
        MessageDigest md = digest();
        long length = 0;
        int n = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0 && n > 0) break;
                map.set(sha + "/" + n, chunk);
                n++;
                length += chunk.length;
                if (chunk.length < CHUNK) break;
            }
        }
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(sha)) {
            for (int i = 0; i < n; i++) map.delete(sha + "/" + i);
            throw new IOException(file + " changed: its SHA-256 is " + got + ", the search expected " + sha);
        }
        map.set(sha, length);
    }

    /** Whether the cluster holds all of input {@code sha} (its length and every chunk). */
    static boolean whole(IMap<String, Object> map, String sha) {
        if (!(map.get(sha) instanceof Long length)) return false;
        long chunks = Math.max(1, (length + CHUNK - 1) / CHUNK);
        for (long i = 0; i < chunks; i++) if (!map.containsKey(sha + "/" + i)) return false;
        return true;
    }

    /** A worker's cache folder. */
    static final class Cache {
        private final Path dir;
        private final Set<Path> verified = ConcurrentHashMap.newKeySet();
        private final Map<String, Object> locks = new ConcurrentHashMap<>();

        Cache(Path dir) { this.dir = dir.toAbsolutePath().normalize(); }

        Path dir() { return dir; }

        /** The three input files of {@code spec}, copied from the cluster when not cached, each checked against its hash. */
        Path[] files(HazelcastInstance hz, TrialSpec spec) throws IOException {
            return new Path[] {file(hz, spec.modelSha256(), ".tinyfit"), file(hz, spec.trainSha256(), ".safetensors"),
                    file(hz, spec.evalSha256(), ".safetensors")};
        }

        Path file(HazelcastInstance hz, String sha, String ext) throws IOException {
            if (!HASH.matcher(sha).matches()) throw new IOException("not a SHA-256: " + sha);
            Path f = dir.resolve(sha + ext);
            synchronized (locks.computeIfAbsent(sha + ext, k -> new Object())) {
                if (verified.contains(f) && Files.isRegularFile(f)) return f;
                if (Files.isRegularFile(f)) {
                    if (sha256(f).equals(sha)) {
                        verified.add(f);
                        return f;
                    }
                    Files.deleteIfExists(f); // a damaged cache entry: fetch it again
                }
                fetch(hz, sha, f);
                verified.add(f);
                return f;
            }
        }

        private void fetch(HazelcastInstance hz, String sha, Path f) throws IOException {
            IMap<String, Object> map = map(hz);
            Object len = map.get(sha);
            if (!(len instanceof Long length)) throw new IOException("input " + sha + " is not in the cluster (was its search's coordinator stopped?)");
            if (length < 0 || length > MAX_INPUT) throw new IOException("input " + sha + " of " + length + " bytes");
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".fetch-", ".part");
            try {
                MessageDigest md = digest();
                long got = 0;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    for (int i = 0; got < length || (i == 0 && length == 0); i++) {
                        Object chunk = map.get(sha + "/" + i);
                        if (!(chunk instanceof byte[] b)) throw new IOException("input " + sha + ": chunk " + i + " is missing from the cluster");
                        if (got + b.length > length) throw new IOException("input " + sha + " is longer than its stated " + length + " bytes");
                        md.update(b);
                        out.write(b);
                        got += b.length;
                        if (length == 0) break;
                    }
                }
                String h = HexFormat.of().formatHex(md.digest());
                if (!h.equals(sha)) throw new IOException("input " + sha + " arrived with SHA-256 " + h + "; not used");
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
