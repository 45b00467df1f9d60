package org.tinyfit.model.train;

import java.time.Instant;
import java.util.ArrayList;
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
import org.tinyfit.model.provenance.Provenance;

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
     * Trains and evaluates with the default DKP and pruning settings; the eval set's hash
     * is not recorded. {@code version} is recorded in the provenance (with the training
     * set's hash given by the caller, which knows the file).
     */
    public static Result train(Network base, CompressionPlan plan, Start start, Dataset train, String trainHash,
                               Dataset eval, TrainConfig cfg, String version,
                               Consumer<TrainProgress> listener, BooleanSupplier cancelled) {
        return train(base, plan, start, train, trainHash, eval, null, cfg, null, null, version, listener, cancelled);
    }

    /**
     * Trains and evaluates. The result's provenance records the effective plan, both data
     * sets (with the hashes given by the caller, which knows the files), seed, epochs, the
     * settings the structures were built with ({@code dkp} and {@code prune}; null for the
     * defaults), the arithmetic of the passes ({@link TrainConfig#precision}, float32 unless the
     * configuration says otherwise), and the accuracy measured on {@code eval} after training.
     */
    public static Result train(Network base, CompressionPlan plan, Start start, Dataset train, String trainHash,
                               Dataset eval, String evalHash, TrainConfig cfg, Structure.DkpOptions dkp, Structure.PruneSchedule prune,
                               String version, Consumer<TrainProgress> listener, BooleanSupplier cancelled) {
        PlanText.validate(plan, base);
        CompressionPlan full = PlanText.expand(plan, base);
        TrainModel m = prepare(base, full, start, cfg.seed(), dkp, prune);
        Provenance.Hyperparameters hp = hyperparameters(cfg, m, full, start);
        Trainer.Result run = Trainer.train(m, train, null, cfg, listener, cancelled);
        Network trained = m.toNetwork();
        if (full.activations() == Activations.INT8) trained = int8(trained);
        EvalProgress acc = new StreamingEvaluator().evaluate(trained, eval, null, cancelled == null ? () -> false : cancelled);
        Provenance prov = Provenance.trained(PlanText.format(Compressor.effectivePlan(trained, null)), start.id(), base.name(),
                new Provenance.DataRef(train.name(), null, (long) train.n(), trainHash),
                new Provenance.DataRef(eval.name(), null, (long) eval.n(), evalHash),
                cfg.seed(), cfg.epochs(), hp, new Provenance.Accuracy(acc.accuracy(), acc.ciLow(), acc.ciHigh()),
                Math.round(run.seconds()), version, Instant.now().toString().substring(0, 10));
        return new Result(trained.withProvenance(prov), acc, run);
    }

    /** Initialisation as recorded in provenance: {@link TrainModel#init}'s, or the projection of the trained network. */
    public static String init(Start start) {
        return start == Start.SCRATCH ? "Glorot uniform per gate block, LSTM forget bias 1" : "projection of the trained base model onto the plan";
    }

    /** The settings of a run as recorded in provenance (no compressed structures: a dense float32 network). */
    public static Provenance.Hyperparameters hyperparameters(TrainConfig cfg, String init) {
        return new Provenance.Hyperparameters("adam", cfg.batchSize(), cfg.learningRate(), cfg.warmupSteps(), cfg.clipNorm(),
                cfg.weightDecay(), null, null, false, init, Map.of());
    }

    /**
     * The settings of a run of {@code m} as recorded in provenance: the DKP and pruning
     * settings its structures were built with, quantization-aware training when a matrix
     * trains with fewer than 32 bits.
     */
    static Provenance.Hyperparameters hyperparameters(TrainConfig cfg, TrainModel m, CompressionPlan full, Start start) {
        Provenance.DkpSettings dkp = null;
        Provenance.PruneSettings prune = null;
        boolean qat = false;
        for (int k = 0; k < m.layers.size(); k++) {
            Structure st = m.layers.get(k).structure;
            if (st == null) continue;
            if (st instanceof DkpStructure d) {
                dkp = new Provenance.DkpSettings(d.opt.startDensity(), d.opt.annealEnd(), d.opt.dropout(), d.schedule.updates());
            } else if (st instanceof PrunedStructure p) {
                prune = new Provenance.PruneSettings(p.schedule.start(), p.schedule.end(), p.schedule.updates());
            }
            MatrixPlan mp = full.entry(m.arch.layers().get(k).kernelName());
            if (mp != null && mp.bits() < 32) qat = true;
        }
        return new Provenance.Hyperparameters("adam", cfg.batchSize(), cfg.learningRate(), cfg.warmupSteps(), cfg.clipNorm(),
                cfg.weightDecay(), dkp, prune, qat, init(start), Map.of("precision", cfg.precision().id()));
    }

    private static Network int8(Network n) {
        List<Layer> ls = new ArrayList<>();
        for (Layer l : n.layers()) ls.add(l.kernel() instanceof CompressedOp c ? l.withKernel(c.withInt8Activations(true)) : l);
        return n.withLayers(ls, n.provenance());
    }
}
