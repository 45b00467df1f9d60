package org.tinyfit.model.cost;

import org.junit.jupiter.api.Test;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.device.Fpu;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-network estimates. Small nets: T = 5 steps, I = 3 inputs, H = 4 hidden,
 * dense 4 -> 2 ("fc", no activation). Expected values are computed by hand below.
 */
class CostModelTest {
    private static final DeviceCatalog CAT = DeviceCatalog.builtIn();
    private static final double REL = 1e-12;

    /** nucleo-f446re: 180 MHz, e_int8 0.4, e_f32 0.1, SP FPU (c_nl 40), 120 mW (checked here so the hand numbers hold). */
    private static Device f446() {
        Device d = CAT.get("nucleo-f446re");
        assertEquals(180, d.clockMhz());
        assertEquals(0.4, d.macPerCycleInt8());
        assertEquals(0.1, d.macPerCycleF32());
        assertEquals(Fpu.SP, d.fpu());
        assertEquals(120, d.activeMw());
        return d;
    }

    private static void close(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * REL, () -> "expected " + expected + " got " + actual);
    }

    @Test
    void lstmSmall() {
        Network net = Nets.rnnNet(CellType.LSTM, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // kernel (4*4) x (3+4) = 16x7 = 112; per step 112 MACs, x5 = 560; fc 2x4 = 8 -> 568
        assertEquals(568, r.macs());
        assertEquals(0, r.sparseMacs());
        // params 112 + 16 bias + 8 + 2 bias = 138; flash 138*4 = 552
        assertEquals(138, r.params());
        assertEquals(552, r.flashBytes());
        assertEquals(138, r.baselineParams());
        assertEquals(552, r.baselineFlashBytes());
        // nonlinearities 5*H*T = 5*4*5 = 100; element-wise 8*4*5 = 160 + 2 fc bias adds = 162
        assertEquals(100, r.nonlinearities());
        assertEquals(162, r.elementwise());
        // ops 2*568 + 162 + 100 = 1398
        assertEquals(1398, r.ops());
        // SRAM (a = 4): input 5*3*4 = 60; h 16 + c 16 = 32; LSTM scratch (3+4)*4 + 16*4 = 28 + 64 = 92
        // (fc scratch 4*4 + 2*4 = 24); logits 2*4 = 8 -> 60 + 32 + 92 + 8 = 192
        assertEquals(60, r.sram().inputBytes());
        assertEquals(32, r.sram().persistentBytes());
        assertEquals(92, r.sram().scratchBytes());
        assertEquals("rnn", r.sram().scratchLayer());
        assertEquals(8, r.sram().logitsBytes());
        assertEquals(192, r.sramBytes());
        assertEquals(24, r.layer("fc").scratchBytes());
        // latency: (568/0.1 + 100*40 + 162*1) / 180e6 = (5680 + 4000 + 162) / 180e6 = 9842 / 180e6
        close(9842 / 180e6, r.latencySeconds());
        // energy: latency * 120 mW / 1000
        close(9842 / 180e6 * 0.120, r.energyJoules());
        assertEquals(40, r.cyclesPerNonlinearity());
        assertEquals(1, r.cyclesPerElementwise());
        assertTrue(r.fitsFlash());
        assertTrue(r.fitsSram());
        // per layer
        assertEquals(560, r.layer("rnn").macs());
        assertEquals(128 * 4, r.layer("rnn").flashBytes()); // (112 + 16) * 4
        assertEquals(10 * 4, r.layer("fc").flashBytes());
        assertEquals(2, r.matrices().size());
        assertEquals("rnn.kernel", r.matrices().get(0).name());
        assertEquals(16, r.matrices().get(0).rows());
        assertEquals(7, r.matrices().get(0).cols());
        assertEquals(7, r.matrices().get(0).rankBound()); // min(16, 7)
    }

    @Test
    void gruSmall() {
        Network net = Nets.rnnNet(CellType.GRU, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // kernel 12x7 = 84 per step, x5 = 420, + 8 = 428
        assertEquals(428, r.macs());
        // params 84 + 12 bias + 10 = 106
        assertEquals(106, r.params());
        assertEquals(424, r.flashBytes());
        // nonlinearities 3*4*5 = 60; element-wise 8*4*5 = 160 + 2 = 162
        assertEquals(60, r.nonlinearities());
        assertEquals(162, r.elementwise());
        // SRAM: 60 + h 16 + scratch (28 + 12*4 = 76) + 8 = 160
        assertEquals(160, r.sramBytes());
        // latency (428/0.1 + 60*40 + 162) / 180e6 = (4280 + 2400 + 162) / 180e6 = 6842 / 180e6
        close(6842 / 180e6, r.latencySeconds());
    }

    @Test
    void gruLinearBeforeReset() {
        Network net = Nets.rnnNet(CellType.GRU, true, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // extra H = 4 recurrent h bias values: 106 + 4 = 110 params, 440 bytes
        assertEquals(110, r.params());
        assertEquals(440, r.flashBytes());
        // element-wise 12*4*5 = 240 + 2 = 242
        assertEquals(242, r.elementwise());
        assertEquals(428, r.macs());
        assertEquals(160, r.sramBytes());
    }

    @Test
    void compressedGruKernelRunsTwicePerStep() {
        for (boolean lbr : new boolean[] {false, true}) {
            Network net = Nets.rnnNet(CellType.GRU, lbr, 5, 3, 4, 2);
            // kernel 12x7 as KP 6x7 kron 2x1: MACs min(7*2*(1+6), 1*6*(7+2)) = min(98, 54) = 54 per application
            CompressionPlan p = new CompressionPlan(java.util.Map.of(net.layers().get(0).kernelName(),
                    new org.tinyfit.model.plan.MatrixPlan(new org.tinyfit.model.plan.TechniqueSpec.Kp(6, 7, 2, 1), 32)), null);
            CostReport r = CostModel.estimate(net, p, f446(), CostOptions.DEFAULT);
            // two applications per step, 5 steps: 540, + dense 8
            assertEquals(548, r.macs(), "lbr " + lbr);
            assertEquals(10, r.matrices().get(0).steps());
        }
    }

    @Test
    void fastRnnSmall() {
        Network net = Nets.rnnNet(CellType.FASTRNN, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // kernel 4x7 = 28, x5 = 140, + 8 = 148
        assertEquals(148, r.macs());
        // params 28 + 4 bias + 2 scalars (alpha, beta) + 10 = 44
        assertEquals(44, r.params());
        assertEquals(176, r.flashBytes());
        // nonlinearities 1*4*5 = 20; element-wise 4*4*5 = 80 + 2 = 82
        assertEquals(20, r.nonlinearities());
        assertEquals(82, r.elementwise());
        // SRAM: 60 + 16 + (28 + 4*4 = 44) + 8 = 128
        assertEquals(128, r.sramBytes());
        // latency (1480 + 800 + 82) / 180e6 = 2362 / 180e6
        close(2362 / 180e6, r.latencySeconds());
    }

    @Test
    void fastGrnnFullLatencyAndEnergyOnMicrobitV1() {
        Device d = CAT.get("microbit-v1");
        // datasheet/catalog values this hand computation uses
        assertEquals(16, d.clockMhz());
        assertEquals(0.01, d.macPerCycleF32());
        assertEquals(Fpu.NONE, d.fpu());
        assertEquals(13, d.activeMw());
        Network net = Nets.rnnNet(CellType.FASTGRNN, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), d, CostOptions.DEFAULT);
        // MACs 28*5 + 8 = 148; params 28 + 8 bias (b_z, b_h) + 2 scalars + 10 = 48
        assertEquals(148, r.macs());
        assertEquals(48, r.params());
        // nonlinearities 2*4*5 = 40; element-wise 8*4*5 = 160 + 2 = 162
        assertEquals(40, r.nonlinearities());
        assertEquals(162, r.elementwise());
        assertEquals(128, r.sramBytes());
        // no FPU: c_nl = 200. cycles = 148/0.01 + 40*200 + 162 = 14800 + 8000 + 162 = 22962
        assertEquals(200, r.cyclesPerNonlinearity());
        // latency = 22962 / 16e6 = 1.435125e-3 s; energy = 1.435125e-3 * 0.013 = 1.8656625e-5 J
        close(1.435125e-3, r.latencySeconds());
        close(1.8656625e-5, r.energyJoules());
        // fits in 16 KB SRAM and 256 KB flash
        assertTrue(r.fitsSram());
        assertTrue(r.fitsFlash());
    }

    /** LSTM I=28, H=128, T=28, dense 128 -> 10 (the MNIST row-by-row model of the Kronecker papers). */
    private static Network mnist() {
        return Nets.rnnNet(CellType.LSTM, false, 28, 28, 128, 10);
    }

    @Test
    void mnistLstmDenseBaseline() {
        CostReport r = CostModel.estimate(mnist(), CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // kernel (4*128) x (28+128) = 512 x 156 = 79,872; LSTM bias 4*128 = 512 -> 80,384
        // dense 10*128 = 1,280 + 10 -> 1,290; total 81,674; flash 4*81,674 = 326,696
        assertEquals(81_674, r.params());
        assertEquals(81_674, r.baselineParams());
        assertEquals(326_696, r.flashBytes());
        assertEquals(326_696, r.baselineFlashBytes());
        // MACs 79,872*28 = 2,236,416 + 1,280 = 2,237,696
        assertEquals(2_237_696, r.macs());
        assertEquals(2_237_696, r.baselineMacs());
        // nonlinearities 5*128*28 = 17,920; element-wise 8*128*28 = 28,672 + 10 = 28,682
        assertEquals(17_920, r.nonlinearities());
        assertEquals(28_682, r.elementwise());
        // ops 2*2,237,696 + 28,682 + 17,920 = 4,521,994
        assertEquals(4_521_994, r.ops());
        // SRAM: input 28*28*4 = 3,136; h 512 + c 512 = 1,024; scratch 156*4 + 512*4 = 624 + 2,048 = 2,672; logits 40
        // -> 6,872
        assertEquals(6_872, r.sramBytes());
        // 512 KB flash: 326,696 <= 524,288 fits; 128 KB SRAM fits
        assertTrue(r.fitsFlash());
        assertTrue(r.fitsSram());
        // latency (2,237,696/0.1 + 17,920*40 + 28,682) / 180e6 = (22,376,960 + 716,800 + 28,682) / 180e6
        close(23_122_442 / 180e6, r.latencySeconds());
        assertEquals(1.0, r.flashCompression());
    }

    @Test
    void mnistStreamingInput() {
        CostReport r = CostModel.estimate(mnist(), CompressionPlan.none(), f446(), CostOptions.STREAMING);
        // input one step 28*4 = 112 instead of 3,136: 6,872 - 3,136 + 112 = 3,848
        assertEquals(112, r.sram().inputBytes());
        assertEquals(3_848, r.sramBytes());
        assertTrue(r.streamingInput());
    }

    /** KP B 16x12 kron C 32x13 on the 512x156 LSTM kernel, 8 bits; dense 8 bits; int8 activations. */
    private static CompressionPlan mnistKpInt8() {
        return new CompressionPlan(Map.of(
                "rnn.kernel", new MatrixPlan(new TechniqueSpec.Kp(16, 12, 32, 13), 8),
                "fc.kernel", new MatrixPlan(new TechniqueSpec.Dense(), 8)), Activations.INT8);
    }

    @Test
    void mnistKpInt8OnL4r5() {
        Device d = CAT.get("nucleo-l4r5zi");
        assertEquals(120, d.clockMhz());
        assertEquals(0.4, d.macPerCycleInt8());
        assertEquals(44, d.activeMw());
        CostReport r = CostModel.estimate(mnist(), mnistKpInt8(), d, CostOptions.DEFAULT);
        MatrixCost k = r.matrix("rnn.kernel");
        // values 16*12 + 32*13 = 192 + 416 = 608
        assertEquals(608, k.params());
        // (CX)B^T = n1*m2*(n2+m1) = 12*32*29 = 11,136; C(XB^T) = n2*m1*(n1+m2) = 13*16*44 = 9,152 -> 9,152
        assertEquals(9_152, k.macsPerStep());
        assertEquals(208, k.intermediate()); // n2*m1 = 13*16
        assertEquals(156, k.rankBound());    // min(16,12)*min(32,13) = 12*13
        assertEquals(DataType.INT8, k.dataType());
        // flash: B 192 + 4, C 416 + 4 = 616; LSTM bias 512*4 = 2,048; fc 1,280 + 4 = 1,284; fc bias 40 -> 3,988
        assertEquals(616, k.flashBytes());
        assertEquals(3_988, r.flashBytes());
        // params 608 + 512 + 1,280 + 10 = 2,410
        assertEquals(2_410, r.params());
        // SRAM a = 1: input 784; h 128 + c 128*4 = 640; scratch 156 + 512*4 + 208*4 = 156 + 2,048 + 832 = 3,036;
        // fc scratch 128 + 10 = 138; logits 40 -> 784 + 640 + 3,036 + 40 = 4,500
        assertEquals(4_500, r.sramBytes());
        assertEquals(138, r.layer("fc").scratchBytes());
        // MACs 9,152*28 = 256,256 + 1,280 = 257,536, all int8
        assertEquals(257_536, r.macs());
        assertEquals(257_536, r.int8Macs());
        assertEquals(0, r.f32Macs());
        // int8 activations: c_nl = 10. cycles = 257,536/0.4 + 17,920*10 + 28,682 = 643,840 + 179,200 + 28,682 = 851,722
        assertEquals(10, r.cyclesPerNonlinearity());
        close(851_722 / 120e6, r.latencySeconds());
        close(851_722 / 120e6 * 0.044, r.energyJoules());
        // compression 326,696 / 3,988
        close(326_696.0 / 3_988, r.flashCompression());
        close(81_674.0 / 2_410, r.paramCompression());
    }

    @Test
    void fitsFlags() {
        Device uno = CAT.get("arduino-uno"); // 2 KB SRAM, 32 KB flash
        CostReport kp = CostModel.estimate(mnist(), mnistKpInt8(), uno, CostOptions.DEFAULT);
        // 3,988 <= 32,768 fits flash; 4,500 > 2,048 does not fit SRAM
        assertTrue(kp.fitsFlash());
        assertFalse(kp.fitsSram());
        CostReport base = CostModel.estimate(mnist(), CompressionPlan.none(), uno, CostOptions.DEFAULT);
        assertFalse(base.fitsFlash()); // 326,696 > 32,768
        // boundary: flash exactly 3,988 bytes = 3.89453125 KB fits; one byte less does not
        Device exact = new Device("x", "x", "x", 100, 4_500 / 1024.0, 3_988 / 1024.0, Fpu.SP, true, 0.4, 0.1, 10, "", false);
        CostReport e = CostModel.estimate(mnist(), mnistKpInt8(), exact, CostOptions.DEFAULT);
        assertTrue(e.fitsFlash());
        assertTrue(e.fitsSram());
        Device less = new Device("x", "x", "x", 100, 4_499 / 1024.0, 3_987 / 1024.0, Fpu.SP, true, 0.4, 0.1, 10, "", false);
        CostReport l = CostModel.estimate(mnist(), mnistKpInt8(), less, CostOptions.DEFAULT);
        assertFalse(l.fitsFlash());
        assertFalse(l.fitsSram());
    }

    @Test
    void dataTypePerMatrixAndSparseRate() {
        // FastRNN 4x7 kernel pruned at s = 0.5: nnz = 14 sparse MACs per step, x5 = 70; fc 8 dense MACs.
        // int8 activations, kernel 8 bits (int8), fc 16 bits (float32).
        CompressionPlan p = new CompressionPlan(Map.of(
                "rnn.kernel", new MatrixPlan(new TechniqueSpec.Pruned(0.5), 8),
                "fc.kernel", new MatrixPlan(new TechniqueSpec.Dense(), 16)), Activations.INT8);
        Network net = Nets.rnnNet(CellType.FASTRNN, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, p, f446(), CostOptions.DEFAULT);
        assertEquals(70, r.int8Macs());
        assertEquals(70, r.int8SparseMacs());
        assertEquals(8, r.f32Macs());
        assertEquals(70, r.sparseMacs());
        // kernel flash: 14 values at 8 bits = 14 + 4; index: CSR 14 + 5*2 = 24 vs bitmap ceil(28/8) = 4 -> bitmap
        MatrixCost k = r.matrix("rnn.kernel");
        assertEquals("bitmap", k.sparseIndex());
        assertEquals(22, k.flashBytes());
        // cycles: 70/(0.4/2) + 8/0.1 + 20*10 + 82*1 = 350 + 80 + 200 + 82 = 712
        close(712 / 180e6, r.latencySeconds());
        // float32 activations with 8-bit weights: everything at e_f32, c_nl 40:
        // 70/(0.1/2) + 8/0.1 + 20*40 + 82 = 1400 + 80 + 800 + 82 = 2362
        CompressionPlan pf = new CompressionPlan(p.matrices(), Activations.FLOAT32);
        CostReport rf = CostModel.estimate(net, pf, f446(), CostOptions.DEFAULT);
        assertEquals(0, rf.int8Macs());
        close(2362 / 180e6, rf.latencySeconds());
    }

    @Test
    void denseActivationsAndHiddenDenseLayer() {
        // FastRNN (T=5, I=3, H=4) -> dense 4->3 relu -> dense 3->3 tanh -> dense 3->2
        List<Layer> layers = List.of(Nets.rnn("rnn", CellType.FASTRNN, 3, 4, false),
                Nets.dense("d1", 4, 3, Activation.RELU), Nets.dense("d2", 3, 3, Activation.TANH),
                Nets.dense("fc", 3, 2, Activation.NONE));
        Network net = new Network("n", 5, 3, layers, null, null, null, null);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.DEFAULT);
        // MACs 140 + 12 + 9 + 6 = 167
        assertEquals(167, r.macs());
        // nonlinearities 20 + 3 (tanh) = 23; element-wise 80 + (3 bias + 3 relu) + 3 bias + 2 bias = 91
        assertEquals(23, r.nonlinearities());
        assertEquals(91, r.elementwise());
        // params 34 + 15 + 12 + 8 = 69
        assertEquals(69, r.params());
        // dense scratch d1 4*4 + 3*4 = 28 < rnn 44: SRAM 60 + 16 + 44 + 8 = 128
        assertEquals(28, r.layer("d1").scratchBytes());
        assertEquals(128, r.sramBytes());
    }

    @Test
    void denseOnlyNetworkKeepsWholeInputWhenStreaming() {
        // T=2, I=3: dense 6 -> 2 on the flattened input; the input tensor is 2*3*4 = 24 either way
        Network net = new Network("d", 2, 3, List.of(Nets.dense("fc", 6, 2, Activation.NONE)), null, null, null, null);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), CostOptions.STREAMING);
        assertEquals(24, r.sram().inputBytes());
        // 24 + 0 persistent + scratch (6*4 + 2*4 = 32) + logits 8 = 64
        assertEquals(64, r.sramBytes());
        assertEquals(12, r.macs());
    }

    @Test
    void kpIntermediateCountsInScratch() {
        // LSTM T=5, I=3, H=4: kernel 16x7; KP B 4x7, C 4x1: (CX)B^T = n1*m2*(n2+m1) = 7*4*(1+4) = 140,
        // C(XB^T) = n2*m1*(n1+m2) = 1*4*(7+4) = 44 -> 44 MACs, intermediate n2*m1 = 4
        CompressionPlan p = new CompressionPlan(Map.of("rnn.kernel",
                new MatrixPlan(new TechniqueSpec.Kp(4, 7, 4, 1), 32)), Activations.FLOAT32);
        CostReport r = CostModel.estimate(Nets.rnnNet(CellType.LSTM, false, 5, 3, 4, 2), p, f446(), CostOptions.DEFAULT);
        // scratch 28 + 64 + 4*4 = 108; SRAM 60 + 32 + 108 + 8 = 208
        assertEquals(108, r.layer("rnn").scratchBytes());
        assertEquals(208, r.sramBytes());
        assertEquals(44 * 5 + 8, r.macs());
    }

    @Test
    void optionsOverrideCycles() {
        Network net = Nets.rnnNet(CellType.LSTM, false, 5, 3, 4, 2);
        CostReport r = CostModel.estimate(net, CompressionPlan.none(), f446(), new CostOptions(false, 20, 2));
        // 5680 + 100*20 + 162*2 = 8004
        close(8004 / 180e6, r.latencySeconds());
    }

    @Test
    void fullEstimateIsFast() {
        Network net = mnist();
        CompressionPlan p = mnistKpInt8();
        Device d = f446();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) sink += CostModel.estimate(net, p, d, CostOptions.DEFAULT).flashBytes();
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) sink += CostModel.estimate(net, p, d, CostOptions.DEFAULT).flashBytes();
        double perCallMs = (System.nanoTime() - t0) / 1e6 / n;
        assertTrue(sink > 0);
        System.out.println("CostModel.estimate (MNIST LSTM, KP int8 plan): " + perCallMs * 1e3 + " us per call");
        // well under 1 ms (typically a few microseconds); generous for a loaded CI machine
        assertTrue(perCallMs < 0.1, "estimate took " + perCallMs + " ms");
    }
}
