package org.tinyfit.model.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.provenance.Provenance;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.train.TrainConfig;

/**
 * Trains a trial with {@link CompressedTraining} from scratch: the base model (or its small
 * baseline, {@link TrialPlan}) under the trial's plan, for its epochs from its seed, measured on
 * the eval set. The trained model comes back as {@code .tinyfit} bytes whose provenance records
 * the data sets with their hashes, the seed and epochs as training does, and under {@code search}
 * the search id, the trial key and the fidelity (epochs). Training uses {@link TrainConfig#defaults}
 * with the trial's learning rate and batch size, and a warm-up of at most a tenth of its steps
 * (so that a one-epoch trial of a short rung is not all warm-up).
 */
public final class TrainingTrialRunner implements TrialRunner {
    /** Provenance key of the search record. */
    public static final String PROVENANCE_KEY = "search";

    private final String tool;
    private final int threads;

    /** Trains on all cores; records the TinyFit version found on the class path. */
    public TrainingTrialRunner() { this(toolVersion(), 0); }

    /**
     * @param tool    the version recorded in provenance
     * @param threads training threads (0: all cores); results do not depend on it
     */
    public TrainingTrialRunner(String tool, int threads) {
        this.tool = tool == null ? "dev" : tool;
        this.threads = Math.max(0, threads);
    }

    @Override public TrialResult run(TrialSpec spec, Path model, Path train, Path eval, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        Path tmp = null;
        try {
            TrialPlan tp = TrialPlan.parse(spec.plan());
            Network base = TinyfitFile.read(model);
            Dataset tr = DatasetFile.read(train), ev = DatasetFile.read(eval);
            Network net = tp.network(base);
            CompressionPlan plan = tp.plan(net);
            StreamingEvaluator.checkCompatible(net, tr);
            StreamingEvaluator.checkCompatible(net, ev);
            TrainConfig cfg = TrainConfig.defaults(spec.epochs(), spec.seed())
                    .withLearningRate(Double.isNaN(tp.lr()) ? TrialPlan.DEFAULT_LR : tp.lr())
                    .withBatchSize(tp.batch() > 0 ? tp.batch() : TrialPlan.DEFAULT_BATCH)
                    .withThreads(threads);
            // short trainings (the first rungs) warm up over a tenth of their steps at most, not the default 100 steps
            long steps = (long) spec.epochs() * ((tr.n() + cfg.batchSize() - 1) / cfg.batchSize());
            cfg = cfg.withWarmupSteps((int) Math.min(cfg.warmupSteps(), Math.max(1, steps / 10)));
            CompressedTraining.Result r = CompressedTraining.train(net, plan, CompressedTraining.Start.SCRATCH, tr, spec.trainSha256(), ev,
                    spec.evalSha256(), cfg, null, null, tool, null, stop);
            if (stop.getAsBoolean()) throw new CancellationException("trial " + spec.key() + " cancelled");
            Provenance p = r.network().provenance();
            Map<String, Object> extra = new LinkedHashMap<>(p.extra());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", spec.searchId());
            s.put("trial", spec.key());
            s.put("fidelity_epochs", spec.epochs());
            s.put("seed", spec.seed());
            s.put("trial_plan", spec.plan());
            s.put("model_sha256", spec.modelSha256());
            s.put("train_sha256", spec.trainSha256());
            s.put("eval_sha256", spec.evalSha256());
            if (tp.small()) s.put("small_hidden", tp.hidden());
            extra.put(PROVENANCE_KEY, s);
            Network out = r.network().withProvenance(p.withExtra(extra));
            tmp = Files.createTempFile("trial-", ".tinyfit");
            TinyfitFile.write(out, tmp);
            byte[] bytes = Files.readAllBytes(tmp);
            double secs = (System.nanoTime() - t0) / 1e9;
            return new TrialResult(spec.key(), true, r.accuracy().accuracy(), (int) r.accuracy().count(), r.accuracy().ciLow(),
                    r.accuracy().ciHigh(), secs, "", bytes, "local");
        } catch (CancellationException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (stop.getAsBoolean()) throw new CancellationException("trial " + spec.key() + " cancelled");
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TrialResult.failed(spec.key(), msg, (System.nanoTime() - t0) / 1e9, "local");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** The TinyFit version on the class path, or "dev". */
    static String toolVersion() {
        try (InputStream in = TrainingTrialRunner.class.getResourceAsStream("/org/tinyfit/app/version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
