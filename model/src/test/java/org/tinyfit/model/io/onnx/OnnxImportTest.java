package org.tinyfit.model.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * Imported ONNX classifiers give the logits of an independent computation of
 * the ONNX equations and of onnxruntime on the same file, within 1e-4.
 */
class OnnxImportTest {
    static final double TOL = 1e-4;
    static final int N = 2;

    @TempDir Path dir;

    static Stream<OnnxFixtures.Fixture> fixtures() {
        return OnnxFixtures.all().stream();
    }

    static float[] input(OnnxFixtures.Fixture f, long seed) {
        Random r = new Random(seed);
        float[] x = new float[N * f.steps() * f.features()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** TinyFit's output for the fixture's graph output (softmax of the logits when the graph ends in Softmax). */
    static double[][] tinyfit(Network net, OnnxFixtures.Fixture f, float[] x) {
        float[] logits = Inference.logits(net, x, N);
        double[][] out = new double[N][f.classes()];
        for (int s = 0; s < N; s++) {
            for (int k = 0; k < f.classes(); k++) out[s][k] = logits[s * f.classes() + k];
            if (f.softmax()) out[s] = OnnxReference.softmax(out[s]);
        }
        return out;
    }

    static float[][] onnxruntime(byte[] model, OnnxFixtures.Fixture f, float[] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] fed = x;
        long[] shape = {N, f.steps(), f.features()};
        if (!f.batchFirst()) {
            fed = new float[x.length];
            for (int s = 0; s < N; s++)
                for (int t = 0; t < f.steps(); t++)
                    System.arraycopy(x, (s * f.steps() + t) * f.features(), fed, (t * N + s) * f.features(), f.features());
            shape = new long[] {f.steps(), N, f.features()};
        }
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model, so);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(fed), shape);
             OrtSession.Result res = session.run(Map.of(session.getInputNames().iterator().next(), t))) {
            return (float[][]) res.get(0).getValue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void logitsMatchReferenceAndOnnxRuntime(OnnxFixtures.Fixture f) throws Exception {
        Path file = dir.resolve(f.name() + ".onnx");
        Files.write(file, f.bytes());
        Network net = OnnxImporter.read(file);
        assertEquals(f.steps(), net.steps());
        assertEquals(f.features(), net.features());
        assertEquals(f.classes(), net.classes());
        float[] x = input(f, 5);
        double[][] ours = tinyfit(net, f, x);
        float[][] ort = onnxruntime(f.bytes(), f, x);
        double maxRef = 0, maxOrt = 0;
        for (int s = 0; s < N; s++) {
            double[] ref = f.reference().apply(OnnxReference.sample(x, s, f.steps(), f.features()));
            for (int k = 0; k < f.classes(); k++) {
                maxRef = Math.max(maxRef, Math.abs(ours[s][k] - ref[k]));
                maxOrt = Math.max(maxOrt, Math.abs(ours[s][k] - ort[s][k]));
                // the reference and onnxruntime agree with each other too: the fixture is what we think it is
                assertEquals(ref[k], ort[s][k], TOL, "reference vs onnxruntime, sample " + s + " class " + k);
            }
        }
        System.out.printf(Locale.ROOT, "onnx import %-26s max |tinyfit - reference| = %.2e, max |tinyfit - onnxruntime| = %.2e%n", f.name(), maxRef, maxOrt);
        assertTrue(maxRef < TOL, f.name() + ": TinyFit vs reference differ by " + maxRef);
        assertTrue(maxOrt < TOL, f.name() + ": TinyFit vs onnxruntime differ by " + maxOrt);
        // the logits are not trivially small: the comparison means something
        double spread = 0;
        for (double[] row : ours) for (double v : row) spread = Math.max(spread, Math.abs(v));
        assertTrue(spread > 0.05, "outputs are all near zero");
    }

    @Test
    void layersNamesAndProvenance() throws Exception {
        Path file = dir.resolve("gru.onnx");
        Files.write(file, OnnxFixtures.gru2MatMulRelu().bytes());
        Network net = OnnxImporter.read(file);
        assertEquals("gru", net.name());
        assertEquals(List.of("gru", "gru2", "fc", "fc2"), net.layers().stream().map(l -> l.name()).toList());
        RnnLayer g = (RnnLayer) net.layers().get(0);
        assertEquals(CellType.GRU, g.cell());
        assertTrue(g.linearBeforeReset());
        assertEquals(Activation.RELU, ((DenseLayer) net.layers().get(2)).activation());
        assertEquals(Activation.NONE, ((DenseLayer) net.layers().get(3)).activation());
        assertEquals(List.of("0", "1", "2"), net.classNames());
        assertEquals("onnx", net.provenance().imported().format());
        assertEquals("gru.onnx", net.provenance().imported().file());
        assertEquals(13, net.provenance().imported().opset());
        assertEquals("pytorch 2.1.0", net.provenance().imported().producer());
        assertEquals(64, net.provenance().imported().sha256().length());
        assertTrue(net.provenance().imported().notes().toString().contains("Softmax"));
        assertEquals(true, net.metadata().get("softmax_dropped"));
        Network named = OnnxImporter.read(file, new ImportOptions(null, "kws"));
        assertEquals("kws", named.name());
    }

    @Test
    void importedModelSurvivesTheTinyfitFormat() throws Exception {
        OnnxFixtures.Fixture f = OnnxFixtures.lstm2Slice();
        Path file = dir.resolve("m.onnx");
        Files.write(file, f.bytes());
        Network net = OnnxImporter.read(file);
        Path out = dir.resolve("m.tinyfit");
        TinyfitFile.write(net, out);
        Network back = TinyfitFile.read(out);
        float[] x = input(f, 9);
        float[] a = Inference.logits(net, x, N), b = Inference.logits(back, x, N);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 0f);
        assertEquals(net.provenance(), back.provenance(), "the import record survives the file");
    }
}
