package org.tinyfit.model.io.cexport;

import org.tinyfit.model.plan.Kron;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.Network;

/** Exports a network, builds it with gcc, runs the example and compares with Java. */
final class CExportHarness {
    private CExportHarness() { }

    static final boolean GCC = CToolchain.available("gcc");

    static void assumeGcc() {
        if (!GCC) System.err.println("SKIPPED: gcc is not installed; the C export tests need it (apt-get install gcc)");
        Assumptions.assumeTrue(GCC, "gcc is not installed");
    }

    /** What one exported program printed and how it compares. */
    record Outcome(String label, CExport.Result result, int logits, int identical, double maxRel, long staticBytes) {
        @Override public String toString() {
            return String.format("%-34s %3d/%3d logits bit-identical, max rel %.2g, static %d B (estimate %d B)",
                    label, identical, logits, maxRel, staticBytes, result.estimate().sram().total());
        }
    }

    static CExport.Result export(Network compressed, int samples, long seed) {
        int per = compressed.steps() * compressed.features();
        float[] x = new float[samples * per];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return CExport.generate(compressed, x, samples, DeviceCatalog.builtIn().get("nucleo-f746zg"), "TinyFit tests");
    }

    /** Exports {@code net} under {@code plan}, builds and runs; asserts agreement and returns the numbers. */
    static Outcome check(String label, Network net, String plan, Path dir) throws IOException {
        Network c = plan.isEmpty() ? net : Compressor.apply(net, PlanText.parse(plan, net));
        CExport.Result res = export(c, 3, label.hashCode());
        res.write(dir);
        if (System.getProperty("tinyfit.cexport.keep") != null) res.write(Path.of(System.getProperty("tinyfit.cexport.keep"), label));
        CToolchain.Run b = CToolchain.buildHost(dir);
        assertTrue(b.ok(), label + ": gcc failed:\n" + b.out());
        CToolchain.Run run = CToolchain.run(List.of(dir.resolve("tinyfit_test").toString()), dir, 120);
        boolean int8 = res.plan().activations() == Activations.INT8;
        // parse "sample s pred p expected e logits hex..."
        List<float[]> got = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.startsWith("sample ")) continue;
            String[] f = line.split(" ");
            float[] v = new float[f.length - 7];
            for (int k = 0; k < v.length; k++) v[k] = Float.intBitsToFloat((int) Long.parseLong(f[7 + k], 16));
            got.add(v);
        }
        int classes = c.classes();
        assertEquals(res.testSamples(), got.size(), label + ": program output:\n" + run.out());
        int same = 0, total = 0;
        double worst = 0;
        for (int s = 0; s < got.size(); s++) {
            for (int k = 0; k < classes; k++) {
                float cv = got.get(s)[k], jv = res.testLogits()[s * classes + k];
                total++;
                if (Float.floatToRawIntBits(cv) == Float.floatToRawIntBits(jv)) same++;
                double rel = Math.abs((double) cv - jv) / Math.max(Math.abs(jv), 1e-3);
                worst = Math.max(worst, rel);
                if (int8) {
                    assertEquals(Float.floatToRawIntBits(jv), Float.floatToRawIntBits(cv),
                            label + ": sample " + s + " logit " + k + ": C " + cv + " vs Java " + jv + " (int8 must be bit-exact)");
                } else {
                    assertTrue(rel <= 1e-4, label + ": sample " + s + " logit " + k + ": C " + cv + " vs Java " + jv);
                }
            }
        }
        assertTrue(run.ok(), label + ": the example reported a failure:\n" + run.out());
        long stat = CToolchain.staticDataBytes(dir.resolve("tinyfit_model.o"), "nm");
        assertEquals(res.memory().totalBytes(), stat, label + ": static buffers of the object vs the layout");
        return new Outcome(label, res, total, same, worst, stat);
    }

    static long peak(CExport.Result r) { return r.estimate().sram().total(); }

    static String kp(int m, int n, boolean cxFirst) {
        // a factorisation of m x n whose cheaper order is the one asked for; prefer factors > 1
        String best = null;
        int bestScore = -1;
        for (int m1 = 1; m1 <= m; m1++) {
            if (m % m1 != 0) continue;
            for (int n1 = 1; n1 <= n; n1++) {
                if (n % n1 != 0) continue;
                int m2 = m / m1, n2 = n / n1;
                if (Kron.cxFirst(m1, n1, m2, n2) != cxFirst) continue;
                int score = (m1 > 1 ? 1 : 0) + (n1 > 1 ? 1 : 0) + (m2 > 1 ? 1 : 0) + (n2 > 1 ? 1 : 0);
                if (score > bestScore) {
                    bestScore = score;
                    best = m1 + "x" + n1 + "," + m2 + "x" + n2;
                }
            }
        }
        if (best == null) throw new IllegalArgumentException("no KP of " + m + "x" + n + " in that order");
        return best;
    }
}
