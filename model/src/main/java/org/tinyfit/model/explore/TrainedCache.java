package org.tinyfit.model.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;

/**
 * Retrained models cached on disk per base model and plan, so a retrain the user
 * started is never lost and is found again in later sessions: {@code DIR/KEY.tinyfit}
 * with KEY = sha256(base model file bytes, plan text, start, epochs, seed).
 */
public final class TrainedCache {
    private final Path dir;

    public TrainedCache(Path dir) { this.dir = dir; }

    /** {@code $XDG_CACHE_HOME/tinyfit/trained}, else {@code ~/.cache/tinyfit/trained}. */
    public static TrainedCache userDefault() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new TrainedCache(base.resolve("tinyfit").resolve("trained"));
    }

    public Path dir() { return dir; }

    /** The cache key of a run. */
    public static String key(byte[] baseModelBytes, String plan, String start, int epochs, long seed) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(baseModelBytes);
            md.update(("\n" + plan + "\n" + start + "\n" + epochs + "\n" + seed).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file(String key) { return dir.resolve(key + EXT); }

    private static final String EXT = ".tinyfit";

    /** The cached model for a key, if present and readable (an unreadable entry counts as absent). */
    public Optional<Network> find(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(TinyfitFile.read(f));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores a trained model (atomically: {@link TinyfitFile#write} writes a temporary and renames it). */
    public Path put(String key, Network trained) throws IOException {
        Files.createDirectories(dir);
        Path f = file(key);
        TinyfitFile.write(trained.withDatasets(Map.of()), f);
        return f;
    }

    /** The measured accuracy a cached model records in its provenance, or NaN. */
    public static double accuracy(Network n) {
        var a = n.provenance().accuracy();
        return a == null ? Double.NaN : a.value();
    }
}
