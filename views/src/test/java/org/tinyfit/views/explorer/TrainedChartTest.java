package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chart's trained Pareto front and the trained panel's sentences (no FX toolkit needed). */
class TrainedChartTest {
    private Locale saved;

    @BeforeEach
    void locale() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.US);
    }

    @AfterEach
    void restore() { Locale.setDefault(saved); }

    private static ChartViewModel.PlotPoint pt(String plan, double flash, double macs, double acc, String kind) {
        return new ChartViewModel.PlotPoint(plan, plan, flash, macs, acc, acc - 0.01, acc + 0.01, 100, kind);
    }

    @Test
    void frontCoversTrainedPointsAndTheStoredModelOnly() {
        ChartViewModel c = new ChartViewModel();
        // by hand: a (1000, .80), b (2000, .90), d (1500, .70) dominated by a, e (3000, .85) dominated by b
        c.addSeries("Atlas kp", ChartViewModel.KIND_ATLAS, List.of(pt("a", 1000, 50, .80, "atlas"), pt("d", 1500, 10, .70, "atlas")));
        c.addSeries("Atlas lmf", ChartViewModel.KIND_ATLAS, List.of(pt("b", 2000, 40, .90, "atlas"), pt("e", 3000, 60, .85, "atlas")));
        c.record(pt("x", 500, 5, .99, "session"));       // projected, not trained: never on the front
        c.record(pt("", 9000, 900, .97, "session"));     // the stored model: trained
        c.addPoint(ChartViewModel.RETRAINED, ChartViewModel.KIND_RETRAINED, pt("r", 1200, 30, .60, "retrained"));
        assertEquals(List.of("a", "b", ""), c.trainedFront(true).stream().map(ChartViewModel.PlotPoint::planText).toList());
        // by MACs: d (10, .70), r (30, .60) dominated by d, b (40, .90), a (50, .80) dominated by b, e dominated, stored (900, .97)
        assertEquals(List.of("d", "b", ""), c.trainedFront(false).stream().map(ChartViewModel.PlotPoint::planText).toList());
        // a retrain of the same plan replaces its point
        c.addPoint(ChartViewModel.RETRAINED, ChartViewModel.KIND_RETRAINED, pt("r", 1200, 30, .95, "retrained"));
        assertEquals(List.of("a", "r", ""), c.trainedFront(true).stream().map(ChartViewModel.PlotPoint::planText).toList());
    }

    @Test
    void sentencesSayWhereANumberComesFrom() {
        var atlas = new Trained(Trained.Source.ATLAS, "p", 0.9017632241813602, 0.8685, 0.9273, 397, 30, 1,
                "scratch", "trained", "digits-fastrnn.kp-4x5-8x8.tinyfit");
        assertEquals("Trained (atlas): 90.2 % (95% CI 86.9\u201392.7 %), from scratch, 30 epochs, seed 1, measured on 397 samples", atlas.text());
        var mine = new Trained(Trained.Source.RETRAINED, "p", 0.305, 0.262, 0.352, 397, 3, 7,
                "projection", "trained", "");
        assertEquals("Retrained on this machine: 30.5 % (95% CI 26.2\u201335.2 %), from the projection, 3 epochs, seed 7, measured on 397 samples",
                mine.text());
        assertEquals("6 min", TrainedViewModel.duration(332));
        assertEquals("45 s", TrainedViewModel.duration(45));
        assertEquals("0.32", ChartPanel.compact(Math.pow(10, -0.5)));
        assertEquals("3.2k", ChartPanel.compact(Math.pow(10, 3.5)));
        assertEquals("1M", ChartPanel.compact(1e6));
    }
}
