package org.tinyfit.model.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;

/**
 * Trains a network under a compression plan: each matrix the plan names is trained
 * in its technique's structure ({@link Structure}), from scratch (the Kronecker papers'
 * way: the whole network freshly initialised) or from the projection of the trained
 * baseline (fine-tuning). The result stores the factors and records its provenance.
 */
public final class CompressedTraining {
    private CompressedTraining() { }

    /** Where training starts. */
    public enum Start {
        SCRATCH, PROJECTION;

        public String id() { return this == SCRATCH ? "scratch" : "projection"; }

        public static Start parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "scratch" -> SCRATCH;
                case "projection", "project", "fine-tune", "finetune" -> PROJECTION;
                default -> throw new IllegalArgumentException("--from must be scratch or projection, got '" + s + "'");
            };
        }
    }

    /** Outcome: the trained compressed network (with provenance) and its accuracy on the evaluation set. */
    public record Result(Network network, EvalProgress accuracy, Trainer.Result run) { }

    /**
     * The trainable model for {@code base} under {@code plan} (plan already validated
     * and expanded against {@code base}).
     */
    public static TrainModel prepare(Network base, CompressionPlan plan, Start start, long seed,
                                     Structure.DkpOptions dkp, Structure.PruneSchedule prune) {
        TrainModel m = start == Start.SCRATCH ? TrainModel.init(base, seed) : TrainModel.fromNetwork(base);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < base.layers().size(); k++) {
            Layer l = base.layers().get(k);
            MatrixPlan mp = plan.entry(l.kernelName());
            if (mp == null || (mp.technique() instanceof TechniqueSpec.Dense && mp.bits() == 32)) continue;
            TrainModel.L tl = m.layers.get(k);
            Structure st = Structure.of(mp, tl.rows, tl.cols, dkp, prune);
            if (start == Start.SCRATCH) {
                int blockRows = tl.rnn ? tl.out : tl.rows;
                st.initScratch(r, Math.sqrt(6.0 / (tl.cols + blockRows)));
            } else {
                LinearOp projected = Compressor.compress(l.kernel(), new MatrixPlan(mp.technique(), 32), false);
                st.initFrom(projected);
            }
            tl.structure = st;
        }
        return m;
    }

    /**
     * Trains and evaluates. {@code version} is recorded in the provenance
     * (with the data set hash given by the caller, which knows the file).
     */
    public static Result train(Network base, CompressionPlan plan, Start start, Dataset train, String trainHash,
                               Dataset eval, TrainConfig cfg, String version,
                               Consumer<TrainProgress> listener, BooleanSupplier cancelled) {
        PlanText.validate(plan, base);
        CompressionPlan full = PlanText.expand(plan, base);
        TrainModel m = prepare(base, full, start, cfg.seed(), null, null);
        Trainer.Result run = Trainer.train(m, train, null, cfg, listener, cancelled);
        Network trained = m.toNetwork();
        if (full.activations() == Activations.INT8) trained = int8(trained);
        EvalProgress acc = new StreamingEvaluator().evaluate(trained, eval, null, cancelled == null ? () -> false : cancelled);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("kind", "trained compressed model (" + start.id() + ")");
        prov.put("plan", PlanText.format(Compressor.effectivePlan(trained, null)));
        prov.put("from", start.id());
        prov.put("base_model", base.name());
        Map<String, Object> td = new LinkedHashMap<>();
        td.put("name", train.name());
        td.put("samples", train.n());
        if (trainHash != null) td.put("sha256", trainHash);
        prov.put("train_data", td);
        prov.put("eval_data", Map.of("name", eval.name(), "samples", eval.n()));
        prov.put("seed", cfg.seed());
        prov.put("epochs", cfg.epochs());
        prov.put("hyperparameters", hyperparameters(cfg));
        prov.put("accuracy", acc.accuracy());
        prov.put("accuracy_ci", List.of(acc.ciLow(), acc.ciHigh()));
        prov.put("train_seconds", Math.round(run.seconds()));
        prov.put("tinyfit_version", version);
        prov.put("date", Instant.now().toString().substring(0, 10));
        Network out = trained.withLayers(trained.layers(), prov);
        return new Result(out, acc, run);
    }

    /** The hyper-parameters of a run, as recorded in provenance. */
    public static Map<String, Object> hyperparameters(TrainConfig cfg) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("optimizer", "adam");
        hp.put("batch_size", cfg.batchSize());
        hp.put("learning_rate", cfg.learningRate());
        hp.put("schedule", "linear warm-up " + cfg.warmupSteps() + " steps, cosine decay to 0");
        hp.put("clip_norm", cfg.clipNorm());
        hp.put("weight_decay", cfg.weightDecay());
        Structure.DkpOptions d = Structure.DkpOptions.DEFAULT;
        hp.put("dkp", "overlay density annealed from " + d.startDensity() + " (cubic) until " + d.annealEnd() + " of training; co-matrix dropout " + d.dropout());
        Structure.PruneSchedule p = Structure.PruneSchedule.DEFAULT;
        hp.put("pruning", "gradual magnitude, cubic schedule from " + p.start() + " to " + p.end() + " of training, " + p.updates() + " mask updates");
        hp.put("quantization", "quantization-aware (per-tensor symmetric fake quantization, straight-through estimator) for b < 32");
        return hp;
    }

    private static Network int8(Network n) {
        List<Layer> ls = new ArrayList<>();
        for (Layer l : n.layers()) ls.add(l.kernel() instanceof CompressedOp c ? l.withKernel(c.withInt8Activations(true)) : l);
        return n.withLayers(ls, n.provenance());
    }
}
