package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.app.Version;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.train.Precision;
import org.tinyfit.model.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit train MODEL --plan PLAN [--from scratch|projection] [--epochs N] [--seed S] --out FILE.tinyfit}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model under a compression plan (factors learned by back-propagation) and write it with its provenance.",
                "Progress goes to stderr; the result (accuracy on the eval set) to stdout."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--plan", paramLabel = "PLAN", required = true, description = "compression plan, e.g. 'lstm.kernel=kp:8x4,64x39;fc.kernel=dense' ('dense' trains the baseline again)")
    String plan;

    @Option(names = "--from", paramLabel = "START", defaultValue = "scratch", description = "scratch (fresh initialisation, as the Kronecker papers train; default) or projection (fine-tune the projected baseline)")
    String from;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "12", description = "passes over the training set (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of initialisation, shuffling and dropout (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.002", description = "Adam peak learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float32",
            description = "arithmetic of the forward and backward passes: float32 (the batched kernels; default) or float64 (the reference, about 8x slower)")
    String precision;

    @Option(names = "--data", paramLabel = "FILE", description = "training set: .safetensors, .npz (x, y), X.npy,Y.npy or a folder of them, or .csv; default: the model's training set")
    String data;

    @Option(names = "--eval", paramLabel = "FILE", description = "evaluation set (the forms of --data); default: the model's eval set")
    String evalData;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the trained model (.tinyfit)")
    Path out;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Whether the model file in {@code folder} can name the data set: one .safetensors file beside it. */
    private static boolean namable(Path folder, Models.Data d) {
        if (d.file() == null || !d.file().getFileName().toString().endsWith(".safetensors")) return false;
        Path p = d.file().toAbsolutePath().normalize().getParent();
        return p != null && p.equals(folder.toAbsolutePath().normalize());
    }

    @Override public Integer call() throws IOException {
        if (epochs <= 0) throw new UserError("--epochs must be positive, got " + epochs);
        if (batch <= 0) throw new UserError("--batch must be positive, got " + batch);
        if (!(lr > 0)) throw new UserError("--lr must be positive, got " + lr);
        if (!out.getFileName().toString().endsWith(".tinyfit")) throw new UserError("--out must name a .tinyfit file, got " + out);
        CompressedTraining.Start start = CompressedTraining.Start.parse(from);
        Precision prec;
        try {
            prec = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new UserError("--" + e.getMessage());
        }
        Models.Loaded m = Models.load(model);
        CompressionPlan p = Plans.parse(plan, m.net());
        Models.Data trainData = Models.data(m, data, "train");
        Models.Data evalSet = Models.data(m, evalData, "eval");
        Dataset train = trainData.set();
        Dataset eval = evalSet.set();
        StreamingEvaluator.checkCompatible(m.net(), train);
        StreamingEvaluator.checkCompatible(m.net(), eval);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError(parent + ": no such folder");
        PrintWriter err = spec.commandLine().getErr();
        TrainConfig cfg = TrainConfig.defaults(epochs, seed).withBatchSize(batch).withLearningRate(lr).withPrecision(prec);
        err.printf(Locale.ROOT, "training %s under %s from %s: %d samples, %d epochs%n", m.net().name(), PlanText.format(p), start.id(), train.n(), epochs);
        err.flush();
        long[] epochStart = {System.nanoTime()};
        CompressedTraining.Result r = CompressedTraining.train(m.net(), p, start, train, trainData.sha256(), eval,
                evalSet.sha256(), cfg, null, null, Version.get(), pr -> {
                    if (pr.epochEnd()) {
                        // this epoch's speed (the first epoch includes the JIT's warm-up of the kernels)
                        long now = System.nanoTime();
                        double eps = train.n() / Math.max(1e-9, (now - epochStart[0]) / 1e9);
                        epochStart[0] = now;
                        err.printf(Locale.ROOT, "  epoch %d/%d  loss %.4f  train acc %.4f  %.0f samples/s%n",
                                pr.epoch(), pr.epochs(), pr.loss(), pr.trainAccuracy(), eps);
                        err.flush();
                    }
                }, () -> false);
        // a model file names data sets that sit next to it; elsewhere the provenance records them
        Map<String, String> ds = new LinkedHashMap<>();
        Path base = parent == null ? Path.of("").toAbsolutePath() : parent;
        if (namable(base, evalSet)) ds.put("eval", evalSet.file().getFileName().toString());
        if (namable(base, trainData)) ds.put("train", trainData.file().getFileName().toString());
        if (!ds.containsKey("eval")) {
            err.println("note: " + out.getFileName() + " does not name its eval set (a model names .safetensors sets beside it);"
                    + " evaluate it with --data " + evalSet.label());
        }
        TinyfitFile.write(r.network().withDatasets(ds), out);
        PrintWriter o = spec.commandLine().getOut();
        double samplesPerSecond = (double) train.n() * epochs / Math.max(1e-9, r.run().seconds());
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", out.toString());
            j.put("plan", PlanText.format(p));
            j.put("from", start.id());
            j.put("params", r.network().params());
            j.put("accuracy", r.accuracy().accuracy());
            j.put("accuracy_ci", java.util.List.of(r.accuracy().ciLow(), r.accuracy().ciHigh()));
            j.put("samples", r.accuracy().count());
            j.put("accuracy_kind", "trained");
            j.put("epochs", epochs);
            j.put("seed", seed);
            j.put("train_seconds", r.run().seconds());
            j.put("samples_per_second", samplesPerSecond);
            j.put("precision", prec.id());
            o.println(Json.write(j));
        } else {
            o.printf(Locale.ROOT, "wrote %s: %,d params, accuracy %.2f%% (95%% CI %.2f-%.2f%%, measured on %d samples after training) in %.0f s (%,.0f samples/s, %s)%n",
                    out, r.network().params(), 100 * r.accuracy().accuracy(), 100 * r.accuracy().ciLow(), 100 * r.accuracy().ciHigh(),
                    r.accuracy().count(), r.run().seconds(), samplesPerSecond, prec.id());
        }
        return 0;
    }
}
