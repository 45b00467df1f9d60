package org.tinyfit.views.explorer;

import org.tinyfit.views.LatestTaskLane;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.Formats;

/**
 * Measured accuracies of the current plan, none of them retrained (docs/METHODS.md
 * "What we know about the live slider"):
 * <ul>
 * <li>projected: the plan's matrices projected onto their structures and quantized,
 *     evaluated on the model's eval set. A first estimate comes from a class-balanced
 *     subset; later chunks refine it to the whole set;</li>
 * <li>quantized only: the same bit widths and activations on the dense weights, to
 *     separate what quantization costs from what the structure costs;</li>
 * <li>baseline: the model as stored;</li>
 * <li>trained accuracies live in {@link TrainedViewModel} (atlas, retrains).</li>
 * </ul>
 * One lane, latest request wins, debounced; final results are cached per plan
 * text, so undo and revisiting a plan are instant.
 */
public final class AccuracyViewModel {
    /** One accuracy on the fx thread: which plan, the running count, whether more is coming. */
    public record Estimate(String planText, EvalProgress progress, boolean running) {
        public String percent() { return Formats.percent(100 * progress.accuracy()); }

        /** "95% CI 10.1–14.8 %". */
        public String interval() {
            return "95% CI " + Formats.decimal1(100 * progress.ciLow()) + "\u2013" + Formats.percent(100 * progress.ciHigh());
        }

        /** "measured on 200 of 2,000 samples". */
        public String samples() {
            return "measured on " + Formats.integer(progress.count())
                    + (progress.count() < progress.total() ? " of " + Formats.integer(progress.total()) : "") + " samples";
        }
    }

    private enum Kind { PROJECTED, QUANTIZED, BASELINE }

    private record Update(Kind kind, String planText, EvalProgress progress, String note) { }

    private final LatestTaskLane lane;
    private final EvalData data;
    private final long debounceMs;
    private final int firstChunk;
    private final int chunk;
    private BiConsumer<String, EvalProgress> onFinal = (p, e) -> { };

    private final ReadOnlyObjectWrapper<Estimate> projected = new ReadOnlyObjectWrapper<>(this, "projected");
    private final ReadOnlyStringWrapper projectedNote = new ReadOnlyStringWrapper(this, "projectedNote", "");
    private final ReadOnlyStringWrapper projectedCaption = new ReadOnlyStringWrapper(this, "projectedCaption", CAPTION_PROJECTED);
    private final ReadOnlyObjectWrapper<Estimate> quantized = new ReadOnlyObjectWrapper<>(this, "quantized");
    private final ReadOnlyStringWrapper quantizedNote = new ReadOnlyStringWrapper(this, "quantizedNote", "");
    private final ReadOnlyObjectWrapper<Estimate> baseline = new ReadOnlyObjectWrapper<>(this, "baseline");
    private final ReadOnlyStringWrapper dataNote = new ReadOnlyStringWrapper(this, "dataNote", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");

    // per model; read and written by workers
    private volatile Session session;

    private static final class Session {
        final Network net;
        final Path file;
        final ProjectionCache cache;
        final Map<String, EvalProgress> finals = new ConcurrentHashMap<>();
        volatile Dataset dataset;
        volatile boolean noData;

        Session(Network net, Path file, ProjectionCache cache) {
            this.net = net;
            this.file = file;
            this.cache = cache;
        }
    }

    public AccuracyViewModel(ScheduledExecutorService executor, Executor fx, EvalData data,
                             long debounceMs, int firstChunk, int chunk) {
        this.lane = new LatestTaskLane("accuracy", executor, fx);
        this.data = Objects.requireNonNull(data, "data");
        this.debounceMs = debounceMs;
        this.firstChunk = firstChunk;
        this.chunk = chunk;
    }

    /** Called on the fx thread with every final (whole eval set) projected accuracy. */
    public void setOnFinal(BiConsumer<String, EvalProgress> f) { onFinal = f == null ? (p, e) -> { } : f; }

    /** A new model (null: none): forgets everything measured. */
    public void setModel(Network net, Path file, ProjectionCache cache) {
        lane.cancel();
        session = net == null ? null : new Session(net, file, cache);
        projected.set(null);
        quantized.set(null);
        baseline.set(null);
        projectedNote.set(net == null ? "" : "waiting for the first estimate\u2026");
        quantizedNote.set("");
        dataNote.set(net == null ? "" : "loading the evaluation set\u2026");
        running.set(false);
    }

    /** Measures {@code plan} (expanded, validated) after the debounce; cached plans publish at once. */
    public void request(CompressionPlan plan) {
        Session s = session;
        if (s == null) return;
        String text = PlanText.format(plan);
        EvalProgress hit = s.finals.get(text);
        if (s.noData) return;
        if (hit != null) {
            projected.set(new Estimate(text, hit, false));
            projectedNote.set("");
        } else {
            projectedNote.set("estimating\u2026");
        }
        CompressionPlan q = quantizedOnly(plan);
        String qText = q == null ? null : PlanText.format(q);
        EvalProgress qHit = qText == null ? null : s.finals.get(qText);
        quantized.set(qHit == null ? null : new Estimate(qText, qHit, false));
        quantizedNote.set(q == null ? (isQuantizing(plan) ? "same as projected: the plan only quantizes"
                : "the plan keeps float32 weights and activations") : qHit == null ? "waiting\u2026" : "");
        boolean needBaseline = s.finals.get("") == null;
        if (hit != null && (qText == null || qHit != null) && !needBaseline) {
            lane.cancel();
            running.set(false);
            return;
        }
        running.set(true);
        lane.<Update>submit(hit != null ? 0 : debounceMs, ctx -> run(s, plan, text, q, qText, ctx), new LatestTaskLane.Sink<Update>() {
            @Override public void partial(Update u) { show(s, u); }

            @Override public void done(Update u) {
                if (u != null) show(s, u);
                running.set(false);
            }

            @Override public void failed(String message) {
                running.set(false);
                projectedNote.set(message);
                if (projected.get() != null && !projected.get().planText().equals(text)) projected.set(null);
            }
        });
    }

    private Update run(Session s, CompressionPlan plan, String text, CompressionPlan q, String qText,
                       LatestTaskLane.Job.Context<Update> ctx) throws Exception {
        Dataset ds = dataset(s, ctx);
        if (ds == null) return null;
        measure(s, Kind.PROJECTED, plan, text, ds, ctx);
        if (q != null) measure(s, Kind.QUANTIZED, q, qText, ds, ctx);
        if (s.finals.get("") == null) measure(s, Kind.BASELINE, CompressionPlan.none(), "", ds, ctx);
        return null;
    }

    private void measure(Session s, Kind kind, CompressionPlan plan, String text, Dataset ds,
                         LatestTaskLane.Job.Context<Update> ctx) {
        EvalProgress hit = s.finals.get(text);
        if (hit != null) {
            ctx.publish(new Update(kind, text, hit, null));
            return;
        }
        Network net = s.cache.apply(plan);
        ctx.checkCancelled();
        EvalProgress last = new StreamingEvaluator(firstChunk, chunk)
                .evaluate(net, ds, p -> ctx.publish(new Update(kind, text, p, null)), ctx::cancelled);
        s.finals.put(text, last);
        if (text.isEmpty() && kind != Kind.BASELINE) ctx.publish(new Update(Kind.BASELINE, text, last, null));
    }

    private Dataset dataset(Session s, LatestTaskLane.Job.Context<Update> ctx) throws Exception {
        Dataset d = s.dataset;
        if (d != null || s.noData) return d;
        synchronized (s) {
            if (s.dataset == null && !s.noData) {
                Dataset loaded = data.load(s.net, s.file);
                if (loaded == null) {
                    s.noData = true;
                    ctx.publish(new Update(Kind.PROJECTED, null, null, "no evaluation set: the model names none; attach one (Data)"));
                    return null;
                }
                StreamingEvaluator.checkCompatible(s.net, loaded);
                s.dataset = loaded;
                ctx.publish(new Update(null, null, null, null));
            }
        }
        return s.dataset;
    }

    private void show(Session s, Update u) {
        if (s != session) return;
        if (u.kind() == null) {
            Dataset d = s.dataset;
            dataNote.set(d == null ? "" : d.name() + " \u00b7 " + Formats.integer(d.n()) + " samples");
            return;
        }
        if (u.progress() == null) {
            dataNote.set(u.note());
            projectedNote.set("no evaluation set for this model");
            quantizedNote.set("");
            running.set(false);
            return;
        }
        Estimate e = new Estimate(u.planText(), u.progress(), !u.progress().done());
        switch (u.kind()) {
            case PROJECTED -> {
                projected.set(e);
                projectedNote.set(e.running() ? "refining\u2026" : "");
                if (u.progress().done()) onFinal.accept(u.planText(), u.progress());
            }
            case QUANTIZED -> {
                quantized.set(e);
                quantizedNote.set(e.running() ? "refining\u2026" : "");
            }
            case BASELINE -> baseline.set(e);
        }
    }

    /** Whether any weight is below 32 bits or activations are int8. */
    static boolean isQuantizing(CompressionPlan plan) {
        if (plan.activations() == Activations.INT8) return true;
        for (MatrixPlan mp : plan.matrices().values()) if (mp.bits() < 32) return true;
        return false;
    }

    /**
     * The plan's quantization on dense weights (every entry dense at its bits, same
     * activations), or null when it would equal the plan or quantize nothing.
     */
    static CompressionPlan quantizedOnly(CompressionPlan plan) {
        if (!isQuantizing(plan)) return null;
        Map<String, MatrixPlan> m = new java.util.LinkedHashMap<>();
        boolean differs = false;
        for (var e : plan.matrices().entrySet()) {
            MatrixPlan mp = e.getValue();
            if (!(mp.technique() instanceof TechniqueSpec.Dense)) differs = true;
            m.put(e.getKey(), new MatrixPlan(new TechniqueSpec.Dense(), mp.bits()));
        }
        return differs ? new CompressionPlan(m, plan.activations()) : null;
    }

    public void cancel() { lane.cancel(); }

    // ---- properties ----

    /** The caption of the projected accuracy when the plan changes the stored model. */
    public static final String CAPTION_PROJECTED = "Projected \u2014 before retraining";
    /** The caption when the plan leaves the stored model as it is: the file's own accuracy. */
    public static final String CAPTION_STORED = "This model as stored \u2014 measured on its file";

    /**
     * Whether the current plan leaves the stored model as it is (a trained compressed file
     * under its own plan): then the "projected" accuracy is the file's own and says so.
     */
    public void setStoredModel(boolean stored) {
        projectedCaption.set(stored ? CAPTION_STORED : CAPTION_PROJECTED);
    }

    /** What the projected accuracy is: {@link #CAPTION_PROJECTED} or {@link #CAPTION_STORED}. */
    public ReadOnlyStringProperty projectedCaptionProperty() { return projectedCaption.getReadOnlyProperty(); }

    /** Projected accuracy (before retraining) of the current plan; null until the first estimate. */
    public ReadOnlyObjectProperty<Estimate> projectedProperty() { return projected.getReadOnlyProperty(); }

    public ReadOnlyStringProperty projectedNoteProperty() { return projectedNote.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Estimate> quantizedProperty() { return quantized.getReadOnlyProperty(); }

    public ReadOnlyStringProperty quantizedNoteProperty() { return quantizedNote.getReadOnlyProperty(); }

    /** The model as stored, measured on the whole eval set. */
    public ReadOnlyObjectProperty<Estimate> baselineProperty() { return baseline.getReadOnlyProperty(); }

    /** "test · 2,000 samples", or why there is none. */
    public ReadOnlyStringProperty dataNoteProperty() { return dataNote.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
}
