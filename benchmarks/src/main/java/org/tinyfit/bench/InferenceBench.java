package org.tinyfit.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.kernels.Simd;
import org.tinyfit.model.net.BatchInference;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * Inference on the mnist-lstm shape (28 steps x 28 inputs, LSTM 128, dense 10) over the first
 * {@code samples} of its eval set, all in one fork so the scores compare as ratios:
 * <ul>
 * <li>{@code onnxruntime}: the same weights written here as an ONNX graph laid out as
 *     {@code torch.onnx.export} writes nn.LSTM + Linear (Transpose, LSTM, Squeeze, Gemm), run by
 *     onnxruntime for Java on the CPU with 2 intra-op threads (the peer);</li>
 * <li>{@code batched}: {@link BatchInference} (float32), {@code batchedInt8}: dense int8 weights and
 *     int8 activations, {@code batchedKp}: KP 8x4,64x39 (float32);</li>
 * <li>{@code perSample}: the per-sample reference {@link Inference} (the old kernels);</li>
 * <li>{@code projectedAccuracy}: what the window does for a changed plan: project the weights
 *     onto KP 8x4,64x39 (no cache) and measure accuracy over the eval set.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class InferenceBench {
    @Param({"2000"})
    public int samples;

    Network net, int8, kp;
    Dataset eval;
    float[] x;
    OrtEnvironment env;
    OrtSession session;
    String inputName;

    static Path home() {
        String h = System.getProperty("tinyfit.home");
        if (h != null) return Path.of(h);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/mnist-lstm"))) return p;
        }
        throw new IllegalStateException("sample-models not found: run from the project or set -Dtinyfit.home");
    }

    @Setup(Level.Trial) public void setup() throws Exception {
        Path dir = home().resolve("sample-models/mnist-lstm");
        net = TinyfitFile.read(dir.resolve("mnist-lstm.tinyfit"));
        eval = DatasetFile.read(dir.resolve("test.safetensors")).head(samples);
        int[] all = new int[eval.n()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        x = eval.inputs(all, 0, all.length);
        int8 = Compressor.apply(net, PlanText.parse("*=dense/int8;activations=int8", net));
        kp = Compressor.apply(net, PlanText.parse("lstm.kernel=kp:8x4,64x39", net));
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(2);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(onnx(net).toByteArray(), so);
        inputName = session.getInputNames().iterator().next();
        float[] ours = BatchInference.logits(net, x, eval.n()), ref = Inference.logits(net, x, eval.n()), ort = onnxruntime();
        System.out.printf("%nkernels: %s; max |batched - reference| %.2e, max |onnxruntime - reference| %.2e%n",
                Simd.describe(), maxDiff(ours, ref), maxDiff(ort, ref));
    }

    @TearDown(Level.Trial) public void tearDown() throws Exception {
        session.close();
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Benchmark public float[] onnxruntime() throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {eval.n(), net.steps(), net.features()});
             OrtSession.Result r = session.run(Map.of(inputName, t))) {
            float[][] l = (float[][]) r.get(0).getValue();
            float[] out = new float[l.length * l[0].length];
            for (int s = 0; s < l.length; s++) System.arraycopy(l[s], 0, out, s * l[s].length, l[s].length);
            return out;
        }
    }

    @Benchmark public float[] batched() { return BatchInference.logits(net, x, eval.n()); }

    @Benchmark public float[] batchedInt8() { return BatchInference.logits(int8, x, eval.n()); }

    @Benchmark public float[] batchedKp() { return BatchInference.logits(kp, x, eval.n()); }

    @Benchmark public float[] perSample() { return Inference.logits(net, x, eval.n()); }

    @Benchmark public float[] perSampleInt8() { return Inference.logits(int8, x, eval.n()); }

    @Benchmark public EvalProgress projectedAccuracy() {
        Network v = Compressor.apply(net, PlanText.parse("lstm.kernel=kp:8x4,64x39", net));
        return new StreamingEvaluator(2000, 2000).evaluate(v, eval, null, () -> false);
    }

    // ---- the ONNX graph ----

    /** The network as torch.onnx.export writes nn.LSTM(batch_first=True) + Linear on h_n: gates reordered i, o, f, c. */
    static ModelProto onnx(Network net) {
        RnnLayer l = (RnnLayer) net.layers().get(0);
        DenseLayer fc = (DenseLayer) net.layers().get(1);
        int nI = l.inputSize(), nH = l.hidden(), cols = nI + nH, nK = fc.outputSize();
        float[] k = l.kernel().toDense(), bias = l.bias();
        float[] w = new float[4 * nH * nI], r = new float[4 * nH * nH], b = new float[8 * nH];
        int[] fromTinyfit = {0, 3, 1, 2}; // ONNX block g holds TinyFit block fromTinyfit[g] (i, o, f, c <- i, f, g, o)
        for (int g = 0; g < 4; g++) {
            int src = fromTinyfit[g];
            for (int u = 0; u < nH; u++) {
                int row = src * nH + u, dst = g * nH + u;
                System.arraycopy(k, row * cols, w, dst * nI, nI);
                System.arraycopy(k, row * cols + nI, r, dst * nH, nH);
                b[dst] = bias[row];
            }
        }
        GraphProto.Builder gb = GraphProto.newBuilder().setName("main_graph");
        gb.addInitializer(floats("W", new long[] {1, 4 * nH, nI}, w));
        gb.addInitializer(floats("R", new long[] {1, 4 * nH, nH}, r));
        gb.addInitializer(floats("B", new long[] {1, 8 * nH}, b));
        gb.addInitializer(floats("fc.weight", new long[] {nK, nH}, fc.kernel().toDense()));
        gb.addInitializer(floats("fc.bias", new long[] {nK}, fc.bias()));
        TensorProto axes = TensorProto.newBuilder().setName("axes0").setDataType(7).addDims(1)
                .setRawData(ByteString.copyFrom(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0).array())).build();
        gb.addInitializer(axes);
        gb.addNode(node("Transpose", new String[] {"input"}, new String[] {"xt"}, ints("perm", 1, 0, 2)));
        gb.addNode(node("LSTM", new String[] {"xt", "W", "R", "B"}, new String[] {"y", "h_n", "c_n"},
                AttributeProto.newBuilder().setName("hidden_size").setType(AttributeProto.AttributeType.INT).setI(nH).build()));
        gb.addNode(node("Squeeze", new String[] {"h_n", "axes0"}, new String[] {"h"}));
        gb.addNode(node("Gemm", new String[] {"h", "fc.weight", "fc.bias"}, new String[] {"logits"},
                AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1).build()));
        gb.addInput(value("input", "batch", net.steps(), nI));
        gb.addOutput(value("logits", "batch", nK));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("tinyfit-bench")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(14)).setGraph(gb).build();
    }

    static TensorProto floats(String name, long[] dims, float[] data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
        for (long d : dims) t.addDims(d);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) bb.putFloat(f);
        return t.setRawData(ByteString.copyFrom(bb.array())).build();
    }

    static NodeProto node(String op, String[] in, String[] out, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName("/" + op);
        for (String i : in) n.addInput(i);
        for (String o : out) n.addOutput(o);
        for (AttributeProto a : attrs) n.addAttribute(a);
        return n.build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    static ValueInfoProto value(String name, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
            else s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }
}
