package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.cexport.CToolchain;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

class ExportCommandTest {
    @TempDir static Path home;
    @TempDir Path out;
    static Network net;
    static Dataset data;
    static String oldHome;

    static final String PLAN = "lstm.kernel=kp:4x3,8x5/int8;fc.kernel=prune:0.5/int4;activations=int8";

    static CliHarness.Run run(String... args) { return CliHarness.run(args); }

    @BeforeAll
    static void sampleHome() throws Exception {
        Random r = new Random(8);
        int h = 8, in = 7;
        float[] w = new float[4 * h * (in + h)];
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() * 0.4);
        float[] fw = new float[3 * h];
        for (int i = 0; i < fw.length; i++) fw[i] = (float) r.nextGaussian();
        float[] b = new float[4 * h];
        for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextGaussian() * 0.1);
        net = new Network("tiny", 6, in, List.of(
                new RnnLayer("lstm", CellType.LSTM, in, h, new DenseOp(w, 4 * h, in + h), b, null, false, null),
                new DenseLayer("fc", h, 3, new DenseOp(fw, 3, h), new float[] {0.1f, -0.2f, 0.05f}, Activation.NONE)),
                List.of("a", "b", "c"), Map.of(), Provenance.fromMap(Map.of("seed", 1)), Map.of("eval", "test.safetensors"));
        int n = 20;
        byte[] x = new byte[n * 6 * in];
        r.nextBytes(x);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(3);
        data = new Dataset("test", n, 6, in, x, null, y, 1f / 255, List.of("a", "b", "c"), Map.of("source", "random"));
        Path dir = home.resolve("sample-models/tiny");
        Files.createDirectories(dir);
        TinyfitFile.write(net, dir.resolve("tiny.tinyfit"));
        DatasetFile.write(data, dir.resolve("test.safetensors"));
        oldHome = CliHarness.setHome(home);
    }

    @AfterAll
    static void restore() { CliHarness.restoreHome(oldHome); }

    static float[] logits(Network n) {
        float[] x = data.inputs(new int[] {0, 1, 2, 3, 4}, 0, 5);
        return Inference.logits(n, x, 5);
    }

    @Test
    void tinyfitFormatReopensWithIdenticalPredictionsAndRecordsThePlan() throws Exception {
        Path file = out.resolve("sub");
        Files.createDirectories(file);
        CliHarness.Run r = run("export", "tiny", "--plan", PLAN, "--format", "tinyfit", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        Network back = TinyfitFile.read(file.resolve("tiny.tinyfit"));
        Network expected = Compressor.apply(net, PlanText.parse(PLAN, net));
        assertArrayEquals(logits(expected), logits(back));
        Provenance p = back.provenance();
        assertEquals(PLAN, p.plan());
        assertEquals(org.tinyfit.model.provenance.ModelKind.PROJECTED, p.kind());
        assertEquals("tiny.tinyfit", p.parent().file());
        assertEquals(1L, p.seed(), "the training record of the source is kept");
        // the accuracy is measured on the exported file (on the source's eval set), not copied
        assertEquals(new org.tinyfit.model.data.StreamingEvaluator().evaluate(back, data, null, () -> false).accuracy(), p.accuracy().value(), 0.0);
        assertEquals((long) data.n(), p.evalData().samples());
        assertTrue(r.out().contains("measured on the file"), r.out());
        // the eval set is not next to the new file: not named, and said so
        assertTrue(back.datasets().isEmpty(), back.datasets().toString());
        assertTrue(r.out().contains("does not name it"), r.out());
        // next to the model, it is kept
        Path side = home.resolve("sample-models/tiny/tiny-kp.tinyfit");
        assertEquals(0, run("export", "tiny", "--plan", PLAN, "--format", "tinyfit", "--out", side.toString()).code());
        assertEquals("test.safetensors", TinyfitFile.read(side).datasets().get("eval"));
        Files.delete(side);
        // the re-opened model exports as stored
        CliHarness.Run c = run("export", file.resolve("tiny.tinyfit").toString(), "--format", "csv", "--out", out.resolve("a.csv").toString());
        assertEquals(0, c.code(), c.err());
    }

    @Test
    void csvHasOneRowPerMatrixWithTheCostModelsNumbers() throws Exception {
        Path file = out.resolve("costs.csv");
        CliHarness.Run r = run("export", "tiny", "--plan", PLAN, "--format", "csv", "--out", file.toString(), "--device", "nucleo-f446re");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals("name,technique,rows,cols,shape,bits,params,flash_bytes,sparse_index,sparse_index_bytes,nnz,macs_per_step,steps,"
                + "macs,sparse_macs,rank_bound,intermediate,kp_order,data_type", lines.get(0));
        CompressionPlan p = PlanText.parse(PLAN, net);
        CostReport est = CostModel.estimate(net, p, DeviceCatalog.builtIn().get("nucleo-f446re"), CostOptions.DEFAULT);
        MatrixCost lstm = est.matrix("lstm.kernel");
        String[] f = lines.get(1).split(",", -1);
        assertEquals("lstm.kernel", f[0]);
        assertEquals("kp", f[1]);
        assertEquals("32 x 15", f[4]);
        assertEquals("8", f[5]);
        // KP 4x3 and 8x5 at 8 bits: 12 + 40 values, (12 + 4) + (40 + 4) bytes
        assertEquals("52", f[6]);
        assertEquals("60", f[7]);
        assertEquals(Long.toString(lstm.macs()), f[13]);
        assertEquals(Integer.toString(3 * 5), f[15]); // rank bound min(4,3)*min(8,5)
        String[] g = lines.get(2).split(",", -1);
        assertEquals("prune", g[1]);
        assertEquals("", g[15]); // pruned: no rank bound
        assertEquals(est.matrix("fc.kernel").sparseIndex(), g[8]);
        assertTrue(r.out().contains("nucleo-f446re"), r.out());
        // default device
        CliHarness.Run d = run("export", "tiny", "--format", "csv", "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("nucleo-f746zg"), d.out());
        assertTrue(Files.isRegularFile(out.resolve("tiny-costs.csv")));
    }

    @Test
    void cFormatBuildsAndMatchesJava() throws Exception {
        Assumptions.assumeTrue(CToolchain.available("gcc"), "gcc is not installed");
        Path dir = out.resolve("c");
        CliHarness.Run r = run("export", "tiny", "--plan", PLAN, "--format", "c", "--out", dir.toString(), "--check", "--samples", "4");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS: 12 of 12 logits bit-identical"), r.out());
        assertTrue(r.out().contains("the first 4 samples of test"), r.out());
        for (String f : List.of("tinyfit_model.h", "tinyfit_model.c", "main.c", "test_vector.h")) assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        String h = Files.readString(dir.resolve("tinyfit_model.h"));
        assertTrue(h.contains("int tinyfit_predict(const float *input, float *logits);"), h);
        assertTrue(h.contains("#define TINYFIT_INT8_ACTIVATIONS 1"), h);
    }

    @Test
    void reportMeasuresACortexM4BuildWhenTheToolchainIsInstalled() throws Exception {
        boolean arm = CToolchain.available(CToolchain.ARM_GCC);
        if (!arm) System.err.println("SKIPPED: arm-none-eabi-gcc is not installed (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");
        Assumptions.assumeTrue(arm, "arm-none-eabi-gcc is not installed");
        Path dir = out.resolve("m4");
        CliHarness.Run r = run("export", "tiny", "--format", "c", "--out", dir.toString(), "--report");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("measured"), r.out());
        String rep = Files.readString(dir.resolve("size_report.txt"));
        // float32 model as stored: the .bss is exactly the C's buffers, which equal the estimate
        CostReport est = CostModel.estimate(net, CompressionPlan.none(), DeviceCatalog.builtIn().get("nucleo-f746zg"), CostOptions.DEFAULT);
        assertTrue(rep.contains(String.format("SRAM:  %,d bytes measured (.bss + .data); %,d bytes estimated", est.sramBytes(), est.sramBytes())), rep);
        assertTrue(rep.contains(String.format("%,d bytes estimated (model data only)", est.flashBytes())), rep);
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() throws Exception {
        CliHarness.Run r = run("export", "tiny", "--plan", "lstm.kernel=kp:5x5,5x5", "--format", "c", "--out", out.toString());
        assertEquals(2, r.code());
        assertFalse(r.err().contains("Exception"), r.err());
        Path f = out.resolve("file.txt");
        Files.writeString(f, "x");
        r = run("export", "tiny", "--format", "c", "--out", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a file"), r.err());
        r = run("export", "tiny", "--format", "csv", "--out", out.resolve("x.csv").toString(), "--report");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--format c only"), r.err());
        r = run("export", "tiny", "--format", "zip", "--out", out.toString());
        assertEquals(2, r.code());
        r = run("export", "tiny", "--format", "csv", "--out", out.resolve("nodir/x.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such folder"), r.err());
    }
}
