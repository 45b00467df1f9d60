package org.tinyfit.model.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.Activations;

/**
 * The model-based proposals beat uniform random sampling on a synthetic objective at an equal
 * budget of epochs, averaged over seeds (best accuracy that fits and hypervolume of the front).
 */
class ProposalVsRandomTest {
    static SearchFixture fx;

    @BeforeAll static void load() throws Exception { fx = new SearchFixture(); }

    @Test void beatsRandomOnSyntheticObjective(@TempDir Path dir) throws Exception {
        Limits l = SearchFixture.limits(3000);
        double bestBo = 0, bestRnd = 0, hvBo = 0, hvRnd = 0;
        int seeds = 6;
        long budget = 90; // epochs: 10 full trainings of 9 epochs
        for (int s = 1; s <= seeds; s++) {
            SearchConfig bo = new SearchConfig(l, SearchConfig.ALL_TECHNIQUES, List.of(32, 8, 4, 2), List.of(Activations.FLOAT32, Activations.INT8),
                    0, null, budget, 1, 9, 3, s, 0.02, 64, SearchConfig.Strategy.MODEL_BASED);
            SearchConfig rnd = new SearchConfig(l, SearchConfig.ALL_TECHNIQUES, List.of(32, 8, 4, 2), List.of(Activations.FLOAT32, Activations.INT8),
                    0, null, budget, 1, 9, 3, s, 0.02, 64, SearchConfig.Strategy.RANDOM);
            SearchOutcome a = fx.run(Files.createDirectories(dir.resolve("bo" + s)), bo, new FakeRunner(0), 2);
            SearchOutcome b = fx.run(Files.createDirectories(dir.resolve("rnd" + s)), rnd, new FakeRunner(0), 2);
            bestBo += a.best().accuracy();
            bestRnd += b.best().accuracy();
            hvBo += a.flashHypervolume(l.flashBytes());
            hvRnd += b.flashHypervolume(l.flashBytes());
        }
        System.out.printf(Locale.ROOT, "synthetic objective, %d seeds, %d epochs each: best that fits %.4f (proposals) vs %.4f (random); hypervolume %.4f vs %.4f%n",
                seeds, budget, bestBo / seeds, bestRnd / seeds, hvBo / seeds, hvRnd / seeds);
        assertTrue(bestBo > bestRnd, "best: " + bestBo / seeds + " vs " + bestRnd / seeds);
    }
}
