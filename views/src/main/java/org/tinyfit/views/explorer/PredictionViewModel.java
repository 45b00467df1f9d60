package org.tinyfit.views.explorer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.search.Surrogate;
import org.tinyfit.views.LatestTaskLane;

/**
 * Predicted trained accuracy of the plan being dialled in: a {@link Surrogate} fitted on the
 * model's trained points (its atlas, then a search's trials) predicts, on every plan change, what
 * the plan would reach after training, with a 90% interval and the number of trained points it
 * rests on. It is what makes the sliders honest between trainings; the window labels it a
 * prediction. Fitting and predicting run on a lane (microseconds to milliseconds, never on the fx
 * thread).
 */
public final class PredictionViewModel {
    /** A prediction for the current plan, and what it rests on. */
    public record Shown(CompressionPlan plan, Surrogate.Prediction prediction, int points, int epochs, String source) {
        /** One line for the accuracy panel. */
        public String text() {
            Surrogate.Prediction p = prediction;
            return String.format(Locale.ROOT, "Predicted after %d epochs of training: %.1f%% (90%% interval %.1f\u2013%.1f%%), from %d trained point%s (%s)",
                    epochs, 100 * p.mean(), 100 * p.low(), 100 * p.high(), points, points == 1 ? "" : "s", source);
        }
    }

    private record Fit(Network net, Surrogate surrogate, String source, List<Surrogate.Row> rows) { }

    private final LatestTaskLane fitLane;
    private final LatestTaskLane predictLane;
    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private Network net;
    private CompressionPlan plan;
    private Fit fit;
    private Consumer<List<Surrogate.Row>> onAtlasRows = r -> { };

    public PredictionViewModel(Executor executor, Executor fx) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(fx, "fx");
        this.fitLane = new LatestTaskLane("prediction fit", executor, fx);
        this.predictLane = new LatestTaskLane("prediction", executor, fx);
        shown.addListener((o, a, s) -> text.set(s == null ? "" : s.text()));
    }

    /** A model was loaded: no trained points yet. */
    public void setModel(Network n) {
        net = n;
        fit = null;
        plan = null;
        fitLane.cancel();
        predictLane.cancel();
        shown.set(null);
    }

    /** The model's atlas arrived: fit on its rows. */
    public void atlas(Atlas atlas) {
        Network n = net;
        if (n == null || atlas == null) return;
        fitLane.<Fit>submit(0, ctx -> {
            List<Surrogate.Row> rows = Surrogate.rows(n, atlas);
            ctx.checkCancelled();
            return rows.isEmpty() ? new Fit(n, null, "", rows) : new Fit(n, Surrogate.fit(rows), "atlas", rows);
        }, new LatestTaskLane.Sink<>() {
            @Override public void done(Fit f) {
                if (f.net() != net) return;
                onAtlasRows.accept(f.rows());
                fit = f.surrogate() == null ? null : f;
                predict();
            }

            @Override public void failed(String message) { /* no prediction: the panel shows none */ }
        });
    }

    /** Receives the trained rows of each atlas (a search of the model is seeded with them). */
    public void setOnAtlasRows(Consumer<List<Surrogate.Row>> c) { onAtlasRows = c == null ? r -> { } : c; }

    /** A search finished (or stopped) with a surrogate fitted on its trials and the atlas it was seeded with. */
    public void searched(Network base, Surrogate s) {
        if (s == null || base == null || net == null || !base.name().equals(net.name()) || base.params() != net.params()) return;
        fit = new Fit(net, s, "atlas and search", List.of());
        predict();
    }

    /** The plan changed. */
    public void plan(CompressionPlan p) {
        plan = p;
        predict();
    }

    private void predict() {
        Fit f = fit;
        Network n = net;
        CompressionPlan p = plan;
        if (f == null || n == null || p == null) {
            predictLane.cancel();
            shown.set(null);
            return;
        }
        predictLane.<Shown>submit(0, ctx -> new Shown(p, f.surrogate().predict(n, p), f.surrogate().size(), f.surrogate().epochs(), f.source()),
                new LatestTaskLane.Sink<>() {
                    @Override public void done(Shown s) { shown.set(s); }

                    @Override public void failed(String message) { shown.set(null); }
                });
    }

    /** The prediction for the current plan, or null when the model has no trained points. */
    public ReadOnlyObjectProperty<Shown> shownProperty() { return shown.getReadOnlyProperty(); }

    /** {@link Shown#text()}, or empty. */
    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }
}
