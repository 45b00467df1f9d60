package org.tinyfit.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.PlanText;

/** Leave-one-out coverage of the surrogate's 90% interval on the shipped atlases, and its speed. */
class SurrogateCalibrationTest {
    @Test void looCoverageOnShippedAtlases() throws Exception {
        int in = 0, all = 0;
        StringBuilder report = new StringBuilder();
        for (String name : List.of("digits-fastrnn", "mnist-lstm", "fashion-gru", "kws-lstm")) {
            Network base = TinyfitFile.read(SearchTestFiles.model(name));
            Atlas atlas = Atlas.read(SearchTestFiles.samples().resolve(name).resolve(Atlas.FILE));
            List<Surrogate.Row> rows = Surrogate.rows(base, atlas);
            assertEquals(atlas.entries().size(), rows.size(), name + ": every atlas row is read");
            double c = Surrogate.looCoverage(rows);
            int k = (int) Math.round(c * rows.size());
            in += k;
            all += rows.size();
            report.append(String.format(Locale.ROOT, "%s: %d/%d = %.2f; ", name, k, rows.size(), c));
        }
        double overall = (double) in / all;
        System.out.printf(Locale.ROOT, "surrogate LOO coverage of the 90%% interval: %soverall %d/%d = %.2f%n", report, in, all, overall);
        assertTrue(overall >= 0.6 && overall <= 1.0, "coverage " + overall);
    }

    @Test void predictionIsFast() throws Exception {
        Network base = TinyfitFile.read(SearchTestFiles.model("mnist-lstm"));
        Surrogate s = Surrogate.fit(Surrogate.rows(base, Atlas.read(SearchTestFiles.samples().resolve("mnist-lstm").resolve(Atlas.FILE))));
        var plan = PlanText.parse("lstm.kernel=kp:8x4,64x39", base);
        for (int i = 0; i < 2000; i++) s.predict(base, plan);
        long t0 = System.nanoTime();
        int n = 2000;
        for (int i = 0; i < n; i++) s.predict(base, plan);
        double us = (System.nanoTime() - t0) / 1e3 / n;
        Surrogate.Prediction p = s.predict(base, plan);
        System.out.printf(Locale.ROOT, "surrogate: %.1f us per plan prediction (cost estimate included); kp:8x4,64x39 -> %.3f [%.3f, %.3f] on %d rows%n",
                us, p.mean(), p.low(), p.high(), p.support());
        assertTrue(us < 1000, us + " us");
        assertTrue(p.low() <= p.mean() && p.mean() <= p.high());
    }
}
