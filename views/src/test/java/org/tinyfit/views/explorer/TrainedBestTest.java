package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every retrain of a plan is kept whatever its settings; the best one leads. */
class TrainedBestTest {
    private static Trained retrain(double acc, long samples, int epochs, long seed) {
        return new Trained(Trained.Source.RETRAINED, "p", acc, acc - 0.01, acc + 0.01, samples, epochs, seed, "scratch", "trained", "");
    }

    @Test
    void theBestIsTheMostAccurateThenTheOneMeasuredOnMore() {
        Trained a = retrain(0.80, 100, 1, 1), b = retrain(0.90, 100, 10, 1), c = retrain(0.90, 400, 3, 2);
        assertEquals(b, TrainedViewModel.best(List.of(a, b)));
        assertEquals(c, TrainedViewModel.best(List.of(a, b, c)));
        assertNull(TrainedViewModel.best(List.of()));
    }

    @Test
    void aSessionKeepsEveryRunOfAPlanAndReplacesARunWithTheSameSettings() {
        TrainedSession s = new TrainedSession(null, null, null);
        assertTrue(s.addRetrain(retrain(0.5, 100, 1, 1)));
        assertTrue(s.addRetrain(retrain(0.7, 100, 10, 1)));
        assertFalse(s.addRetrain(retrain(0.7, 100, 10, 1)), "the same run again");
        assertTrue(s.addRetrain(retrain(0.6, 100, 1, 1)), "the same settings again: replaced");
        assertEquals(2, s.retrainsOf("p").size());
        assertEquals(0.7, TrainedViewModel.best(s.retrainsOf("p")).accuracy());
    }
}
