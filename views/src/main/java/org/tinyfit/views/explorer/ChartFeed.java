package org.tinyfit.views.explorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.explore.PlanEditor;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.views.LatestTaskLane;

/**
 * Turns what the explorer learns into chart points: the current plan (its cost and
 * projected accuracy), the session's finished plans, the atlas series and retrains
 * done here. Everything it is told arrives on the fx thread; costing a retrained plan
 * runs on its own lane.
 */
final class ChartFeed {
    /** Flash and MACs of a plan the cost model estimated in this session. */
    private record FlashMacs(double flashBytes, double macs) { }

    private final ChartViewModel chart;
    private final LatestTaskLane lane;
    private final Map<String, FlashMacs> costByPlan = new ConcurrentHashMap<>();

    private final LatestTaskLane costLane;
    private final Executor fx;
    private Network net;
    private Device device;
    private boolean costQueued;

    ChartFeed(ChartViewModel chart, Executor executor, Executor fx) {
        this.chart = chart;
        this.lane = new LatestTaskLane("chart", executor, fx);
        this.costLane = new LatestTaskLane("chart-costs", executor, fx);
        this.fx = fx;
        chart.series().addListener((javafx.collections.ListChangeListener<ChartViewModel.PlotSeries>) c -> {
            while (c.next()) for (ChartViewModel.PlotSeries s : c.getAddedSubList()) watch(s);
            costMissing();
        });
        chart.series().forEach(this::watch);
    }

    private void watch(ChartViewModel.PlotSeries s) {
        s.points().addListener((javafx.collections.ListChangeListener<ChartViewModel.PlotPoint>) c -> costMissing());
    }

    /**
     * The model and the device the points are costed for: a change of device costs every point's plan
     * again on its lane, for the SRAM and latency axes and the fit marks.
     */
    void context(Network n, Device d) {
        boolean changed = n != net || d != device;
        net = n;
        device = d;
        if (!changed) return;
        costLane.cancel();
        chart.pointCosts().clear();
        costMissing();
    }

    /** The cost of the current plan, as the cost lane estimated it (no second estimate). */
    void currentCost(CostViewModel.Costs c) {
        if (c == null || c.device() != device) return;
        CostReport r = c.report();
        chart.pointCosts().put(c.planText(), new ChartViewModel.PointCost(r.flashBytes(), r.sramBytes(), r.macs(), r.latencySeconds()));
    }

    /** Costs the plans of the points not costed yet on the current device (once per fx pulse, off the fx thread). */
    private void costMissing() {
        if (costQueued || net == null || device == null) return;
        costQueued = true;
        fx.execute(() -> {
            costQueued = false;
            Network n = net;
            Device d = device;
            if (n == null || d == null) return;
            List<String> todo = new ArrayList<>();
            for (String t : chart.planTexts()) if (!chart.pointCosts().containsKey(t)) todo.add(t);
            if (todo.isEmpty()) return;
            costLane.<Map<String, ChartViewModel.PointCost>>submit(0, ctx -> {
                Map<String, ChartViewModel.PointCost> out = new LinkedHashMap<>();
                for (String t : todo) {
                    ctx.checkCancelled();
                    try {
                        PlanEditor e = PlanEditor.of(n, t);
                        CostReport r = CostModel.estimate(n, e.effectivePlan(), d, CostOptions.DEFAULT);
                        out.put(t, new ChartViewModel.PointCost(r.flashBytes(), r.sramBytes(), r.macs(), r.latencySeconds()));
                    } catch (RuntimeException ex) {
                        // a plan this model cannot take (an atlas row of another shape) has no cost here
                    }
                }
                return out;
            }, new LatestTaskLane.Sink<Map<String, ChartViewModel.PointCost>>() {
                @Override public void done(Map<String, ChartViewModel.PointCost> m) {
                    if (n == net && d == device) chart.pointCosts().putAll(m);
                }

                @Override public void failed(String msg) { }
            });
        });
    }

    /** A new model: the session's points and costs are gone. */
    void clear() {
        lane.cancel();
        costLane.cancel();
        chart.pointCosts().clear();
        chart.clearSession();
        costByPlan.clear();
    }

    /** Remembers a plan's flash and MACs for the point its final accuracy will make (any thread). */
    void costed(String planText, CostReport r) {
        costByPlan.put(planText, new FlashMacs(r.flashBytes(), r.macs()));
    }

    /**
     * The current plan's point: at its trained accuracy when there is one ({@code t}, of the current plan), else at
     * its projected accuracy when cost and estimate are of the same plan.
     */
    void current(CostViewModel.Costs c, AccuracyViewModel.Estimate e, Trained t) {
        if (c == null) {
            chart.setCurrent(null);
            return;
        }
        String label = PlanEditor.label(c.plan());
        if (t != null) {
            String src = t.source() == Trained.Source.ATLAS ? "trained, atlas" : "retrained here, " + t.epochs() + " epochs";
            chart.setCurrent(new ChartViewModel.PlotPoint(label + " (current plan, " + src + ")", c.planText(), c.report().flashBytes(),
                    c.report().macs(), t.accuracy(), t.ciLow(), t.ciHigh(), t.samples(), ChartViewModel.KIND_CURRENT_TRAINED));
            return;
        }
        if (e == null || !e.planText().equals(c.planText())) {
            chart.setCurrent(null);
            return;
        }
        chart.setCurrent(new ChartViewModel.PlotPoint(label, c.planText(), c.report().flashBytes(),
                c.report().macs(), e.progress().accuracy(), e.progress().ciLow(), e.progress().ciHigh(), e.progress().count(),
                ChartViewModel.KIND_CURRENT));
    }

    /** A plan's accuracy on the whole eval set: a point of the session's series. */
    void finalAccuracy(String text, EvalProgress p) {
        FlashMacs fm = costByPlan.get(text);
        if (fm == null) return;
        CompressionPlan cp;
        try {
            cp = PlanText.parse(text);
        } catch (RuntimeException e) {
            return;
        }
        chart.record(new ChartViewModel.PlotPoint(PlanEditor.label(cp), text, fm.flashBytes(), fm.macs(), p.accuracy(), p.ciLow(),
                p.ciHigh(), p.count(), ChartViewModel.KIND_SESSION));
    }

    /** Points of a saved session. */
    void restore(List<SessionFile.Point> points) {
        for (SessionFile.Point p : points) {
            chart.record(new ChartViewModel.PlotPoint(p.label(), p.plan(), p.flashBytes(), p.macs(), p.accuracy(),
                    p.ciLow(), p.ciHigh(), p.samples(), ChartViewModel.KIND_SESSION));
        }
    }

    /** One series per technique of the model's atlas. */
    void atlas(Atlas atlas, Path modelFile) {
        if (atlas == null) return;
        Map<String, List<ChartViewModel.PlotPoint>> byTechnique = new LinkedHashMap<>();
        Path dir = modelFile == null ? null : modelFile.toAbsolutePath().getParent();
        for (var e : atlas.entries()) {
            boolean small = e.plan().isEmpty();
            String how = Atlas.KIND_QUANTIZED.equals(e.kind()) ? "atlas, " + e.from() + " quantized after training"
                    : "atlas, trained " + e.epochs() + " epochs from " + e.from();
            String label;
            if (small) {
                label = e.technique() + ": " + (dir == null || e.file().isEmpty() ? e.file() : dir.resolve(e.file()).toString())
                        + " (fewer hidden units; " + how + ")";
            } else {
                String l;
                try {
                    l = PlanEditor.label(PlanText.parse(e.plan()));
                } catch (RuntimeException ex) {
                    l = e.plan();
                }
                label = l + " (" + how + ")";
            }
            byTechnique.computeIfAbsent(e.technique(), k -> new ArrayList<>()).add(new ChartViewModel.PlotPoint(label,
                    small ? null : e.plan(), e.flashBytes(), e.macs(), e.accuracy(), e.ciLow(), e.ciHigh(), e.samples(),
                    ChartViewModel.KIND_ATLAS));
        }
        for (var g : byTechnique.entrySet()) chart.addSeries("Atlas " + g.getKey(), ChartViewModel.KIND_ATLAS, g.getValue());
    }

    /** A retrain done here: costed (effective plan) off the fx thread, then added while its model is still loaded. */
    void retrained(Trained t, Network net, Device d, Supplier<Network> loaded) {
        lane.<ChartViewModel.PlotPoint>submit(0, ctx -> {
            PlanEditor e = PlanEditor.of(net, t.planText());
            CostReport r = CostModel.estimate(net, e.effectivePlan(), d, CostOptions.DEFAULT);
            return new ChartViewModel.PlotPoint(PlanEditor.label(e.plan()) + " (retrained here, " + t.epochs() + " epochs from "
                    + t.from() + ", seed " + t.seed() + ")", t.planText(), r.flashBytes(), r.macs(), t.accuracy(), t.ciLow(),
                    t.ciHigh(), t.samples(), ChartViewModel.KIND_RETRAINED);
        }, new LatestTaskLane.Sink<ChartViewModel.PlotPoint>() {
            @Override public void done(ChartViewModel.PlotPoint p) {
                if (net == loaded.get()) chart.addPoint(ChartViewModel.RETRAINED, ChartViewModel.KIND_RETRAINED, p);
            }

            @Override public void failed(String msg) { }
        });
    }
}
