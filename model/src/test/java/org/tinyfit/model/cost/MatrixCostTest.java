package org.tinyfit.model.cost;

import org.tinyfit.model.plan.Kron;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.device.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-technique costs on small shapes; every expected number is computed by hand in the comments. */
class MatrixCostTest {

    private static MatrixCost cost(int m, int n, TechniqueSpec t, int bits) {
        return CostModel.matrix("L.kernel", m, n, new MatrixPlan(t, bits), 1, false);
    }

    @Test
    void dense8x6() {
        // 8x6 float32: 48 values * 4 bytes = 192, no scale; MACs 48; rank <= min(8,6) = 6
        MatrixCost c = cost(8, 6, new TechniqueSpec.Dense(), 32);
        assertEquals(48, c.params());
        assertEquals(192, c.flashBytes());
        assertEquals(48, c.macsPerStep());
        assertEquals(0, c.sparseMacs());
        assertEquals(6, c.rankBound());
        assertNull(c.sparseIndex());
        assertEquals(0, c.intermediate());
        assertNull(c.kpOrder());
        // 4 bits: ceil(48*4/8) = 24 bytes + 4 bytes scale = 28
        assertEquals(28, cost(8, 6, new TechniqueSpec.Dense(), 4).flashBytes());
        // 3 bits: ceil(144/8) = 18 + 4 = 22
        assertEquals(22, cost(8, 6, new TechniqueSpec.Dense(), 3).flashBytes());
        // 16 bits: 96 + 4 = 100
        assertEquals(100, cost(8, 6, new TechniqueSpec.Dense(), 16).flashBytes());
        // 5 bits, 7 values: ceil(35/8) = 5 + 4 = 9 (packing rounds up once per tensor)
        assertEquals(9, cost(7, 1, new TechniqueSpec.Dense(), 5).flashBytes());
    }

    @Test
    void kp2x3kron4x2At32And4Bits() {
        // B 2x3, C 4x2: m = 2*4 = 8, n = 3*2 = 6. values 6 + 8 = 14.
        TechniqueSpec kp = new TechniqueSpec.Kp(2, 3, 4, 2);
        MatrixCost c = cost(8, 6, kp, 32);
        assertEquals(14, c.params());
        // float32: 14 * 4 = 56, no scales
        assertEquals(56, c.flashBytes());
        // (CX)B^T: n1*m2*(n2+m1) = 3*4*(2+2) = 48; C(XB^T): n2*m1*(n1+m2) = 2*2*(3+4) = 28 -> 28
        assertEquals(28, c.macsPerStep());
        assertEquals(Kron.XB_FIRST, c.kpOrder());
        // chosen order's intermediate X B^T: n2 x m1 = 2*2 = 4
        assertEquals(4, c.intermediate());
        // rank <= min(2,3)*min(4,2) = 2*2 = 4
        assertEquals(4, c.rankBound());
        // 4 bits: B ceil(6*4/8) = 3 + 4 scale = 7; C ceil(8*4/8) = 4 + 4 = 8; total 15
        MatrixCost q = cost(8, 6, kp, 4);
        assertEquals(15, q.flashBytes());
        assertEquals(14, q.params());
    }

    @Test
    void kpOtherOrderAndTie() {
        // B 4x2, C 2x3 (8x6): (CX)B^T = n1*m2*(n2+m1) = 2*2*(3+4) = 28; C(XB^T) = n2*m1*(n1+m2) = 3*4*(2+2) = 48
        MatrixCost c = cost(8, 6, new TechniqueSpec.Kp(4, 2, 2, 3), 32);
        assertEquals(28, c.macsPerStep());
        assertEquals(Kron.CX_FIRST, c.kpOrder());
        assertEquals(4, c.intermediate()); // m2*n1 = 2*2
        // B 2x2, C 3x3 (6x6): both orders 2*3*(3+2) = 30 = 3*2*(2+3); intermediates 6 and 6 -> (CX)B^T
        MatrixCost t = cost(6, 6, new TechniqueSpec.Kp(2, 2, 3, 3), 32);
        assertEquals(30, t.macsPerStep());
        assertEquals(Kron.CX_FIRST, t.kpOrder());
        assertEquals(6, t.intermediate());
        assertEquals(6, t.rankBound()); // 2*3
    }

    @Test
    void hkp() {
        // 8x6, r = 2 dense rows, KP B 2x3 kron C 3x2 on the other 6 rows.
        // values: A 2*6 = 12, B 6, C 6 -> 24; float32 flash 96
        TechniqueSpec h = new TechniqueSpec.Hkp(2, 2, 3, 3, 2);
        MatrixCost c = cost(8, 6, h, 32);
        assertEquals(24, c.params());
        assertEquals(96, c.flashBytes());
        // KP block: (CX)B^T = 3*3*(2+2) = 36, C(XB^T) = 2*2*(3+3) = 24 -> 24; plus r*n = 12 -> 36
        assertEquals(36, c.macsPerStep());
        assertEquals(4, c.intermediate()); // n2*m1 = 2*2
        // rank: 2 + min(2,3)*min(3,2) = 2 + 4 = 6, cap min(8,6) = 6
        assertEquals(6, c.rankBound());
        // 8 bits: A 12 + 4, B 6 + 4, C 6 + 4 = 36 (three tensors, three scales)
        assertEquals(36, cost(8, 6, h, 8).flashBytes());
        // r = 2, B 1x2, C 6x3: rank 2 + 1*3 = 5 < 6 (not capped)
        assertEquals(5, cost(8, 6, new TechniqueSpec.Hkp(2, 1, 2, 6, 3), 32).rankBound());
        // r = 0: the empty A tensor is not stored, so 4 bits = B 2*3 -> 3+4 = 7, C 4*2 -> 4+4 = 8 = 15 (as KP)
        assertEquals(15, cost(8, 6, new TechniqueSpec.Hkp(0, 2, 3, 4, 2), 4).flashBytes());
    }

    @Test
    void dkpWithCsr() {
        // 8x64, B 2x8, C 4x8, density 0.01: nnz = round(0.01*512) = round(5.12) = 5
        // CSR: 5 col idx * 1 byte (n = 64 <= 256) + 9 row ptrs * 2 bytes = 23; bitmap 512/8 = 64 -> CSR
        MatrixCost c = cost(8, 64, new TechniqueSpec.Dkp(2, 8, 4, 8, 0.01), 32);
        assertEquals(5, c.nnz());
        assertEquals("csr", c.sparseIndex());
        assertEquals(23, c.sparseIndexBytes());
        // values: 16 + 32 + 5 = 53; flash 53*4 + 23 = 235
        assertEquals(53, c.params());
        assertEquals(235, c.flashBytes());
        // KP: (CX)B^T = 8*4*(8+2) = 320, C(XB^T) = 8*2*(8+4) = 192 -> 192, + nnz 5 = 197
        assertEquals(197, c.macsPerStep());
        assertEquals(5, c.sparseMacsPerStep());
        assertEquals(16, c.intermediate()); // n2*m1 = 8*2
        assertEquals(8, c.rankBound());     // KP bound min(2,8)*min(4,8) = 8
    }

    @Test
    void dkpWithBitmap() {
        // 8x6, B 2x3, C 4x2, density 0.25: nnz = 12; CSR 12 + 9*2 = 30; bitmap ceil(48/8) = 6 -> bitmap
        MatrixCost c = cost(8, 6, new TechniqueSpec.Dkp(2, 3, 4, 2, 0.25), 4);
        assertEquals(12, c.nnz());
        assertEquals("bitmap", c.sparseIndex());
        assertEquals(6, c.sparseIndexBytes());
        // 4 bits: B 3+4 = 7, C 4+4 = 8, S ceil(12*4/8) = 6 + 4 = 10, bitmap 6 -> 31
        assertEquals(31, c.flashBytes());
        assertEquals(26, c.params()); // 6 + 8 + 12
        assertEquals(40, c.macsPerStep()); // 28 + 12
        assertEquals(12, c.sparseMacsPerStep());
        assertEquals(4, c.rankBound());
    }

    @Test
    void lmf() {
        // 8x6 rank 2: values 2*(8+6) = 28, float32 112 bytes; MACs 28; intermediate r = 2
        MatrixCost c = cost(8, 6, new TechniqueSpec.Lmf(2), 32);
        assertEquals(28, c.params());
        assertEquals(112, c.flashBytes());
        assertEquals(28, c.macsPerStep());
        assertEquals(2, c.intermediate());
        assertEquals(2, c.rankBound());
        // 8 bits: U 16 + 4, V 12 + 4 = 36
        assertEquals(36, cost(8, 6, new TechniqueSpec.Lmf(2), 8).flashBytes());
    }

    @Test
    void prunedCsrOneByteColumns() {
        // 8x64, s = 0.95: nnz = round(0.05*512) = round(25.6) = 26
        // CSR 26*1 + 9*2 = 44 < bitmap 64
        MatrixCost c = cost(8, 64, new TechniqueSpec.Pruned(0.95), 32);
        assertEquals(26, c.nnz());
        assertEquals(26, c.params());
        assertEquals("csr", c.sparseIndex());
        assertEquals(44, c.sparseIndexBytes());
        assertEquals(26 * 4 + 44, c.flashBytes()); // 148
        assertEquals(26, c.macsPerStep());
        assertEquals(26, c.sparseMacsPerStep());
        assertNull(c.rankBound());
        // 8 bits: 26 + 4 + 44 = 74
        assertEquals(74, cost(8, 64, new TechniqueSpec.Pruned(0.95), 8).flashBytes());
    }

    @Test
    void prunedCsrTwoByteColumns() {
        // 4x300 (n > 256), s = 0.99: nnz = round(0.01*1200) = 12
        // CSR 12*2 + 5*2 = 34 < bitmap ceil(1200/8) = 150
        MatrixCost c = cost(4, 300, new TechniqueSpec.Pruned(0.99), 32);
        assertEquals(12, c.nnz());
        assertEquals("csr", c.sparseIndex());
        assertEquals(34, c.sparseIndexBytes());
        assertEquals(48 + 34, c.flashBytes());
    }

    @Test
    void prunedBitmap() {
        // 8x6, s = 0.5: nnz 24; CSR 24 + 18 = 42; bitmap 6 -> bitmap; flash 96 + 6 = 102
        MatrixCost c = cost(8, 6, new TechniqueSpec.Pruned(0.5), 32);
        assertEquals(24, c.nnz());
        assertEquals("bitmap", c.sparseIndex());
        assertEquals(102, c.flashBytes());
    }

    @Test
    void prunedCsrFourByteRowPointers() {
        // 1024x2048, s = 0.96875: nnz = 0.03125*2097152 = 65536 (>= 65536 -> 4-byte row pointers)
        // CSR 65536*2 + 1025*4 = 135172 < bitmap 2097152/8 = 262144
        MatrixCost c = cost(1024, 2048, new TechniqueSpec.Pruned(0.96875), 8);
        assertEquals(65536, c.nnz());
        assertEquals("csr", c.sparseIndex());
        assertEquals(135172, c.sparseIndexBytes());
        assertEquals(65536 + 4 + 135172, c.flashBytes());
    }

    @Test
    void csrBoundaries() {
        // n = 256 -> 1-byte columns: 1 + 2*2 = 5; n = 257 -> 2 bytes: 2 + 4 = 6
        assertEquals(5, CostModel.csrBytes(1, 256, 1));
        assertEquals(6, CostModel.csrBytes(1, 257, 1));
        // nnz 65535 -> 2-byte pointers: 65535*2 + 1025*2 = 133120; 65536 -> 65536*2 + 1025*4 = 135172
        assertEquals(133120, CostModel.csrBytes(1024, 2048, 65535));
        assertEquals(135172, CostModel.csrBytes(1024, 2048, 65536));
        assertEquals(6, CostModel.bitmapBytes(8, 6));
        assertEquals(1, CostModel.bitmapBytes(1, 1));
    }

    @Test
    void stepsAndDataType() {
        // KP 2x3,4x2 applied 5 times: 28*5 = 140 MACs; int8 only with b <= 8 and int8 activations
        MatrixPlan p8 = new MatrixPlan(new TechniqueSpec.Kp(2, 3, 4, 2), 8);
        MatrixCost c = CostModel.matrix("x", 8, 6, p8, 5, true);
        assertEquals(140, c.macs());
        assertEquals(DataType.INT8, c.dataType());
        assertEquals(DataType.FLOAT32, CostModel.matrix("x", 8, 6, p8, 5, false).dataType());
        MatrixPlan p16 = new MatrixPlan(new TechniqueSpec.Kp(2, 3, 4, 2), 16);
        assertEquals(DataType.FLOAT32, CostModel.matrix("x", 8, 6, p16, 5, true).dataType());
    }

    @Test
    void badSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cost(8, 6, new TechniqueSpec.Kp(2, 3, 3, 2), 32));
        assertTrue(e.getMessage().contains("L.kernel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cost(8, 6, new TechniqueSpec.Hkp(8, 1, 1, 1, 6), 32));
        assertThrows(IllegalArgumentException.class, () -> cost(8, 6, new TechniqueSpec.Hkp(2, 2, 3, 4, 2), 32));
        assertThrows(IllegalArgumentException.class, () -> cost(8, 6, new TechniqueSpec.Dkp(2, 3, 4, 2, 0), 32));
        assertThrows(IllegalArgumentException.class, () -> cost(8, 6, new TechniqueSpec.Lmf(0), 32));
        assertThrows(IllegalArgumentException.class, () -> cost(8, 6, new TechniqueSpec.Pruned(1.0), 32));
    }
}
