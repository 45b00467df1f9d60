package org.tinyfit.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.model.provenance.Provenance;

/** The trainer's provenance records the settings its structures were built with, not the defaults. */
class TrainingProvenanceTest {
    static Dataset data(String name, int n) {
        Random r = new Random(n);
        byte[] x = new byte[n * 4 * 3];
        r.nextBytes(x);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(2);
        return new Dataset(name, n, 4, 3, x, null, y, 1f / 255, List.of("a", "b"), Map.of());
    }

    static Provenance train(String plan, Structure.DkpOptions dkp, Structure.PruneSchedule prune) {
        Network base = TestNets.classifier(9, 4, 3, 2, 6, CellType.GRU);
        TrainConfig cfg = TrainConfig.defaults(1, 4).withBatchSize(16).withWarmupSteps(2).withThreads(1);
        return CompressedTraining.train(base, PlanText.parse(plan, base), CompressedTraining.Start.SCRATCH, data("train", 32), "th",
                data("test", 20), "eh", cfg, dkp, prune, "v", p -> { }, () -> false).network().provenance();
    }

    @Test void recordsTheDkpSettingsUsed() {
        Provenance p = train("rnn0.kernel=dkp:9x3,2x3:0.1", new Structure.DkpOptions(0.8, 0.5, 0.25), null);
        assertEquals(ModelKind.TRAINED, p.kind());
        assertEquals(new Provenance.DkpSettings(0.8, 0.5, 0.25, 30), p.hyperparameters().dkp());
        assertNull(p.hyperparameters().pruning(), "no pruned matrix");
        assertFalse(p.hyperparameters().quantizationAware());
        assertEquals("th", p.trainData().sha256());
        assertEquals("eh", p.evalData().sha256());
        assertEquals(20L, p.evalData().samples());
        assertEquals(4L, p.seed());
        assertEquals(1, p.epochs());
        assertEquals(16, p.hyperparameters().batchSize());
        assertEquals(2, p.hyperparameters().warmupSteps());
        assertTrue(p.accuracy().value() >= 0 && p.accuracy().value() <= 1);
    }

    @Test void recordsThePruningScheduleUsedAndQuantizationAwareTraining() {
        Provenance p = train("rnn0.kernel=prune:0.5/int8", null, new Structure.PruneSchedule(0.1, 0.6, 7));
        assertEquals(new Provenance.PruneSettings(0.1, 0.6, 7), p.hyperparameters().pruning());
        assertNull(p.hyperparameters().dkp());
        assertTrue(p.hyperparameters().quantizationAware());
        assertEquals(p, Provenance.fromMap(p.toMap()), "the record survives its JSON form");
    }

    @Test void aKpPlanRecordsNoDkpOrPruningSettings() {
        Provenance p = train("rnn0.kernel=kp:9x3,2x3", null, null);
        assertNull(p.hyperparameters().dkp());
        assertNull(p.hyperparameters().pruning());
        assertFalse(p.hyperparameters().quantizationAware());
        assertEquals("rnn0.kernel=kp:9x3,2x3;fc.kernel=dense", p.plan());
    }
}
