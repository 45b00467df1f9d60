package org.tinyfit.model.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;

/**
 * {@link Compressor#effectivePlan}: the plan that describes a network after a plan is
 * applied, stored structures included. What the cost model, the exports and the window
 * cost for a stored compressed model.
 */
class EffectivePlanTest {
    static final MatrixPlan KP = new MatrixPlan(new TechniqueSpec.Kp(8, 3, 5, 5), 32);
    static final MatrixPlan KP8 = new MatrixPlan(new TechniqueSpec.Kp(8, 3, 5, 5), 8);
    static final MatrixPlan DENSE8 = new MatrixPlan(new TechniqueSpec.Dense(), 8);

    /** An LSTM classifier (rnn0.kernel 40x15, fc.kernel 3x10) stored with a KP kernel, as a trained KP model is. */
    static Network storedKp(Activations act, MatrixPlan rnn, MatrixPlan fc) {
        Network net = TestNets.classifier(41, 6, 5, 3, 10, CellType.LSTM);
        Map<String, MatrixPlan> m = new LinkedHashMap<>();
        m.put("rnn0.kernel", rnn);
        if (fc != null) m.put("fc.kernel", fc);
        return Compressor.apply(net, new CompressionPlan(m, act));
    }

    static CompressionPlan plan(Activations act, String matrix, MatrixPlan mp) {
        return new CompressionPlan(Map.of(matrix, mp), act);
    }

    /** The effective plan agrees with the plan read back from the network the plan produces. */
    static void assertDescribesTheResult(Network stored, CompressionPlan p) {
        CompressionPlan eff = Compressor.effectivePlan(stored, p);
        assertEquals(eff, Compressor.effectivePlan(Compressor.apply(stored, p), null), PlanText.format(eff));
    }

    @Test void aStoredCompressedModelUnderAnEmptyPlanIsCostAsStored() {
        Network stored = storedKp(Activations.FLOAT32, KP, null);
        CompressionPlan eff = Compressor.effectivePlan(stored, CompressionPlan.none());
        assertEquals(KP, eff.entry("rnn0.kernel"), "the stored KP kernel, not dense float32");
        assertEquals(MatrixPlan.dense(), eff.entry("fc.kernel"));
        assertEquals(Activations.FLOAT32, eff.activations());
        assertEquals("rnn0.kernel=kp:8x3,5x5;fc.kernel=dense", PlanText.format(eff));
        assertEquals(eff, Compressor.effectivePlan(stored, null), "no plan: the model as stored");
        assertDescribesTheResult(stored, CompressionPlan.none());
    }

    @Test void aPlanNamingAnotherMatrixKeepsTheStoredStructure() {
        Network stored = storedKp(Activations.FLOAT32, KP, null);
        CompressionPlan p = plan(Activations.FLOAT32, "fc.kernel", DENSE8);
        CompressionPlan eff = Compressor.effectivePlan(stored, p);
        assertEquals(KP, eff.entry("rnn0.kernel"));
        assertEquals(DENSE8, eff.entry("fc.kernel"));
        assertEquals(Activations.FLOAT32, eff.activations());
        assertDescribesTheResult(stored, p);
        // a plan naming the stored matrix wins: here it only re-quantizes the stored factors
        CompressionPlan q = plan(Activations.FLOAT32, "rnn0.kernel", KP8);
        assertEquals(KP8, Compressor.effectivePlan(stored, q).entry("rnn0.kernel"));
        assertEquals(MatrixPlan.dense(), Compressor.effectivePlan(stored, q).entry("fc.kernel"));
        assertDescribesTheResult(stored, q);
    }

    @Test void int8Activations() {
        Network stored = storedKp(Activations.INT8, KP8, DENSE8);
        assertTrue(((CompressedOp) stored.layers().get(0).kernel()).int8Activations());
        // as stored: the stored matrices run int8, so the plan does
        CompressionPlan asStored = Compressor.effectivePlan(stored, null);
        assertEquals(Activations.INT8, asStored.activations());
        assertEquals("rnn0.kernel=kp:8x3,5x5/int8;fc.kernel=dense/int8;activations=int8", PlanText.format(asStored));
        // a plan asking for int8 activations, naming no matrix
        CompressionPlan int8 = new CompressionPlan(Map.of(), Activations.INT8);
        assertEquals(asStored, Compressor.effectivePlan(stored, int8));
        assertDescribesTheResult(stored, int8);
        // a float plan turns the stored matrices' int8 activations off (apply does), and says so
        CompressionPlan eff = Compressor.effectivePlan(stored, CompressionPlan.none());
        assertEquals(Activations.FLOAT32, eff.activations());
        assertEquals(KP8, eff.entry("rnn0.kernel"));
        assertFalse(((CompressedOp) Compressor.apply(stored, CompressionPlan.none()).layers().get(0).kernel()).int8Activations());
        assertDescribesTheResult(stored, CompressionPlan.none());
        // a dense float model under a plan with int8 activations
        Network dense = TestNets.classifier(41, 6, 5, 3, 10, CellType.LSTM);
        CompressionPlan p = new CompressionPlan(Map.of("rnn0.kernel", KP8, "fc.kernel", DENSE8), Activations.INT8);
        assertEquals(Activations.INT8, Compressor.effectivePlan(dense, p).activations());
        assertDescribesTheResult(dense, p);
    }
}
