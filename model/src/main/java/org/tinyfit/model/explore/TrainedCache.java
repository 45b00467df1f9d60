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
 * with KEY = sha256(base model file bytes, plan text, start, epochs, seed). Every run of a
 * plan is also listed in {@code DIR/runs/PLANKEY.txt} (one line "start epochs seed KEY"), so
 * the runs of a plan are found whatever the settings they were made with.
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

    /** One retrain of a plan: its settings and its cache key. */
    public record Run(String start, int epochs, long seed, String key) { }

    /** The key of a base model and plan (every run of the plan is listed under it). */
    public static String planKey(byte[] baseModelBytes, String plan) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(baseModelBytes);
            md.update(("\nplan\n" + plan).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path runsFile(byte[] baseModelBytes, String plan) {
        return dir.resolve("runs").resolve(planKey(baseModelBytes, plan) + ".txt");
    }

    /**
     * Stores a trained model under its run's key and lists the run under its plan; a run with the
     * same settings replaces the earlier one.
     */
    public Path put(byte[] baseModelBytes, String plan, String start, int epochs, long seed, Network trained) throws IOException {
        String key = key(baseModelBytes, plan, start, epochs, seed);
        Path f = put(key, trained);
        Path idx = runsFile(baseModelBytes, plan);
        Files.createDirectories(idx.getParent());
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        if (Files.isRegularFile(idx)) lines.addAll(Files.readAllLines(idx, StandardCharsets.UTF_8));
        lines.add(start + " " + epochs + " " + seed + " " + key);
        org.tinyfit.model.io.AtomicWrite.writeString(idx, String.join("\n", lines) + "\n");
        return f;
    }

    /** Every listed run of a plan whose model is still in the cache, oldest first. */
    public java.util.List<Run> runs(byte[] baseModelBytes, String plan) {
        Path idx = runsFile(baseModelBytes, plan);
        java.util.List<Run> out = new java.util.ArrayList<>();
        if (!Files.isRegularFile(idx)) return out;
        try {
            for (String line : Files.readAllLines(idx, StandardCharsets.UTF_8)) {
                String[] f = line.strip().split(" ");
                if (f.length != 4 || !f[3].matches("[0-9a-f]{32}") || !Files.isRegularFile(file(f[3]))) continue;
                try {
                    out.add(new Run(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
                } catch (NumberFormatException ignored) {
                    // a damaged line names no run
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The measured accuracy a cached model records in its provenance, or NaN. */
    public static double accuracy(Network n) {
        var a = n.provenance().accuracy();
        return a == null ? Double.NaN : a.value();
    }
}
