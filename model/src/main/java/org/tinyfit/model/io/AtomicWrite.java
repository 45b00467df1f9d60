package org.tinyfit.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every file TinyFit writes goes through here: the content goes to a temporary file beside
 * the target ({@code .NAME.RANDOM.tinyfit-tmp}), is synced to disk, and only then renamed over
 * the target, so a reader (or a crash) sees the old file or the new one, never a truncated one.
 * A folder of files (the C export) is written file by file to temporaries and renamed only
 * when all of them are complete and synced. Temporaries are deleted when a write fails, when
 * the process is stopped (a shutdown hook) and, when a process was killed outright, by the next
 * write of the same target once they are an hour old.
 */
public final class AtomicWrite {
    /** Suffix of temporary files. */
    public static final String TMP_SUFFIX = ".tinyfit-tmp";
    private static final long STALE_MILLIS = 3_600_000L;
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // best effort while the process ends
                    }
                }
            }, "tinyfit-tmp-cleanup"));
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private AtomicWrite() { }

    /** Writes {@code bytes} to {@code file} atomically, creating missing parent folders. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Map<String, byte[]> one = new LinkedHashMap<>();
        Path abs = file.toAbsolutePath();
        if (abs.getFileName() == null) throw new IOException(file + ": not a file name");
        one.put(abs.getFileName().toString(), bytes);
        writeAll(abs.getParent(), one);
    }

    /** Writes text as UTF-8 atomically. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes several files into {@code dir} (created when missing): every file is written and
     * synced to a temporary first; the renames follow only when all are complete. Names are
     * file names, never paths.
     */
    public static void writeFolder(Path dir, Map<String, String> files) throws IOException {
        Map<String, byte[]> b = new LinkedHashMap<>();
        for (var e : files.entrySet()) b.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
        writeAll(dir.toAbsolutePath(), b);
    }

    private static void writeAll(Path dir, Map<String, byte[]> files) throws IOException {
        for (String n : files.keySet()) {
            if (n.isEmpty() || n.equals(".") || n.equals("..") || n.indexOf('/') >= 0 || n.indexOf(java.io.File.separatorChar) >= 0) {
                throw new IllegalArgumentException("'" + n + "' is not a file name");
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new FileAlreadyExistsException(dir + " is a file, not a folder");
        Files.createDirectories(dir);
        List<Path> tmps = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        boolean done = false;
        try {
            for (var e : files.entrySet()) {
                Path target = dir.resolve(e.getKey());
                String prefix = tmpPrefix(e.getKey());
                sweepStale(dir, prefix);
                Path tmp = Files.createTempFile(dir, prefix, TMP_SUFFIX);
                IN_FLIGHT.add(tmp);
                tmps.add(tmp);
                targets.add(target);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(e.getValue());
                    while (b.hasRemaining()) ch.write(b);
                    ch.force(true);
                }
                try {
                    // temporary files are private; the result should read like any other file
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            // a target that cannot be replaced (a folder) fails here, before anything is renamed
            for (Path t : targets) if (Files.isDirectory(t)) throw new FileAlreadyExistsException(t + " is a folder");
            for (int i = 0; i < tmps.size(); i++) move(tmps.get(i), targets.get(i));
            syncFolder(dir);
            done = true;
        } finally {
            for (Path t : tmps) {
                if (!done) Files.deleteIfExists(t);
                IN_FLIGHT.remove(t);
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the renames durable (Linux: fsync of the folder); ignored where folders cannot be opened. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform
        }
    }

    /** {@code .NAME.} with NAME cut to 100 characters, so that the temporary's name stays within file-system limits. */
    private static String tmpPrefix(String name) {
        return "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
    }

    /** Deletes temporaries with this prefix that a killed process left behind more than an hour ago. */
    private static void sweepStale(Path dir, String prefix) {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, path -> {
            String f = path.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(TMP_SUFFIX);
        })) {
            for (Path p : ds) {
                FileTime t = Files.getLastModifiedTime(p);
                if (now - t.toMillis() > STALE_MILLIS && !IN_FLIGHT.contains(p)) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Temporaries being written right now (tests). */
    static Set<Path> inFlight() { return Set.copyOf(IN_FLIGHT); }
}
