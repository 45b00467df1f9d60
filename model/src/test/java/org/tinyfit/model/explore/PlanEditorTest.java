package org.tinyfit.model.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;

/** The plan editor's rules on small networks: edits, carried settings, stored structures, apply-to-all. */
class PlanEditorTest {
    // LSTM hidden 8: rnn0.kernel is 32 x (6 + 8) = 32 x 14; fc.kernel 4 x 8
    static final Network NET = TestNets.classifier(7, 5, 6, 4, 8, CellType.LSTM);

    @Test
    void techniqueShapeAndSettingsEditsCarryWhatTheyCan() {
        PlanEditor e = PlanEditor.of(NET);
        assertEquals("", e.planText());
        assertEquals(MatrixPlan.dense(), e.entryOf("rnn0.kernel"));

        PlanEditor kp = e.bits("rnn0.kernel", 8).technique("rnn0.kernel", "kp");
        MatrixPlan k = kp.entryOf("rnn0.kernel");
        assertTrue(k.technique() instanceof TechniqueSpec.Kp, k.toString());
        assertEquals(8, k.bits(), "bits carry over to the new technique");

        // DKP keeps the KP shape; stepping the shape keeps the density
        PlanEditor dkp = kp.technique("rnn0.kernel", "dkp");
        TechniqueSpec.Dkp d = (TechniqueSpec.Dkp) dkp.entryOf("rnn0.kernel").technique();
        assertEquals(((TechniqueSpec.Kp) k.technique()).m1(), d.m1());
        MatrixSelection s = dkp.selection("rnn0.kernel");
        int other = s.shapeIndex() == 0 ? 1 : 0;
        TechniqueSpec.Dkp d2 = (TechniqueSpec.Dkp) dkp.shapeIndex("rnn0.kernel", other).entryOf("rnn0.kernel").technique();
        assertEquals(d.density(), d2.density());
        assertEquals(s.shapes().get(other).m1(), d2.m1());

        // settings clamp to what is valid; edits that do not apply leave the editor as it is
        assertEquals(new TechniqueSpec.Lmf(14), e.technique("rnn0.kernel", "lmf").rank("rnn0.kernel", 99).entryOf("rnn0.kernel").technique());
        assertEquals(new TechniqueSpec.Pruned(0.999), e.technique("rnn0.kernel", "prune").sparsity("rnn0.kernel", 2).entryOf("rnn0.kernel").technique());
        assertSame(kp, kp.rank("rnn0.kernel", 3), "a rank on a KP matrix changes nothing");
        assertSame(e, e.bits("nope.kernel", 8), "an unknown matrix changes nothing");

        // back to dense float32 on a stored-dense matrix removes the entry
        assertEquals("", kp.with("rnn0.kernel", MatrixPlan.dense()).planText());
        assertEquals(Activations.INT8, e.activations(Activations.INT8).plan().activations());
    }

    @Test
    void aStoredCompressedMatrixShowsAndCostsItsStructure() {
        CompressionPlan kp = new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(8, 7, 4, 2), 32)), Activations.FLOAT32);
        Network stored = Compressor.apply(NET, kp);
        PlanEditor e = PlanEditor.of(stored);
        assertEquals("", e.planText(), "nothing edited yet");
        assertEquals(new TechniqueSpec.Kp(8, 7, 4, 2), e.entryOf("rnn0.kernel").technique());
        assertEquals("kp", e.selection("rnn0.kernel").techniqueId());
        assertEquals(new TechniqueSpec.Kp(8, 7, 4, 2), e.effectivePlan().forMatrix("rnn0.kernel").technique());
        assertTrue(e.isStoredModel());

        PlanEditor q = e.bits("rnn0.kernel", 8);
        assertEquals(8, q.entryOf("rnn0.kernel").bits());
        assertFalse(q.isStoredModel(), "re-quantizing the stored factors is a change");
        // a model stored with int8 activations starts from an int8 plan: nothing changes until edited
        Network int8 = Compressor.apply(NET, new CompressionPlan(kp.matrices(), Activations.INT8));
        PlanEditor e8 = PlanEditor.of(int8);
        assertEquals(Activations.INT8, e8.plan().activations());
        assertEquals(Activations.INT8, e8.effectivePlan().activations());
        assertTrue(e8.isStoredModel());
        PlanEditor dense = e.technique("rnn0.kernel", "dense");
        assertEquals("rnn0.kernel=dense", dense.planText(), "dense on a stored KP matrix is an explicit entry");
    }

    @Test
    void applyToAllRnnSaysWhatEachMatrixGot() {
        // two LSTM layers: rnn0.kernel 32 x 14, rnn1.kernel 32 x 16
        Network two = TestNets.classifier(9, 5, 6, 4, 8, CellType.LSTM, CellType.LSTM);
        PlanEditor e = PlanEditor.of(two).technique("rnn0.kernel", "kp");
        PlanEditor.Applied a = e.applyToAllRnn("rnn0.kernel");
        assertEquals(2, a.notes().size());
        assertTrue(a.notes().get(0).startsWith("rnn0.kernel (32x14): kp:") && a.notes().get(0).endsWith("(the selected matrix)"), a.notes().get(0));
        assertTrue(a.notes().get(1).startsWith("rnn1.kernel (32x16): kp:") && a.notes().get(1).endsWith("(adapted from 32x14)"), a.notes().get(1));
        assertTrue(a.editor().entryOf("rnn1.kernel").technique().fits(32, 16));
        assertEquals(e.entryOf("rnn0.kernel"), a.editor().entryOf("rnn0.kernel"));
    }
}
