package org.tinyfit.model.io.cexport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

/**
 * Exports random networks for every cell type, technique, bit width and activation type,
 * compiles them with gcc -std=c99 -Wall -Wextra -Werror -O2, runs the example on the test
 * vector and compares with TinyFit's Java inference: float32 activations within 1e-4
 * relative (in practice bit-identical), int8 activations bit for bit. Also checks that the
 * compiled object's static data is exactly the layout, and the layout against the SRAM
 * estimate. About 45 small programs.
 */
class CExportTest {
    @TempDir static Path tmp;
    static final List<CExportHarness.Outcome> OUTCOMES = new ArrayList<>();

    static final int T = 5, I = 6, H = 8, CLASSES = 4;

    /** (activations, bits) combinations rotated over the cases. */
    static final String[][] COMBOS = {
        {"float32", "32"}, {"int8", "8"}, {"float32", "4"}, {"int8", "4"}, {"float32", "16"}, {"int8", "16"}, {"float32", "8"},
    };
    static final String[] TECHNIQUES = {"dense", "kp-cx", "kp-xb", "hkp", "dkp", "lmf", "prune"};

    record CellCase(String label, CellType cell, boolean lbr) { }

    static final CellCase[] CELLS = {
        new CellCase("lstm", CellType.LSTM, false),
        new CellCase("gru", CellType.GRU, false),
        new CellCase("gru-lbr", CellType.GRU, true),
        new CellCase("fastrnn", CellType.FASTRNN, false),
        new CellCase("fastgrnn", CellType.FASTGRNN, false),
    };

    static Network net(long seed, CellCase c) {
        Random r = new Random(seed);
        List<Layer> layers = List.of(
                TestNets.rnn(r, "rnn0", c.cell(), I, H, c.lbr()),
                TestNets.dense(r, "fc", H, CLASSES, Activation.NONE));
        return new Network("t-" + c.label(), T, I, layers, null, Map.of(), Provenance.NONE, Map.of());
    }

    /** A plan entry of technique {@code tech} for an m x n matrix. */
    static String spec(String tech, int m, int n) {
        return switch (tech) {
            case "dense" -> "dense";
            case "kp-cx" -> "kp:" + CExportHarness.kp(m, n, true);
            case "kp-xb" -> "kp:" + CExportHarness.kp(m, n, false);
            case "hkp" -> {
                int r = Math.max(1, m / 4);
                yield "hkp:" + r + ":" + CExportHarness.kp(m - r, n, true);
            }
            case "dkp" -> "dkp:" + CExportHarness.kp(m, n, false) + ":0.1";
            case "lmf" -> "lmf:3";
            case "prune" -> "prune:0.6";
            default -> throw new IllegalArgumentException(tech);
        };
    }

    static String plan(Network net, String tech, String act, String bits) {
        StringBuilder sb = new StringBuilder();
        for (Layer l : net.layers()) {
            int m = l.kernel().rows(), n = l.kernel().cols();
            sb.append(l.kernelName()).append('=').append(spec(tech, m, n)).append(bits.equals("32") ? "" : "/int" + bits).append(';');
        }
        return sb.append("activations=").append(act).toString();
    }

    @Test
    void everyCellTechniqueBitWidthAndActivation() throws Exception {
        CExportHarness.assumeGcc();
        int seed = 0;
        for (int ci = 0; ci < CELLS.length; ci++) {
            for (int ti = 0; ti < TECHNIQUES.length; ti++) {
                String[] combo = COMBOS[(ci + ti) % COMBOS.length];
                Network n = net(100 + seed++, CELLS[ci]);
                String label = CELLS[ci].label() + "-" + TECHNIQUES[ti] + "-" + (combo[1].equals("32") ? "f32" : "int" + combo[1]) + "-act-" + combo[0];
                OUTCOMES.add(CExportHarness.check(label, n, plan(n, TECHNIQUES[ti], combo[0], combo[1]), Files.createDirectories(tmp.resolve(label))));
            }
        }
    }

    @Test
    void grusWithUncompressedKernelsRunTheirBlocks() throws Exception {
        CExportHarness.assumeGcc();
        for (CellCase c : new CellCase[] {CELLS[1], CELLS[2]}) {
            Network n = net(7, c);
            // as stored (DenseOp kernels, float32), and with int8 activations where only fc is compressed
            OUTCOMES.add(CExportHarness.check(c.label() + "-as-stored", n, "", Files.createDirectories(tmp.resolve(c.label() + "-stored"))));
            OUTCOMES.add(CExportHarness.check(c.label() + "-dense-kernel-act-int8", n, "fc.kernel=dense/int8;activations=int8",
                    Files.createDirectories(tmp.resolve(c.label() + "-stored-i8"))));
        }
    }

    /** Stacked cells, hidden dense layers with every activation, and odd bit widths (2, 3, 5, 6, 7). */
    static Network deep(long seed) {
        Random r = new Random(seed);
        List<Layer> layers = List.of(
                TestNets.rnn(r, "lstm", CellType.LSTM, I, H, false),
                TestNets.rnn(r, "gru", CellType.GRU, H, 6, true),
                TestNets.rnn(r, "fast", CellType.FASTGRNN, 6, 10, false),
                TestNets.dense(r, "d1", 10, 12, Activation.RELU),
                TestNets.dense(r, "d2", 12, 9, Activation.TANH),
                TestNets.dense(r, "d3", 9, 8, Activation.SIGMOID),
                TestNets.dense(r, "fc", 8, CLASSES, Activation.NONE));
        return new Network("deep", T, I, layers, null, Map.of(), Provenance.NONE, Map.of());
    }

    @Test
    void stackedLayersActivationsAndOddBitWidths() throws Exception {
        CExportHarness.assumeGcc();
        Network n = deep(3);
        String body = "lstm.kernel=kp:" + CExportHarness.kp(32, 14, true) + "/int3;gru.kernel=lmf:4/int5;fast.kernel=hkp:2:"
                + CExportHarness.kp(8, 16, false) + "/int7;d1.kernel=prune:0.5/int6;d2.kernel=dense/int2;d3.kernel=dkp:"
                + CExportHarness.kp(8, 9, true) + ":0.2/int4;fc.kernel=lmf:2/int8";
        for (String act : new String[] {"float32", "int8"}) {
            OUTCOMES.add(CExportHarness.check("deep-odd-bits-act-" + act, n, body + ";activations=" + act,
                    Files.createDirectories(tmp.resolve("deep-" + act))));
        }
    }

    @Test
    void denseOnlyNetworkAndCsrIndices() throws Exception {
        CExportHarness.assumeGcc();
        Network dn = TestNets.classifier(9, 4, 5, 3, 0);
        for (String act : new String[] {"float32", "int8"}) {
            OUTCOMES.add(CExportHarness.check("dense-only-kp-act-" + act, dn, "fc.kernel=kp:" + CExportHarness.kp(3, 20, true)
                    + "/int8;activations=" + act, Files.createDirectories(tmp.resolve("dense-only-" + act))));
        }
        // larger matrices, sparse enough for CSR to beat the bitmap (LSTM 128 x 40)
        Network big = TestNets.classifier(11, 3, 8, 5, 32, CellType.LSTM);
        for (String act : new String[] {"float32", "int8"}) {
            String p = "rnn0.kernel=prune:0.95/int8;fc.kernel=dkp:" + CExportHarness.kp(5, 32, true) + ":0.3/int8;activations=" + act;
            var o = CExportHarness.check("lstm32-csr-act-" + act, big, p, Files.createDirectories(tmp.resolve("csr-" + act)));
            OUTCOMES.add(o);
            assertTrue(o.result().files().get(CExport.SOURCE).contains("CSR index"), "expected a CSR index");
        }
        Network big2 = Compressor.apply(big, PlanText.parse("rnn0.kernel=dkp:" + CExportHarness.kp(128, 40, false) + ":0.02", big));
        OUTCOMES.add(CExportHarness.check("lstm32-dkp-csr-f32", big2, "", Files.createDirectories(tmp.resolve("dkp-csr"))));
    }

    /** Layer names that could clash with each other's C names or with the runtime's. */
    @Test
    void awkwardLayerNamesGiveDistinctCNames() throws Exception {
        CExportHarness.assumeGcc();
        Random r = new Random(4);
        List<Layer> layers = List.of(
                TestNets.rnn(r, "a", CellType.FASTRNN, I, H, false),
                TestNets.rnn(r, "a_kernel", CellType.LSTM, H, H, false),
                TestNets.dense(r, "tf_code", H, 6, Activation.RELU),
                TestNets.dense(r, "9-x", 6, CLASSES, Activation.NONE));
        Network n = new Network("names", T, I, layers, null, Map.of(), Provenance.NONE, Map.of());
        OUTCOMES.add(CExportHarness.check("awkward-names", n, "a.kernel=lmf:2;a_kernel.kernel=kp:" + CExportHarness.kp(32, 16, true)
                + "/int4;activations=int8", Files.createDirectories(tmp.resolve("names"))));
    }

    /** With float32 activations and no GRU, the static buffers are the SRAM estimate, item by item. */
    @Test
    void buffersEqualTheEstimateForFloatActivations() {
        for (CellCase c : CELLS) {
            if (c.cell() == CellType.GRU) continue;
            Network n = net(5, c);
            for (String tech : TECHNIQUES) {
                Network cn = Compressor.apply(n, PlanText.parse(plan(n, tech, "float32", "8"), n));
                var r = CExportHarness.export(cn, 1, 1);
                var est = r.estimate().sram();
                CMemory m = r.memory();
                String what = c.label() + " " + tech;
                assertEquals(est.inputBytes(), m.inputBytes(), what);
                assertEquals(est.persistentBytes(), m.stateBytes(), what);
                assertEquals(est.scratchBytes(), m.scratchBytes(), what);
                assertEquals(est.logitsBytes(), m.logitsBytes(), what);
                assertEquals(est.total(), m.totalBytes(), what);
                assertTrue(m.extras().isEmpty(), what);
                assertTrue(r.files().get(CExport.HEADER).contains("#define TINYFIT_SRAM_BYTES " + est.total()), what);
            }
        }
    }

    /** The GRU and int8 differences, checked against hand-computed numbers. */
    @Test
    void differencesFromTheEstimateAreTheDocumentedOnes() {
        // GRU with linear_before_reset, float32: U h kept apart, 3H floats
        Network g = net(5, CELLS[2]);
        var r = CExportHarness.export(g, 1, 1);
        assertEquals(4L * 3 * H, r.memory().excessBytes());
        // GRU without it, compressed kernel: z kept, H floats
        Network g2 = net(5, CELLS[1]);
        r = CExportHarness.export(Compressor.apply(g2, PlanText.parse("rnn0.kernel=lmf:3", g2)), 1, 1);
        assertEquals(4L * H, r.memory().excessBytes());
        // ... uncompressed kernel: no extra buffer (the blocks run in place)
        r = CExportHarness.export(g2, 1, 1);
        assertEquals(0, r.memory().excessBytes());
        // LSTM, int8 activations, int8 KP: input 3*T*I, h 3*H; the scratch of the LSTM step is
        // (I+H) code bytes (14 -> 16 words-aligned) + gates 4*4H + intermediate; fc runs float
        Network l = net(5, CELLS[0]);
        String kp = CExportHarness.kp(32, 14, true);
        r = CExportHarness.export(Compressor.apply(l, PlanText.parse("rnn0.kernel=kp:" + kp + "/int8;activations=int8", l)), 1, 1);
        var est = r.estimate().sram();
        assertEquals(T * I, est.inputBytes());
        assertEquals(4L * T * I, r.memory().inputBytes());
        assertEquals(H + 4L * H, est.persistentBytes());
        assertEquals(8L * H, r.memory().stateBytes());
        long inter = r.estimate().matrix("rnn0.kernel").intermediate();
        assertEquals(14 + 4L * 32 + 4 * inter, est.scratchBytes());
        assertEquals(16 + 4L * 32 + 4 * inter, r.memory().scratchBytes());
        assertEquals(3L * T * I + 3L * H + 2, r.memory().excessBytes());
    }

    @AfterAll
    static void summary() {
        if (OUTCOMES.isEmpty()) return;
        int same = 0, total = 0;
        double worst = 0;
        for (var o : OUTCOMES) {
            System.out.println("cexport: " + o);
            same += o.identical();
            total += o.logits();
            worst = Math.max(worst, o.maxRel());
        }
        System.out.printf("cexport: %d programs, %d of %d logits bit-identical to Java, max relative difference %.3g%n",
                OUTCOMES.size(), same, total, worst);
    }
}
