package org.tinyfit.model.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.tinyfit.model.data.Dataset;

/**
 * A user's own data set, in whichever form it comes:
 * <ul>
 *   <li>{@code FILE.safetensors}: TinyFit's own form ({@link DatasetFile});</li>
 *   <li>{@code FILE.npz}: arrays {@code x} and {@code y}, as {@code numpy.savez(FILE, x=x, y=y)}
 *       or {@code savez_compressed} write them;</li>
 *   <li>{@code X.npy,Y.npy}: a pair of {@code .npy} files, or a folder holding {@code x.npy} and
 *       {@code y.npy};</li>
 *   <li>{@code FILE.csv}: one sample per line, the label first, then the features of each time
 *       step in order (step 0's features, then step 1's, ...); a first line that is not numbers
 *       is a header.</li>
 * </ul>
 * x is [N, T, I], or [N, T*I] when the expected shape is known; y holds N whole-number labels
 * ([N] or [N, 1]). Everything is checked before use and each problem is one sentence naming
 * the file: dtypes, shapes against the model's input, sample counts, NaN or infinite inputs,
 * negative labels and labels beyond the model's classes, an empty set.
 */
public final class DataFiles {
    /** What a data set must fit: a model's steps, features and classes (0: not known). */
    public record Expect(int steps, int features, int classes) {
        public static final Expect ANY = new Expect(0, 0, 0);

        boolean knowsShape() { return steps > 0 && features > 0; }

        String shape() { return steps + " x " + features; }
    }

    /** The forms a data set may take, for messages. */
    public static final String FORMS = ".safetensors, .npz (arrays x and y), x.npy,y.npy (or a folder holding them) or .csv (label, then features)";

    private DataFiles() { }

    /** The files of the data set {@code arg} names: one file, or the x and y arrays of a pair or a folder. */
    public static List<Path> files(String arg) {
        String[] pair = arg.split(",", -1);
        if (pair.length == 2 && !Files.exists(Path.of(arg))) return List.of(Path.of(pair[0].strip()), Path.of(pair[1].strip()));
        Path p = Path.of(arg);
        if (Files.isDirectory(p)) return List.of(p.resolve("x.npy"), p.resolve("y.npy"));
        return List.of(p);
    }

    /** SHA-256 of the data set's files, their bytes in order (lower-case hex; for provenance). */
    public static String sha256(String arg) throws IOException {
        List<Path> fs = files(arg);
        if (fs.size() == 1) return DatasetFile.sha256(fs.get(0));
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path f : fs) {
                try (InputStream in = Files.newInputStream(f)) {
                    int r;
                    while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the data set {@code arg} names (see the class comment). */
    public static Dataset read(String arg, Expect expect) throws IOException {
        if (arg == null || arg.isBlank()) throw new TinyfitFormatException("data set", "no file given; use " + FORMS);
        String[] pair = arg.split(",", -1);
        Path p = Path.of(arg);
        if (pair.length == 2 && !Files.exists(p)) return fromNpy(Path.of(pair[0].strip()), Path.of(pair[1].strip()), expect);
        if (pair.length > 2 && !Files.exists(p)) throw new TinyfitFormatException(arg, "name one data set: " + FORMS);
        if (Files.isDirectory(p)) {
            Path x = p.resolve("x.npy"), y = p.resolve("y.npy");
            if (!Files.isRegularFile(x) || !Files.isRegularFile(y)) {
                throw new TinyfitFormatException(arg, "is a folder without x.npy and y.npy; name a data file: " + FORMS);
            }
            return fromNpy(x, y, expect);
        }
        if (!Files.exists(p)) throw new java.nio.file.NoSuchFileException(arg);
        if (!Files.isRegularFile(p)) throw new TinyfitFormatException(arg, "is not a regular file");
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        Dataset d;
        if (n.endsWith(".safetensors")) d = DatasetFile.read(p);
        else if (n.endsWith(".npz")) d = fromNpz(p, expect);
        else if (n.endsWith(".csv")) d = fromCsv(p, expect);
        else if (n.endsWith(".npy")) throw new TinyfitFormatException(arg, "is one array; name the inputs and the labels as X.npy,Y.npy");
        else throw new TinyfitFormatException(arg, "is not a data set TinyFit reads: " + FORMS);
        return check(arg, d, expect);
    }

    private static Dataset fromNpy(Path xp, Path yp, Expect expect) throws IOException {
        for (Path q : List.of(xp, yp)) {
            if (!Files.exists(q)) throw new java.nio.file.NoSuchFileException(q.toString());
            if (!Files.isRegularFile(q)) throw new TinyfitFormatException(q.toString(), "is not a regular file");
        }
        long budget = MemoryBudget.affordable();
        Npy.Array x, y;
        try (InputStream in = Files.newInputStream(xp)) {
            x = Npy.read(xp.toString(), in, Files.size(xp), budget, false);
        }
        try (InputStream in = Files.newInputStream(yp)) {
            y = Npy.read(yp.toString(), in, Files.size(yp), budget - 4 * x.count(), true);
        }
        String name = stem(xp.getParent() != null && xp.getFileName().toString().equals("x.npy") && xp.getParent().getFileName() != null
                ? xp.getParent().getFileName().toString() : xp.getFileName().toString());
        return check(xp + "," + yp, assemble(xp + "," + yp, name, x, y, expect), expect);
    }

    private static Dataset fromNpz(Path p, Expect expect) throws IOException {
        String name = p.toString();
        try (ZipFile z = new ZipFile(p.toFile())) {
            ZipEntry xe = z.getEntry("x.npy"), ye = z.getEntry("y.npy");
            if (xe == null || ye == null) {
                List<String> names = z.stream().map(ZipEntry::getName).limit(20).toList();
                throw new TinyfitFormatException(name, "needs arrays x and y (numpy.savez(file, x=x, y=y)); it holds " + names);
            }
            long budget = MemoryBudget.affordable();
            Npy.Array x = entry(z, xe, name + ":x", budget, false);
            Npy.Array y = entry(z, ye, name + ":y", budget - 4 * x.count(), true);
            return assemble(name, stem(p.getFileName().toString()), x, y, expect);
        } catch (ZipException e) {
            throw new TinyfitFormatException(name, "is not a readable .npz (zip) file: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new TinyfitFormatException(name, "is not a readable .npz (zip) file: it ends early (truncated)");
        }
    }

    private static Npy.Array entry(ZipFile z, ZipEntry e, String name, long budget, boolean labels) throws IOException {
        long size = e.getSize();
        if (size < 0) throw new TinyfitFormatException(name, "the .npz does not state the array's size");
        try (InputStream in = z.getInputStream(e)) {
            return Npy.read(name, in, size, budget, labels);
        } catch (java.io.EOFException | ZipException x) {
            // a corrupt or cut deflate stream: the JDK's message names neither the file nor the array
            throw new TinyfitFormatException(name, "is truncated or corrupt (" + (x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage()) + ")");
        }
    }

    private static Dataset assemble(String where, String name, Npy.Array x, Npy.Array y, Expect e) throws IOException {
        long[] xs = x.shape();
        if (xs.length == 0 || xs[0] == 0) throw new TinyfitFormatException(where, "the data set is empty (x has shape " + Arrays.toString(xs) + ")");
        int n = (int) xs[0];
        int steps, features;
        if (xs.length == 3) {
            steps = (int) xs[1];
            features = (int) xs[2];
        } else if (xs.length == 2 && e.knowsShape()) {
            if (xs[1] != (long) e.steps() * e.features()) {
                throw new TinyfitFormatException(where, "x has " + xs[1] + " values per sample; the model takes " + e.shape() + " = "
                        + (long) e.steps() * e.features() + " (x as [N, T, I] or [N, T*I])");
            }
            steps = e.steps();
            features = e.features();
        } else {
            throw new TinyfitFormatException(where, "x must have shape [N, T, I]" + (e.knowsShape() ? " or [N, T*I]" : "") + ", got "
                    + x.describe());
        }
        long[] ys = y.shape();
        boolean column = ys.length == 2 && ys[1] == 1;
        if (!(ys.length == 1 || column)) throw new TinyfitFormatException(where, "y must have shape [N] (labels), got " + y.describe());
        if (ys[0] != n) throw new TinyfitFormatException(where, "x has " + n + " samples but y has " + ys[0] + " labels");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", where);
        return dataset(where, name, n, steps, features, x.floats(), y.ints(), meta);
    }

    /** The data set, its own checks (a negative label, say) reported with the file's name. */
    private static Dataset dataset(String where, String name, int n, int steps, int features, float[] x, int[] y, Map<String, String> meta)
            throws TinyfitFormatException {
        try {
            return new Dataset(name, n, steps, features, null, x, y, 1f, List.of(), meta);
        } catch (IllegalArgumentException e) {
            throw new TinyfitFormatException(where, e.getMessage());
        }
    }

    private static Dataset fromCsv(Path p, Expect e) throws IOException {
        String where = p.toString();
        if (!e.knowsShape()) throw new TinyfitFormatException(where, "a CSV data set needs the model's input shape to split its columns into steps");
        int width = e.steps() * e.features();
        long budget = MemoryBudget.affordable();
        float[] x = new float[width * 256];
        int[] y = new int[256];
        int n = 0;
        long line = 0;
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank()) continue;
                String[] f = s.split(",", -1);
                if (line == 1 && !numeric(f[0].strip())) continue; // a header
                if (f.length != width + 1) {
                    throw new TinyfitFormatException(where, "line " + line + " has " + f.length + " values; expected " + (width + 1)
                            + " (the label, then " + e.shape() + " features)");
                }
                double label = number(f[0], where, line, 1);
                if (label != Math.rint(label)) throw new TinyfitFormatException(where, "line " + line + ": the label " + f[0].strip() + " is not a whole number");
                if (n == y.length) { // grow both by doubling, within what the process can hold
                    long grown = 2L * x.length;
                    if (grown > Integer.MAX_VALUE - 8 || grown * 4 + 2L * y.length * 4 > budget) {
                        throw new TinyfitFormatException(where, "has more samples than this process can hold (" + n
                                + " read); use .npz or a larger -Xmx");
                    }
                    x = Arrays.copyOf(x, (int) grown);
                    y = Arrays.copyOf(y, 2 * y.length);
                }
                for (int k = 0; k < width; k++) x[n * width + k] = (float) number(f[k + 1], where, line, k + 2);
                y[n++] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, label));
            }
        }
        if (n == 0) throw new TinyfitFormatException(where, "the data set is empty (no data lines)");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", where);
        return dataset(where, stem(p.getFileName().toString()), n, e.steps(), e.features(), Arrays.copyOf(x, n * width),
                Arrays.copyOf(y, n), meta);
    }

    private static boolean numeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    private static double number(String s, String where, long line, int column) throws IOException {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException ex) {
            throw new TinyfitFormatException(where, "line " + line + ", column " + column + ": '" + clip(s.strip()) + "' is not a number");
        }
    }

    /** Checks a data set against what the model expects (see the class comment). */
    static Dataset check(String where, Dataset d, Expect e) throws IOException {
        if (d.n() == 0) throw new TinyfitFormatException(where, "the data set is empty");
        if (e.knowsShape() && (d.steps() != e.steps() || d.features() != e.features())) {
            throw new TinyfitFormatException(where, "samples are " + d.steps() + " x " + d.features() + " (steps x features) but the model takes "
                    + e.shape());
        }
        if (d.xF32() != null) {
            float[] x = d.xF32();
            int size = d.steps() * d.features();
            for (int i = 0; i < x.length; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new TinyfitFormatException(where, "sample " + i / size + " holds " + x[i] + " (step " + (i % size) / d.features()
                            + ", feature " + i % d.features() + "); inputs must be finite numbers");
                }
            }
        }
        int[] y = d.y();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) throw new TinyfitFormatException(where, "label " + y[i] + " of sample " + i + " is negative");
            if (e.classes() > 0 && y[i] >= e.classes()) {
                throw new TinyfitFormatException(where, "label " + y[i] + " of sample " + i + " is outside the model's " + e.classes()
                        + " classes (0.." + (e.classes() - 1) + ")");
            }
        }
        return d;
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
