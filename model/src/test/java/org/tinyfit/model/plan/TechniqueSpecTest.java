package org.tinyfit.model.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each technique's answers on the mnist-lstm gate matrix (512 x 156), computed by hand. */
class TechniqueSpecTest {
    static final int M = 512, N = 156;

    @Test
    void footprintsByHand() {
        Footprint d = new TechniqueSpec.Dense().footprint(M, N);
        assertArrayEquals(new long[] {79_872}, d.tensorValues());
        assertEquals(79_872, d.macs());
        assertEquals(156, d.rankBound());

        // KP 8x4, 64x39: B 32 values, C 2,496; (CX)B^T costs 4*64*(39+8) = 12,032, C(XB^T) 39*8*(4+64) = 21,216
        Footprint kp = new TechniqueSpec.Kp(8, 4, 64, 39).footprint(M, N);
        assertArrayEquals(new long[] {32, 2_496}, kp.tensorValues());
        assertEquals(2_528, kp.params());
        assertEquals(12_032, kp.macs());
        assertEquals(Kron.CX_FIRST, kp.kpOrder());
        assertEquals(64 * 4, kp.intermediate());
        assertEquals(4 * 39, kp.rankBound());

        // HKP 64 dense rows + KP 7x4,64x39 on the other 448 rows
        Footprint hkp = new TechniqueSpec.Hkp(64, 7, 4, 64, 39).footprint(M, N);
        assertArrayEquals(new long[] {64 * 156, 28, 2_496}, hkp.tensorValues());
        assertEquals(64 * 156 + Kron.macs(7, 4, 64, 39), hkp.macs());
        assertEquals(Math.min(64 + 4 * 39, 156), hkp.rankBound());

        // DKP at 1%: round(0.01 * 79,872) = 799 overlay values
        Footprint dkp = new TechniqueSpec.Dkp(8, 4, 64, 39, 0.01).footprint(M, N);
        assertArrayEquals(new long[] {32, 2_496, 799}, dkp.tensorValues());
        assertEquals(799, dkp.nnz());
        assertEquals(12_032 + 799, dkp.macs());
        assertEquals(799, dkp.sparseMacs());

        Footprint lmf = new TechniqueSpec.Lmf(4).footprint(M, N);
        assertArrayEquals(new long[] {2_048, 624}, lmf.tensorValues());
        assertEquals(4 * (512 + 156), lmf.macs());
        assertEquals(4, lmf.intermediate());

        // 90% sparsity keeps round(0.1 * 79,872) = 7,987
        Footprint pr = new TechniqueSpec.Pruned(0.9).footprint(M, N);
        assertArrayEquals(new long[] {7_987}, pr.tensorValues());
        assertTrue(pr.sparse());
        assertNull(pr.rankBound());
    }

    @Test
    void nonZerosRoundHalfUp() {
        assertEquals(3, TechniqueSpec.nonZeros(0.5, 5));
        assertEquals(1, new TechniqueSpec.Pruned(0.75).nnz(1, 2));   // round(0.5) = 1
        assertEquals(0, new TechniqueSpec.Dkp(1, 1, 1, 1, 0.4).nnz(1, 1));
    }

    @Test
    void misfitsSayWhatWouldFit() {
        String kp = new TechniqueSpec.Kp(8, 4, 32, 39).misfit(M, N);
        assertTrue(kp.contains("M1*M2 must equal 512") && kp.contains("e.g. kp:8x4,64x39"), kp);
        assertNull(new TechniqueSpec.Kp(8, 4, 64, 39).misfit(M, N));
        assertTrue(new TechniqueSpec.Lmf(157).misfit(M, N).contains("1..156"));
        assertTrue(new TechniqueSpec.Hkp(512, 1, 1, 1, 156).misfit(M, N).contains("0..511"));
        assertFalse(new TechniqueSpec.Kp(8, 4, 32, 39).fits(M, N));
        PlanException e = assertThrows(PlanException.class, () -> new TechniqueSpec.Kp(8, 4, 32, 39).footprint(M, N));
        assertTrue(e.getMessage().startsWith("kp:8x4,32x39 does not fit 512x156"), e.getMessage());
    }

    @Test
    void textRoundTripsThroughThePlanParser() {
        for (TechniqueSpec t : List.of(new TechniqueSpec.Dense(), new TechniqueSpec.Kp(8, 4, 64, 39),
                new TechniqueSpec.Hkp(64, 7, 4, 64, 39), new TechniqueSpec.Dkp(8, 4, 64, 39, 0.0125),
                new TechniqueSpec.Lmf(16), new TechniqueSpec.Pruned(0.975))) {
            assertEquals(t, PlanText.parseMatrixPlan(t.text()).technique(), t.text());
            assertTrue(TechniqueKind.byId(t.id()).isPresent());
            assertTrue(t.text().startsWith(t.kind().id()));
        }
        assertEquals(List.of("dense", "kp", "hkp", "dkp", "lmf", "prune"), TechniqueKind.ids());
    }
}
