package org.tinyfit.views.explorer;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The accuracy-vs-cost scatter: labelled points in named series. The window keeps
 * two series itself, the current plan and the plans explored in this session;
 * more series (the trainer's atlas: one per technique, a Pareto front) are added
 * with {@link #addSeries}. Picking a point that carries a plan loads that plan.
 * No {@code Node}s; fx thread only.
 */
public final class ChartViewModel {
    public static final String SESSION = "This session (projected)";
    public static final String CURRENT = "Current plan";
    public static final String RETRAINED = "Retrained here";
    /** Series kinds of trained accuracies: the atlas (one series per technique) and retrains. */
    public static final String KIND_ATLAS = "atlas";
    /** The kind of the current plan's point. */
    public static final String KIND_CURRENT = "current";
    /** The kind of the current plan's point when it sits at a trained accuracy (its series is still the current one). */
    public static final String KIND_CURRENT_TRAINED = "current-trained";
    /** The kind of the session's points (plans measured on the whole eval set here). */
    public static final String KIND_SESSION = "session";
    public static final String KIND_RETRAINED = "retrained";

    /**
     * One point: plan text (may be empty for "no plan to load"), flash bytes and
     * MACs (estimates), accuracy with its interval and sample count (measured).
     */
    public record PlotPoint(String label, String planText, double flashBytes, double macs,
                            double accuracy, double ciLow, double ciHigh, long samples, String kind) {
        public boolean plottable() { return Double.isFinite(accuracy) && Double.isFinite(flashBytes) && Double.isFinite(macs); }
    }

    /** A named list of points; {@code kind} is "current", "session", or whatever an atlas calls it (e.g. "atlas", "pareto"). */
    public static final class PlotSeries {
        private final String name;
        private final String kind;
        private final ObservableList<PlotPoint> points = FXCollections.observableArrayList();

        public PlotSeries(String name, String kind, List<PlotPoint> initial) {
            this.name = Objects.requireNonNull(name);
            this.kind = Objects.requireNonNull(kind);
            if (initial != null) points.setAll(initial);
        }

        public String name() { return name; }

        public String kind() { return kind; }

        public ObservableList<PlotPoint> points() { return points; }
    }

    /** The cost axes of the chart. */
    public enum Axis { FLASH, SRAM, MACS, LATENCY }

    /** A plan's estimated cost on the current device (the SRAM and latency axes, and whether it fits). */
    public record PointCost(double flashBytes, double sramBytes, double macs, double latencySeconds) { }

    /** The current device's limits and the latency budget: the chart's limit lines. */
    public record Limits(String deviceId, double flashBytes, double sramBytes, double latencySeconds) { }

    private final ObservableList<PlotSeries> series = FXCollections.observableArrayList();
    private final javafx.collections.ObservableMap<String, PointCost> pointCosts = FXCollections.observableHashMap();
    private final javafx.beans.property.ObjectProperty<Limits> limits = new javafx.beans.property.SimpleObjectProperty<>(this, "limits");
    private final PlotSeries session = new PlotSeries(SESSION, KIND_SESSION, null);
    private final PlotSeries current = new PlotSeries(CURRENT, KIND_CURRENT, null);
    private final ReadOnlyObjectWrapper<PlotPoint> picked = new ReadOnlyObjectWrapper<>(this, "picked");
    private Consumer<String> onPick = p -> { };

    public ChartViewModel() {
        series.addAll(session, current);
    }

    public ObservableList<PlotSeries> series() { return series; }

    public PlotSeries sessionSeries() { return session; }

    public PlotSeries currentSeries() { return current; }

    /** Adds (or replaces, by name) a series, e.g. one technique of the trainer's atlas. */
    public PlotSeries addSeries(String name, String kind, List<PlotPoint> points) {
        series.removeIf(s -> s.name().equals(name));
        PlotSeries s = new PlotSeries(name, kind, points);
        series.add(series.indexOf(session), s); // under the session and current points
        return s;
    }

    /** Adds a point to the series {@code name} (created when missing); a point of the same plan replaces it. */
    public void addPoint(String name, String kind, PlotPoint p) {
        if (p == null || !p.plottable()) return;
        PlotSeries s = series.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (s == null) s = addSeries(name, kind, List.of());
        for (int i = 0; i < s.points().size(); i++) {
            if (java.util.Objects.equals(s.points().get(i).planText(), p.planText())) {
                s.points().set(i, p);
                return;
            }
        }
        s.points().add(p);
    }

    /** Whether a series holds trained accuracies (atlas or retrained), the points of the Pareto front. */
    public static boolean trained(PlotSeries s) {
        return s.kind().equals(KIND_ATLAS) || s.kind().equals(KIND_RETRAINED);
    }

    /**
     * The Pareto front of every trained point (atlas, retrains, the stored model): no other trained point
     * has less flash (or fewer MACs) and a higher accuracy. Sorted by cost.
     */
    public List<PlotPoint> trainedFront(boolean byFlash) { return trainedFront(byFlash ? Axis.FLASH : Axis.MACS); }

    /** {@link #trainedFront(boolean)} along any cost axis (points without that cost are left out). */
    public List<PlotPoint> trainedFront(Axis axis) {
        List<PlotPoint> all = new java.util.ArrayList<>();
        for (PlotSeries s : series) if (trained(s)) for (PlotPoint p : s.points()) if (p.plottable() && Double.isFinite(cost(p, axis))) all.add(p);
        // the model as stored is trained too: its measured point (empty plan) belongs to the front
        for (PlotPoint p : session.points()) if ("".equals(p.planText()) && p.plottable() && Double.isFinite(cost(p, axis))) all.add(p);
        return org.tinyfit.model.explore.Pareto.front(all, p -> cost(p, axis), PlotPoint::accuracy);
    }

    /** A point's cost along {@code axis}: flash and MACs it carries, SRAM and latency on the current device (NaN: not known). */
    public double cost(PlotPoint p, Axis axis) {
        if (axis == Axis.FLASH) return p.flashBytes();
        if (axis == Axis.MACS) return p.macs();
        PointCost c = p.planText() == null ? null : pointCosts.get(p.planText());
        if (c == null) return Double.NaN;
        return axis == Axis.SRAM ? c.sramBytes() : c.latencySeconds();
    }

    /** Whether a point fits the current device and the latency budget; null when that is not known. */
    public Boolean fits(PlotPoint p) {
        Limits l = limits.get();
        if (l == null) return null;
        if (p.flashBytes() > l.flashBytes()) return false;
        PointCost c = p.planText() == null ? null : pointCosts.get(p.planText());
        if (c == null) return null;
        return c.sramBytes() <= l.sramBytes() && c.latencySeconds() <= l.latencySeconds();
    }

    /** Estimated costs of the plans of the points on the current device, by plan text. */
    public javafx.collections.ObservableMap<String, PointCost> pointCosts() { return pointCosts; }

    /** The device's limits and the latency budget (null without a device). */
    public javafx.beans.property.ObjectProperty<Limits> limitsProperty() { return limits; }

    /** Every plan text of the points (the ones the chart would cost). */
    public java.util.Set<String> planTexts() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (PlotSeries s : series) for (PlotPoint p : s.points()) if (p.planText() != null) out.add(p.planText());
        return out;
    }

    /** The current plan's point (null or unplottable: none shown). */
    public void setCurrent(PlotPoint p) {
        if (p == null || !p.plottable()) current.points().clear();
        else current.points().setAll(p);
    }

    /** Records a measured plan of this session; a plan measured again replaces its point. */
    public void record(PlotPoint p) {
        if (p == null || !p.plottable()) return;
        for (int i = 0; i < session.points().size(); i++) {
            if (session.points().get(i).planText().equals(p.planText())) {
                session.points().set(i, p);
                return;
            }
        }
        session.points().add(p);
    }

    public void clearSession() {
        session.points().clear();
        current.points().clear();
        series.removeIf(s -> s != session && s != current);
    }

    /** Loads the point's plan (when it has one); a point without one (a smaller model of the atlas) only becomes the picked point. */
    public void pick(PlotPoint p) {
        picked.set(null);
        picked.set(p);
        if (p != null && p.planText() != null) onPick.accept(p.planText());
    }

    public ReadOnlyObjectProperty<PlotPoint> pickedProperty() { return picked.getReadOnlyProperty(); }

    public void setOnPick(Consumer<String> f) { onPick = f == null ? p -> { } : f; }
}
