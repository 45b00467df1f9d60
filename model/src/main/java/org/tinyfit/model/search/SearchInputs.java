package org.tinyfit.model.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;

/**
 * The input files of a search, each named by its SHA-256 in {@code DIR/inputs/}: the base model
 * as {@code <sha>.tinyfit} and the training and eval sets as {@code <sha>.safetensors}, whatever
 * form the user gave them in. Written once: a search resumed finds them there. The model names
 * its sets {@code train.safetensors} and {@code eval.safetensors}, which sit in DIR beside the
 * trained models (links to the inputs), so every trained file opens with its data.
 */
public record SearchInputs(Path dir, Path model, Path train, Path eval, String modelSha256, String trainSha256, String evalSha256) {
    public static final String FOLDER = "inputs";
    public static final String TRAIN = "train.safetensors";
    public static final String EVAL = "eval.safetensors";

    /** Writes the inputs into {@code dir/inputs} (and the links into {@code dir}). */
    public static SearchInputs prepare(Path dir, Network base, Dataset train, Dataset eval) throws IOException {
        Path in = dir.resolve(FOLDER);
        Files.createDirectories(in);
        Map<String, String> ds = new LinkedHashMap<>();
        ds.put("train", TRAIN);
        ds.put("eval", EVAL);
        Network b = base.withDatasets(ds);
        Path m = store(in, ".tinyfit", t -> TinyfitFile.write(b, t));
        Path tr = store(in, ".safetensors", t -> DatasetFile.write(train, t));
        Path ev = store(in, ".safetensors", t -> DatasetFile.write(eval, t));
        link(tr, dir.resolve(TRAIN));
        link(ev, dir.resolve(EVAL));
        return of(dir, m, tr, ev);
    }

    /** The inputs of a search whose files exist (a resumed search): from the hashes in their names. */
    public static SearchInputs existing(Path dir, String modelSha, String trainSha, String evalSha) throws IOException {
        Path in = dir.resolve(FOLDER);
        Path m = in.resolve(modelSha + ".tinyfit"), tr = in.resolve(trainSha + ".safetensors"), ev = in.resolve(evalSha + ".safetensors");
        for (Path p : new Path[] {m, tr, ev}) if (!Files.isRegularFile(p)) throw new IOException(p + ": input of the search is missing");
        return new SearchInputs(dir, m, tr, ev, modelSha, trainSha, evalSha);
    }

    private static SearchInputs of(Path dir, Path m, Path tr, Path ev) {
        String ms = stem(m), ts = stem(tr), es = stem(ev);
        return new SearchInputs(dir, m, tr, ev, ms, ts, es);
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.indexOf('.'));
    }

    /** The map a {@link LocalTrialExecutor} takes. */
    public Map<String, Path> inputsBySha256() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put(modelSha256, model);
        m.put(trainSha256, train);
        m.put(evalSha256, eval);
        return m;
    }

    /** The base model as the trials see it (read from its input file). */
    public Network readModel() throws IOException { return TinyfitFile.read(model); }

    private interface Writer { void write(Path p) throws IOException; }

    private static Path store(Path in, String suffix, Writer w) throws IOException {
        Path tmp = Files.createTempFile(in, "input-", suffix + ".tmp");
        try {
            w.write(tmp);
            String sha = DatasetFile.sha256(tmp);
            Path target = in.resolve(sha + suffix);
            if (Files.exists(target)) Files.delete(tmp);
            else Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void link(Path target, Path link) throws IOException {
        if (Files.exists(link) && Files.isSameFile(link, target)) return;
        Path tmp = link.resolveSibling(link.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, target);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(target, tmp);
        }
        Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

}
