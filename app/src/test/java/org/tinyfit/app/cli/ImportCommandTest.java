package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.app.AppServices;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

/**
 * {@code tinyfit import}: a TinyFit network written as PyTorch's ONNX graph comes
 * back with the same logits and the same accuracy; bad input is one line on
 * stderr and exit code 2. The window's default loader imports .onnx too.
 */
class ImportCommandTest {
    @TempDir static Path dir;
    static Network net;
    static Path onnx, data, original;

    static CliHarness.Run run(String... args) { return CliHarness.run(args); }

    @BeforeAll
    static void files() throws Exception {
        Random r = new Random(8);
        int nI = 3, nH = 5, nK = 4, nT = 6;
        float[] w = new float[4 * nH * (nI + nH)], b = new float[4 * nH], fw = new float[nK * nH], fb = new float[nK];
        for (float[] a : List.of(w, b, fw, fb)) for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * 0.7);
        net = new Network("orig", nT, nI, List.of(
                new RnnLayer("lstm", CellType.LSTM, nI, nH, new DenseOp(w, 4 * nH, nI + nH), b, null, false, null),
                new DenseLayer("fc", nH, nK, new DenseOp(fw, nK, nH), fb, Activation.NONE)), null, Map.of(), Provenance.NONE, Map.of());
        onnx = dir.resolve("classifier.onnx");
        Files.write(onnx, OnnxExport.of(net, false).toByteArray());
        Files.write(dir.resolve("open-steps.onnx"), OnnxExport.of(net, true).toByteArray());
        int n = 200;
        byte[] x = new byte[n * nT * nI];
        r.nextBytes(x);
        int[] y = new int[n];
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) xf[i] = (x[i] & 0xff) / 255f;
        float[] logits = Inference.logits(net, xf, n);
        for (int s = 0; s < n; s++) y[s] = s % 3 == 0 ? r.nextInt(nK) : Inference.argmax(logits, s, nK);
        data = dir.resolve("test.safetensors");
        DatasetFile.write(new Dataset("test", n, nT, nI, x, null, y, 1f / 255, List.of("0", "1", "2", "3"), Map.of("source", "random")), data);
        original = dir.resolve("orig.tinyfit");
        TinyfitFile.write(net, original);
    }

    @Test
    void importWritesAModelWithTheSameLogitsAndAccuracy() throws Exception {
        Path out = dir.resolve("out/imported.tinyfit");
        CliHarness.Run r = run("import", onnx.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ONNX opset 17, pytorch 2.1.0"), r.out());
        assertTrue(r.out().contains("lstm") && r.out().contains("fc") && r.out().contains("params    " + net.params()), r.out());
        assertTrue(r.out().contains("wrote     " + out), r.out());
        Network back = TinyfitFile.read(out);
        assertEquals("classifier", back.name());
        float[] x = new float[3 * 6 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.cos(i * 0.7);
        float[] a = Inference.logits(net, x, 3), b = Inference.logits(back, x, 3);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5f);

        CliHarness.Run info = run("info", out.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("onnx import"), info.out());

        ObjectMapper m = new ObjectMapper();
        CliHarness.Run e1 = run("eval", out.toString(), "--data", data.toString(), "--json");
        CliHarness.Run e2 = run("eval", original.toString(), "--data", data.toString(), "--json");
        assertEquals(0, e1.code(), e1.err());
        JsonNode j1 = m.readTree(e1.out()), j2 = m.readTree(e2.out());
        assertEquals(j2.get("accuracy").asDouble(), j1.get("accuracy").asDouble(), 1e-12);
        assertTrue(j1.get("accuracy").asDouble() > 0.5, e1.out());

        CliHarness.Run named = run("import", onnx.toString(), "--out", dir.resolve("n.tinyfit").toString(), "--name", "kws");
        assertEquals(0, named.code(), named.err());
        assertEquals("kws", TinyfitFile.read(dir.resolve("n.tinyfit")).name());
    }

    @Test
    void infoAndEvalReadOnnxDirectly() {
        CliHarness.Run r = run("info", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lstm"), r.out());
    }

    @Test
    void symbolicStepsNeedTheOption() {
        String file = dir.resolve("open-steps.onnx").toString();
        CliHarness.Run r = run("import", file, "--out", dir.resolve("s.tinyfit").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'sequence'") && r.err().contains("--steps N"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliHarness.Run ok = run("import", file, "--out", dir.resolve("s.tinyfit").toString(), "--steps", "6");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, "not a model at all".getBytes());
        Path tiny = dir.resolve("x.tinyfit");
        for (String[] args : List.of(
                new String[] {"import", dir.resolve("missing.onnx").toString(), "--out", tiny.toString()},
                new String[] {"import", onnx.toString(), "--out", dir.resolve("x.txt").toString()},
                new String[] {"import", junk.toString(), "--out", tiny.toString()},
                new String[] {"import", original.toString(), "--out", tiny.toString()},
                new String[] {"import", onnx.toString(), "--out", tiny.toString(), "--steps", "0"})) {
            CliHarness.Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("tinyfit: "), r.err());
        }
        assertTrue(run("import", junk.toString(), "--out", tiny.toString()).err().contains("junk.onnx"));
    }

    @Test
    void windowLoaderImportsOnnx() throws Exception {
        Network n = AppServices.FILE_READER.load(onnx);
        assertEquals(List.of("lstm", "fc"), n.layers().stream().map(l -> l.name()).toList());
        assertEquals("orig", AppServices.FILE_READER.load(original).name());
    }
}
