package org.tinyfit.views.explorer;

import org.tinyfit.views.LatestTaskLane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.explore.TrainedCache;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.train.CompressedTraining.Start;
import org.tinyfit.model.train.TrainConfig;
import org.tinyfit.model.train.TrainProgress;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.views.Errors;
import org.tinyfit.views.Formats;

/**
 * The trained accuracy of the current plan (docs/METHODS.md: never a made-up number):
 * the shipped atlas row when there is one (with its quantized-after-training
 * siblings), else a retrain of this plan cached on this machine
 * ({@link TrainedCache}, found by the current retrain settings), else none.
 *
 * <p>Retraining runs on its own executor (one thread, never the shared pool, so
 * the cost lane never waits for it), publishes throttled progress, can be
 * cancelled, and stores its result in the cache. Reading the atlas, the training
 * set and the cache runs on the shared pool. Every method and property belongs to
 * the fx thread.
 */
public final class TrainedViewModel {
    public static final String NONE = "No trained result for this plan yet";
    /** The retrain note of a plan that keeps every matrix dense (Retrain is disabled there). */
    public static final String NOTHING_TO_RETRAIN = "Nothing to retrain: every matrix is dense and the stored model is the trained baseline;"
            + " compress a matrix to retrain it";

    private static final double MACS_PER_SECOND = 5e8; // forward MACs per second while training, measured on mnist-lstm (rough)
    private static final long PROGRESS_EVERY_NS = 150_000_000L;

    private final Executor fx;
    private final Retraining retraining;
    private final LatestTaskLane loadLane;
    private final LatestTaskLane lookupLane;
    private final LatestTaskLane searchLane;
    private Consumer<Message> messages = m -> { };
    private Consumer<Atlas> onAtlas = a -> { };
    private Consumer<Trained> onRetrained = t -> { };

    private final ReadOnlyObjectWrapper<Trained> trained = new ReadOnlyObjectWrapper<>(this, "trained");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyStringWrapper siblings = new ReadOnlyStringWrapper(this, "siblings", "");
    private final ReadOnlyBooleanWrapper canRetrain = new ReadOnlyBooleanWrapper(this, "canRetrain");
    private final ReadOnlyStringWrapper retrainNote = new ReadOnlyStringWrapper(this, "retrainNote", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 10);
    private final ObjectProperty<Start> start = new SimpleObjectProperty<>(this, "start", Start.SCRATCH);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 1);

    private volatile TrainedSession session;
    private CompressionPlan plan = CompressionPlan.none();
    private String planText = "";
    private Job job;
    private final LatestTaskLane retrainLane;

    /** The running retrain: its session and plan (the lane owns its thread and its cancellation). */
    private record Job(TrainedSession session, String planText, long started, double work) { }

    public TrainedViewModel(ScheduledExecutorService shared, Executor fx, Retraining retraining) {
        this.fx = fx;
        this.retraining = retraining == null ? Retraining.off() : retraining;
        this.loadLane = new LatestTaskLane("trained-load", shared, fx);
        this.lookupLane = new LatestTaskLane("trained-lookup", shared, fx);
        this.searchLane = new LatestTaskLane("trained-search", shared, fx);
        this.retrainLane = this.retraining.available() ? new LatestTaskLane("retrain", this.retraining.executor(), fx) : null;
        epochs.addListener((o, a, b) -> refresh());
        start.addListener((o, a, b) -> refresh());
        seed.addListener((o, a, b) -> refresh());
    }

    void setMessages(Consumer<Message> m) { messages = m; }

    /**
     * A search on this model trained {@code models} (its trials' files, plans of this model; small
     * baselines are other models and are left out): each is kept like a retrain of its plan (in the
     * retrain cache, so it outlives the window), and the headline of a plan shows its best.
     *
     * @param plans the trials' plans (plan text of this model)
     * @param seed  the search's seed (every trial trains from it, from scratch)
     */
    void addSearched(List<Path> models, List<String> plans, List<Integer> epochs, long seed) {
        TrainedSession s = session;
        if (s == null || models.isEmpty()) return;
        searchLane.<List<Trained>>submit(0, ctx -> {
            List<Trained> out = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                ctx.checkCancelled();
                Network n = org.tinyfit.model.io.TinyfitFile.read(models.get(i));
                String t = effectiveText(s.net, org.tinyfit.model.plan.PlanText.parse(plans.get(i), s.net)); // the plan as the window keys it
                Trained tr = Trained.ofRetrain(n, t, epochs.get(i), seed, Start.SCRATCH.id());
                if (tr == null) continue;
                if (s.bytes != null && retraining.cache() != null) retraining.cache().put(s.bytes, t, Start.SCRATCH.id(), epochs.get(i), seed, n);
                out.add(tr);
            }
            return out;
        }, new LatestTaskLane.Sink<List<Trained>>() {
            @Override public void done(List<Trained> found) {
                if (s != session) return;
                boolean mine = false;
                for (Trained f : found) {
                    if (s.addRetrain(f)) onRetrained.accept(best(s.retrainsOf(f.planText())));
                    if (f.planText().equals(planText)) mine = true;
                }
                if (mine) showBest(s, planText);
            }

            @Override public void failed(String msg) { messages.accept(new Message("Could not read the search's trained models: " + msg, true)); }
        });
    }

    void setOnAtlas(Consumer<Atlas> c) { onAtlas = c; }

    void setOnRetrained(Consumer<Trained> c) { onRetrained = c; }

    /** A new model (null: none): cancels a running retrain, reads its atlas and training set. */
    public void setModel(Network net, Path file, EvalData evalData) {
        cancelRetrain(false);
        loadLane.cancel();
        lookupLane.cancel();
        TrainedSession s = net == null ? null : new TrainedSession(net, file, evalData);
        session = s;
        trained.set(null);
        siblings.set("");
        canRetrain.set(false);
        if (s == null) {
            text.set("");
            retrainNote.set("");
            return;
        }
        boolean small = net.params() < 20_000;
        epochs.set(small ? 30 : 10);
        start.set(Start.SCRATCH);
        seed.set(1);
        text.set("reading the atlas\u2026");
        retrainNote.set("");
        loadLane.<TrainedSession>submit(0, ctx -> {
            s.load(retraining.available(), e -> fx.execute(() -> messages.accept(new Message("Could not read the atlas: " + Errors.describe(e), true))));
            return s;
        }, new LatestTaskLane.Sink<TrainedSession>() {
            @Override public void done(TrainedSession loaded) {
                if (loaded != session) return;
                onAtlas.accept(loaded.atlas);
                refresh();
            }

            @Override public void failed(String msg) {
                if (s != session) return;
                s.ownNoTrainReason = "could not read the training set: " + msg;
                if (s.atlas == null) s.atlas = new Atlas(List.of());
                refresh();
            }
        });
    }

    /**
     * Data sets the user attached (null: none; the model's own, when it names them, are used): the training
     * set retrains on, the evaluation set measures a retrain. A running retrain is cancelled.
     */
    public void setData(DataViewModel.Attached train, DataViewModel.Attached eval) {
        TrainedSession s = session;
        if (s == null) return;
        if (job != null) {
            cancelRetrain(false);
            messages.accept(new Message("Retraining cancelled: the data sets changed", false));
        }
        s.attachedTrain = train;
        s.attachedEval = eval;
        refresh();
    }

    /** The current plan (expanded, validated) changed. */
    public void request(CompressionPlan p) {
        plan = p;
        TrainedSession s = session;
        planText = s == null ? "" : effectiveText(s.net, p);
        refresh();
    }

    /** The canonical full plan text the atlas and the cache use. */
    public static String effectiveText(Network net, CompressionPlan p) {
        return PlanText.format(Compressor.effectivePlan(net, p));
    }

    private static boolean allDense(CompressionPlan p) {
        for (MatrixPlan mp : p.matrices().values()) if (!mp.equals(MatrixPlan.dense())) return false;
        return p.activations() == org.tinyfit.model.plan.Activations.FLOAT32;
    }

    private void refresh() {
        TrainedSession s = session;
        lookupLane.cancel();
        if (s == null) return;
        updateRetrainNote(s);
        if (s.atlas == null) return; // still loading
        String t = planText;
        siblings.set("");
        if (allDense(Compressor.effectivePlan(s.net, plan))) {
            trained.set(null);
            text.set("The stored model is the trained baseline (see Baseline above); compress a matrix to see trained results.");
            return;
        }
        Optional<Atlas.Entry> e = s.atlas.forPlan(t);
        if (e.isPresent()) {
            List<String> sib = new ArrayList<>();
            String id = variantId(s.net, e.get().file());
            for (Atlas.Entry o : s.atlas.entries()) {
                if (o != e.get() && o.modelKind() == ModelKind.QUANTIZED_AFTER_TRAINING && o.from().equals(id)) {
                    sib.add(o.technique() + " " + Formats.percent(100 * o.accuracy()) + " (95% CI " + Formats.decimal1(100 * o.ciLow())
                            + "\u2013" + Formats.percent(100 * o.ciHigh()) + ", " + Formats.bytes(o.flashBytes()) + " flash)");
                }
            }
            if (!sib.isEmpty()) siblings.set("Quantized after training (no retraining): " + String.join("; ", sib));
        }
        if (!showBest(s, t)) {
            trained.set(null);
            Job j = job;
            if (j != null && j.session == s && j.planText.equals(t)) text.set(NONE + ": retraining it now\u2026");
            else if (s.train() != null || s.noTrainReason() == null && retraining.available()) text.set(NONE + (s.train() != null ? "." : " (reading the training set\u2026)."));
            else text.set(NONE + " (retraining: " + (s.noTrainReason() == null ? "not set up in this window" : s.noTrainReason()) + ").");
        }
        if (s.bytes == null || retraining.cache() == null || s.looked.contains(t)) return;
        // every retrain of this plan kept in the cache, whatever its settings (and the current settings' run made before runs were listed)
        String legacy = TrainedCache.key(s.bytes, t, start.get().id(), epochs.get(), seed.get());
        int ep = epochs.get();
        long sd = seed.get();
        String from = start.get().id();
        lookupLane.<List<Trained>>submit(0, ctx -> {
            List<Trained> found = new ArrayList<>();
            List<TrainedCache.Run> runs = new ArrayList<>(retraining.cache().runs(s.bytes, t));
            if (runs.stream().noneMatch(r -> r.key().equals(legacy))) runs.add(new TrainedCache.Run(from, ep, sd, legacy));
            for (TrainedCache.Run r : runs) {
                ctx.checkCancelled();
                retraining.cache().find(r.key()).map(n -> Trained.ofRetrain(n, t, r.epochs(), r.seed(), r.start())).ifPresent(found::add);
            }
            return found;
        }, new LatestTaskLane.Sink<List<Trained>>() {
            @Override public void done(List<Trained> found) {
                if (s != session) return;
                s.looked.add(t);
                boolean any = false;
                for (Trained f : found) if (f != null && s.addRetrain(f)) any = true;
                if (any) onRetrained.accept(best(s.retrainsOf(t))); // the chart's point of the plan: its best retrain
                if (any && t.equals(planText)) showBest(s, t);
            }

            @Override public void failed(String msg) { }
        });
    }

    /** Shows the best trained result of plan {@code t} (its atlas row and every retrain here); false when there is none. */
    private boolean showBest(TrainedSession s, String t) {
        List<Trained> all = new ArrayList<>(s.retrainsOf(t));
        int retrains = all.size();
        s.atlas.forPlan(t).map(Trained::ofAtlas).ifPresent(a -> all.add(0, a));
        Trained best = best(all);
        if (best == null) return false;
        trained.set(best);
        String more = retrains > 1 || retrains == 1 && best.source() == Trained.Source.ATLAS
                ? " (best of " + all.size() + " trained results for this plan" + (retrains > 0 ? ": " + runsText(s.retrainsOf(t)) : "") + ")" : "";
        text.set(best.text() + more);
        return true;
    }

    /** The most accurate result (ties: the one measured on more samples, then the first). */
    static Trained best(List<Trained> all) {
        Trained b = null;
        for (Trained t : all) {
            if (t == null) continue;
            if (b == null || t.accuracy() > b.accuracy() || t.accuracy() == b.accuracy() && t.samples() > b.samples()) b = t;
        }
        return b;
    }

    private static String runsText(List<Trained> runs) {
        List<String> parts = new ArrayList<>();
        for (Trained r : runs) parts.add(r.epochs() + " ep " + Formats.percent(100 * r.accuracy()));
        return "retrains " + String.join(", ", parts);
    }

    /** "kp-4x5-8x8" of "digits-fastrnn.kp-4x5-8x8.tinyfit". */
    static String variantId(Network net, String file) {
        String f = file.endsWith(".tinyfit") ? file.substring(0, file.length() - 8) : file;
        String prefix = net.name() + ".";
        return f.startsWith(prefix) ? f.substring(prefix.length()) : f;
    }

    private void updateRetrainNote(TrainedSession s) {
        boolean ok = s.train() != null && retraining.available();
        boolean dense = allDense(Compressor.effectivePlan(s.net, plan));
        canRetrain.set(ok && !running.get() && !dense);
        if (running.get()) return;
        if (!ok) {
            retrainNote.set(s.noTrainReason() == null ? "reading the training set\u2026" : "Retraining unavailable: " + s.noTrainReason());
            return;
        }
        if (dense) {
            retrainNote.set(NOTHING_TO_RETRAIN);
            return;
        }
        double rate = measuredRate;
        retrainNote.set("\u2248 " + duration(estimateSeconds(s.denseMacs, s.train().n(), epochs.get(), rate)) + " for " + epochs.get()
                + " epochs on " + Formats.integer(s.train().n()) + " samples"
                + (Double.isFinite(rate) ? " (from the speed of the last retrain here)" : " (rough estimate from the model's size)"));
    }

    /** Seconds to train {@code epochs} over {@code n} samples: forward MACs of the dense model per sample, times n, at a measured rate. */
    static double estimateSeconds(double macs, int n, int epochs) { return estimateSeconds(macs, n, epochs, Double.NaN); }

    /** As above at {@code rate} (dense-model MACs x samples x epochs per second of a whole retrain, measured here; NaN: the default). */
    static double estimateSeconds(double macs, int n, int epochs, double rate) {
        return Math.max(1, macs * n * epochs / (Double.isFinite(rate) && rate > 0 ? rate : MACS_PER_SECOND));
    }

    /** The rate of the last retrain of this window, whole run (preparing, training, measuring) included; NaN before one. */
    private double measuredRate = Double.NaN;

    static String duration(double s) { return Formats.duration(s); }

    // ---------------------------------------------------------------- retrain

    /** Starts retraining the current plan with the current settings. */
    public void retrain() {
        TrainedSession s = session;
        if (s == null || running.get() || s.train() == null || !retraining.available()) return;
        CompressionPlan p = plan;
        String t = planText;
        if (allDense(Compressor.effectivePlan(s.net, p))) {
            messages.accept(new Message("Nothing to retrain: the plan keeps every matrix dense (the stored model is trained)", false));
            return;
        }
        int ep = epochs.get();
        long sd = seed.get();
        Start st = start.get();
        if (ep < 1 || ep > 1000) {
            messages.accept(new Message("Epochs must be between 1 and 1000", true));
            return;
        }
        boolean small = s.net.params() < 20_000;
        TrainConfig cfg = TrainConfig.defaults(ep, sd).withBatchSize(64).withLearningRate(small ? 0.02 : 0.01)
                .withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        Job j = new Job(s, t, System.nanoTime(), s.denseMacs * s.train().n() * ep);
        job = j;
        running.set(true);
        canRetrain.set(false);
        progress.set(-1);
        progressText.set("preparing " + ExplorerViewModel.label(p) + "\u2026");
        retrainNote.set("Retraining " + ExplorerViewModel.label(p) + ", " + ep + " epochs from " + st.id() + ", seed " + sd);
        if (trained.get() == null) text.set(NONE + ": retraining it now\u2026");
        AtomicReference<TrainProgress> latest = new AtomicReference<>();
        AtomicBoolean posted = new AtomicBoolean();
        long[] last = {0};
        Consumer<TrainProgress> listener = pr -> {
            latest.set(pr);
            long now = System.nanoTime();
            if (!pr.epochEnd() && now - last[0] < PROGRESS_EVERY_NS) return;
            last[0] = now;
            if (posted.compareAndSet(false, true)) {
                fx.execute(() -> {
                    posted.set(false);
                    if (job == j) showProgress(latest.get());
                });
            }
        };
        retrainLane.<Trained>submit(0, ctx -> {
            DataViewModel.Attached ae = s.attachedEval;
            Dataset eval = ae != null ? ae.data() : s.eval;
            String evalHash = ae != null ? ae.sha256() : null;
            if (eval == null) {
                eval = s.evalData.load(s.net, s.file);
                if (eval == null) throw new IllegalArgumentException("the model names no evaluation set, so a trained accuracy cannot be measured");
                StreamingEvaluator.checkCompatible(s.net, eval);
                s.eval = eval;
            }
            CompressedTraining.Result r = CompressedTraining.train(s.net, p, st, s.train(), s.trainHash(), eval, evalHash, cfg,
                    null, null, retraining.version(), listener, ctx::cancelled);
            ctx.checkCancelled();
            DataViewModel.Attached at = s.attachedTrain;
            Network made = named(r.network(), at != null ? DataViewModel.fileNames(at.arg()) : s.net.datasets().get("train"),
                    ae != null ? DataViewModel.fileNames(ae.arg()) : s.net.datasets().get("eval"));
            retraining.cache().put(s.bytes, t, st.id(), ep, sd, made);
            return Trained.ofRetrain(made, t, ep, sd, st.id());
        }, new LatestTaskLane.Sink<Trained>() {
            @Override public void done(Trained res) { finished(j, res, null); }

            @Override public void failed(String message) { finished(j, null, message); }
        });
    }

    /** The retrain with the files of its data sets in its provenance (the trainer knows the data, not the files). */
    static Network named(Network n, String trainFile, String evalFile) {
        org.tinyfit.model.provenance.Provenance p = n.provenance();
        var tr = p.trainData() == null || trainFile == null ? p.trainData()
                : new org.tinyfit.model.provenance.Provenance.DataRef(p.trainData().name(), trainFile, p.trainData().samples(), p.trainData().sha256(), p.trainData().extra());
        var ev = p.evalData() == null || evalFile == null ? p.evalData()
                : new org.tinyfit.model.provenance.Provenance.DataRef(p.evalData().name(), evalFile, p.evalData().samples(), p.evalData().sha256(), p.evalData().extra());
        return n.withProvenance(new org.tinyfit.model.provenance.Provenance(p.kind(), p.plan(), p.start(), p.baseModel(), p.parent(), tr, ev,
                p.seed(), p.epochs(), p.hyperparameters(), p.method(), p.accuracy(), p.trainSeconds(), p.imported(), p.tool(), p.date(), p.extra()));
    }

    private void finished(Job j, Trained res, String err) {
        if (job != j) return;
        job = null;
        running.set(false);
        progress.set(-1);
        progressText.set("");
        TrainedSession s = j.session;
        if (s != session) return;
        if (res != null) {
            double secs = (System.nanoTime() - j.started()) / 1e9;
            if (secs > 0.01 && j.work() > 0) measuredRate = j.work() / secs;
            s.addRetrain(res);
            onRetrained.accept(best(s.retrainsOf(res.planText())));
            messages.accept(new Message("Retrained " + j.planText + ": " + Formats.percent(100 * res.accuracy())
                    + " measured on " + Formats.integer(res.samples()) + " samples; stored in " + retraining.cache().dir(), false));
        } else {
            messages.accept(new Message("Retraining failed: " + Errors.firstLine(err == null ? "unknown error" : err), true));
        }
        refresh();
    }

    private void showProgress(TrainProgress p) {
        if (p == null) return;
        double done = ((p.epoch() - 1) + (double) p.batch() / Math.max(1, p.batches())) / Math.max(1, p.epochs());
        progress.set(Math.max(0, Math.min(1, done)));
        progressText.set("epoch " + p.epoch() + "/" + p.epochs() + " \u00b7 batch " + p.batch() + "/" + p.batches()
                + " \u00b7 loss " + Formats.fixed(p.loss(), 3) + " \u00b7 " + Formats.integer(Math.round(p.samplesPerSecond()))
                + " samples/s \u00b7 ETA " + (Double.isFinite(p.etaSeconds()) ? duration(p.etaSeconds()) : "\u2014"));
    }

    /** Stops the running retrain (its result is discarded). */
    public void cancelRetrain() { cancelRetrain(true); }

    private void cancelRetrain(boolean tell) {
        Job j = job;
        if (j == null) return;
        retrainLane.cancel(); // the training stops at its next batch; its result is dropped
        job = null;
        running.set(false);
        progress.set(-1);
        progressText.set("");
        if (tell) {
            messages.accept(new Message("Retraining cancelled; nothing was stored", false));
            refresh();
        }
    }

    // ------------------------------------------------------------- properties

    /** The trained result of the current plan, or null. */
    public ReadOnlyObjectProperty<Trained> trainedProperty() { return trained.getReadOnlyProperty(); }

    /**
     * The trained network behind a shown result: the atlas variant's file beside the model, or the
     * cached retrain. Reads files: call it off the FX thread. Empty when it is not (or no longer) there.
     */
    public java.util.Optional<Network> load(Trained t) {
        TrainedSession s = session;
        if (t == null || s == null) return java.util.Optional.empty();
        try {
            if (t.source() == Trained.Source.ATLAS) {
                if (t.file() == null || t.file().isEmpty() || s.file == null) return java.util.Optional.empty();
                Path f = s.file.toAbsolutePath().getParent().resolve(t.file());
                return Files.isRegularFile(f) ? java.util.Optional.of(org.tinyfit.model.io.TinyfitFile.read(f)) : java.util.Optional.empty();
            }
            if (s.bytes == null || retraining.cache() == null) return java.util.Optional.empty();
            return retraining.cache().find(TrainedCache.key(s.bytes, t.planText(), t.from(), t.epochs(), t.seed()));
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The trained panel's sentence (a result, or why there is none). */
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    /** The atlas's quantized-after-training siblings of the current plan ("" when none). */
    public ReadOnlyStringProperty siblingsProperty() { return siblings.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canRetrainProperty() { return canRetrain.getReadOnlyProperty(); }

    /** The time estimate, what is running, or why retraining is unavailable. */
    public ReadOnlyStringProperty retrainNoteProperty() { return retrainNote.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** 0..1, or -1 (indeterminate) while preparing. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    /** "epoch 2/3 · batch 10/22 · loss 0.412 · 2,340 samples/s · ETA 4 s". */
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }

    public IntegerProperty epochsProperty() { return epochs; }

    public ObjectProperty<Start> startProperty() { return start; }

    public LongProperty seedProperty() { return seed; }

    /** The shipped atlas of the loaded model (null while loading). */
    public Atlas atlas() {
        TrainedSession s = session;
        return s == null ? null : s.atlas;
    }
}
