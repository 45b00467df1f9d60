package org.tinyfit.model.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyfit.model.io.onnx.OnnxBuilder.attr;
import static org.tinyfit.model.io.onnx.OnnxBuilder.in;
import static org.tinyfit.model.io.onnx.OnnxFixtures.d;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;

/** Unsupported graphs are refused with a message naming the node, the op and what is supported; bad files get a clear error. */
class OnnxRefusalTest {
    static final int T = 4, I = 3, H = 2, K = 3;
    @TempDir Path dir;

    /** x [batch, T, I] -> Transpose -> LSTM (attributes extra) -> Y_h squeezed -> Gemm: the happy path, with a hook. */
    static ModelProto lstmModel(Object batch, Object steps, int dirs, AttributeProto... extra) {
        OnnxBuilder m = new OnnxBuilder();
        Random r = new Random(1);
        String x = m.input("x", batch, steps, I);
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        AttributeProto[] attrs = Arrays.copyOf(extra, extra.length + 1);
        attrs[extra.length] = attr("hidden_size", (long) H);
        String[] l = m.node("LSTM", 3, in(xt, m.init("W", d(dirs, 4 * H, I), OnnxFixtures.rnd(r, dirs * 4 * H * I, 0.5)),
                m.init("R", d(dirs, 4 * H, H), OnnxFixtures.rnd(r, dirs * 4 * H * H, 0.5))), attrs);
        String h = m.op("Squeeze", in(l[1], m.ints("q", 0)));
        String y = m.op("Gemm", in(h, m.init("fc.w", d(K, H), OnnxFixtures.rnd(r, K * H, 0.5))), attr("transB", 1L));
        m.output(y, batch, K);
        return m.model(14);
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    String refuse(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> OnnxImporter.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void happyPathOfTheHookedModel() throws Exception {
        Network net = OnnxImporter.read(write("ok.onnx", lstmModel("batch", T, 1).toByteArray()));
        assertEquals(T, net.steps());
        assertEquals(2, net.layers().size());
    }

    @Test
    void unsupportedOpNamesTheOpTheNodeAndWhatIsSupported() throws Exception {
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", "batch", T, I);
        m.g.addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("/features/conv1/Conv")
                .addInput(x).addInput(m.init("cw", d(I, I, 1), new float[I * I])).addOutput("conv_out"));
        String xt = m.op("Transpose", in("conv_out"), attr("perm", d(1, 0, 2)));
        String[] l = m.node("LSTM", 3, in(xt, m.init("W", d(1, 4 * H, I), new float[4 * H * I]), m.init("R", d(1, 4 * H, H), new float[4 * H * H])),
                attr("hidden_size", (long) H));
        String h = m.op("Squeeze", in(l[1], m.ints("q", 0)));
        m.output(m.op("Gemm", in(h, m.init("fc.w", d(K, H), new float[K * H])), attr("transB", 1L)), "batch", K);
        String msg = refuse("conv.onnx", m.model(14).toByteArray());
        assertTrue(msg.contains("'/features/conv1/Conv'"), msg);
        assertTrue(msg.contains("op Conv"), msg);
        assertTrue(msg.contains("LSTM and GRU") && msg.contains("Gemm"), msg);
    }

    @Test
    void unusedUnsupportedNodesAreIgnored() throws Exception {
        ModelProto base = lstmModel("batch", T, 1);
        ModelProto.Builder b = base.toBuilder();
        b.getGraphBuilder().addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("dead").addInput("x").addOutput("nowhere"));
        OnnxImporter.read(write("dead.onnx", b.build().toByteArray()));
    }

    @Test
    void bidirectionalIsRefused() throws Exception {
        String msg = refuse("bi.onnx", lstmModel("batch", T, 2, attr("direction", "bidirectional")).toByteArray());
        assertTrue(msg.contains("bidirectional") && msg.contains("forward"), msg);
        assertTrue(msg.contains("op LSTM"), msg);
    }

    @Test
    void clipAndPeepholeFreeActivationsAreChecked() throws Exception {
        assertTrue(refuse("clip.onnx", lstmModel("batch", T, 1, attr("clip", 3f)).toByteArray()).contains("clip"));
        AttributeProto acts = AttributeProto.newBuilder().setName("activations").setType(AttributeProto.AttributeType.STRINGS)
                .addStrings(ByteString.copyFromUtf8("HardSigmoid")).addStrings(ByteString.copyFromUtf8("Tanh")).addStrings(ByteString.copyFromUtf8("Tanh")).build();
        assertTrue(refuse("acts.onnx", lstmModel("batch", T, 1, acts).toByteArray()).contains("HardSigmoid"));
    }

    @Test
    void symbolicTimeNeedsSteps() throws Exception {
        Path p = write("seq.onnx", lstmModel("batch", "seq_len", 1).toByteArray());
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> OnnxImporter.read(p));
        assertTrue(e.getMessage().contains("'seq_len'") && e.getMessage().contains("--steps"), e.getMessage());
        Network net = OnnxImporter.read(p, new ImportOptions(T, null));
        Network fixed = OnnxImporter.read(write("fixed.onnx", lstmModel("batch", T, 1).toByteArray()));
        assertEquals(T, net.steps());
        float[] x = new float[T * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        assertArrayEquals(Inference.logits(fixed, x, 1), Inference.logits(net, x, 1));
        TinyfitFormatException e2 = assertThrows(TinyfitFormatException.class,
                () -> OnnxImporter.read(write("fixed2.onnx", lstmModel("batch", T, 1).toByteArray()), new ImportOptions(T + 1, null)));
        assertTrue(e2.getMessage().contains("has " + T + " steps"), e2.getMessage());
    }

    @Test
    void nonZeroInitialStateIsRefused() throws Exception {
        ModelProto.Builder b = lstmModel("batch", T, 1).toBuilder();
        var g = b.getGraphBuilder();
        g.addInitializer(OnnxBuilder.floats("h0", d(1, 1, H), new float[] {0.5f, 0f}, true));
        var lstm = g.getNodeBuilderList().stream().filter(n -> n.getOpType().equals("LSTM")).findFirst().orElseThrow();
        lstm.addInput("").addInput("").addInput("h0");
        String msg = refuse("h0.onnx", b.build().toByteArray());
        assertTrue(msg.contains("non-zero initial_h"), msg);
    }

    @Test
    void truncatedAndGarbageFilesGiveAClearError() throws Exception {
        byte[] full = OnnxFixtures.lstmGemm().bytes();
        for (int cut : new int[] {full.length / 2, full.length - 7, 10, 1}) {
            String msg = refuse("cut" + cut + ".onnx", Arrays.copyOf(full, cut));
            assertTrue(msg.contains("not a valid ONNX model") || msg.contains("no ONNX graph") || msg.contains("no earlier node"), msg);
        }
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        refuse("junk.onnx", junk);
        assertTrue(refuse("text.onnx", "hello, this is not a model\n".getBytes()).length() > 0);
        assertTrue(refuse("zip.onnx", new byte[] {'P', 'K', 3, 4, 0, 0}).contains("zip"));
        assertTrue(refuse("empty.onnx", new byte[0]).contains("empty"));
    }

    @Test
    void tensorWhoseDimsDisagreeWithItsData() throws Exception {
        ModelProto.Builder b = lstmModel("batch", T, 1).toBuilder();
        var g = b.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("W")) {
                TensorProto w = g.getInitializer(i);
                g.setInitializer(i, w.toBuilder().setRawData(w.getRawData().substring(0, w.getRawData().size() - 4)));
            }
        }
        String msg = refuse("short.onnx", b.build().toByteArray());
        assertTrue(msg.contains("initializer 'W'") && msg.contains("declares shape [1, 8, 3]") && msg.contains("92 bytes"), msg);
    }

    @Test
    void hostileDimsAreRejectedWithoutAllocating() throws Exception {
        ModelProto.Builder b = lstmModel("batch", T, 1).toBuilder();
        b.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("huge").setDataType(1)
                .addDims(1L << 20).addDims(1L << 20).setRawData(ByteString.copyFrom(new byte[4])));
        b.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("overflow").setDataType(1)
                .addDims(1L << 40).addDims(1L << 40).addDims(1L << 40).addFloatData(1f));
        byte[] bytes = b.build().toByteArray();
        String msg = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refuse("huge.onnx", bytes));
        assertTrue(msg.contains("'huge'") && msg.contains("larger than the limit"), msg);
        ModelProto.Builder b2 = lstmModel("batch", T, 1).toBuilder();
        b2.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("neg").setDataType(1).addDims(-5).addDims(-5));
        assertTrue(refuse("neg.onnx", b2.build().toByteArray()).contains("negative"));
    }

    @Test
    void hostileConstantOfShapeIsNotMaterialised() throws Exception {
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", "batch", T, I);
        String big = m.op("ConstantOfShape", in(m.ints("shape", 1L << 30, 1L << 30)),
                attr("value", OnnxBuilder.floats("v", d(1), new float[] {1f}, true)));
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        String[] l = m.node("LSTM", 3, in(xt, m.init("W", d(1, 4 * H, I), new float[4 * H * I]), m.init("R", d(1, 4 * H, H), new float[4 * H * H]),
                "", "", big), attr("hidden_size", (long) H));
        String h = m.op("Squeeze", in(l[1], m.ints("q", 0)));
        m.output(m.op("Gemm", in(h, m.init("fc.w", d(K, H), new float[K * H])), attr("transB", 1L)), "batch", K);
        String msg = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refuse("cos.onnx", m.model(14).toByteArray()));
        assertTrue(msg.contains("larger than the limit"), msg);
    }

    @Test
    void denseOnEveryStepOrAnEarlyStepIsRefused() throws Exception {
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", "batch", T, I);
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        String[] l = m.node("LSTM", 3, in(xt, m.init("W", d(1, 4 * H, I), new float[4 * H * I]), m.init("R", d(1, 4 * H, H), new float[4 * H * H])),
                attr("hidden_size", (long) H));
        String y = m.op("Squeeze", in(l[0], m.ints("q", 1)));
        String first = m.op("Gather", in(y, m.scalar("zero", 0)), attr("axis", 0L));
        m.output(m.op("Gemm", in(first, m.init("fc.w", d(K, H), new float[K * H])), attr("transB", 1L)), "batch", K);
        String msg = refuse("first.onnx", m.model(14).toByteArray());
        assertTrue(msg.contains("time step 0") && msg.contains("last step"), msg);

        OnnxBuilder m2 = new OnnxBuilder();
        String x2 = m2.input("x", "batch", T, I);
        String xt2 = m2.op("Transpose", in(x2), attr("perm", d(1, 0, 2)));
        String[] l2 = m2.node("LSTM", 3, in(xt2, m2.init("W", d(1, 4 * H, I), new float[4 * H * I]), m2.init("R", d(1, 4 * H, H), new float[4 * H * H])),
                attr("hidden_size", (long) H));
        String y2 = m2.op("Squeeze", in(l2[0], m2.ints("q", 1)));
        m2.output(m2.op("MatMul", in(y2, m2.init("fc.w", d(H, K), new float[K * H]))), T, "batch", K);
        String msg2 = refuse("every.onnx", m2.model(14).toByteArray());
        assertTrue(msg2.contains("every time step"), msg2);
    }

    @Test
    void noRnnOrTwoInputsIsRefused() throws Exception {
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", "batch", T, I);
        String f = m.op("Flatten", in(x), attr("axis", 1L));
        m.output(m.op("Gemm", in(f, m.init("fc.w", d(K, T * I), new float[K * T * I])), attr("transB", 1L)), "batch", K);
        String msg = refuse("mlp.onnx", m.model(14).toByteArray());
        assertTrue(msg.contains("LSTM"), msg);
        ModelProto.Builder b = lstmModel("batch", T, 1).toBuilder();
        b.getGraphBuilder().addInput(b.getGraph().getInput(0).toBuilder().setName("x2"));
        assertTrue(refuse("two.onnx", b.build().toByteArray()).contains("2 inputs"));
    }
}
