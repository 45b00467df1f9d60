package org.tinyfit.model.io.onnx;

import static org.tinyfit.model.io.onnx.OnnxBuilder.attr;
import static org.tinyfit.model.io.onnx.OnnxBuilder.in;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * ONNX models with known random weights, laid out as {@code torch.onnx.export}
 * writes nn.LSTM / nn.GRU classifiers, each with an independent reference
 * computation (the ONNX equations in {@link OnnxReference}).
 */
final class OnnxFixtures {
    /**
     * @param reference one sample xs[t][i] to the graph's output (logits, or probabilities when {@code softmax})
     */
    record Fixture(String name, ModelProto model, int steps, int features, int classes, boolean batchFirst,
                   boolean softmax, Function<double[][], double[]> reference) {
        byte[] bytes() { return model.toByteArray(); }
    }

    private OnnxFixtures() { }

    static float[] rnd(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
        return v;
    }

    static long[] d(long... v) { return v; }

    /** (a) nn.LSTM(3, 4, batch_first=True) + Linear(4, 5) on out[:, -1, :]; dynamic batch; opset 14. */
    static Fixture lstmGemm() {
        int nT = 6, nI = 3, nH = 4, nK = 5;
        Random r = new Random(11);
        float[] w = rnd(r, 4 * nH * nI, 0.6), rr = rnd(r, 4 * nH * nH, 0.6), b = rnd(r, 8 * nH, 0.3);
        float[] fw = rnd(r, nK * nH, 0.8), fb = rnd(r, nK, 0.2);
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("input", "batch", nT, nI);
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        String h0 = m.zeroState(x, 1, nH);
        // c0 through Expand of a zero scalar, the other pattern exports use
        String shape = m.op("Shape", in(x));
        String bsz = m.op("Gather", in(shape, m.ints("i0", 0)), attr("axis", 0L));
        String dims = m.op("Concat", in(m.ints("one", 1), bsz, m.ints("h", nH)), attr("axis", 0L));
        String c0 = m.op("Expand", in(m.constant("zero", d(), new float[] {0f}), dims));
        String[] lstm = m.node("LSTM", 3, in(xt, m.init("W", d(1, 4 * nH, nI), w), m.init("R", d(1, 4 * nH, nH), rr),
                m.init("B", d(1, 8 * nH), b), "", h0, c0), attr("hidden_size", (long) nH));
        String y = m.op("Squeeze", in(lstm[0], m.ints("ax1", 1)));
        String yb = m.op("Transpose", in(y), attr("perm", d(1, 0, 2)));
        String last = m.op("Gather", in(yb, m.scalar("minus1", -1)), attr("axis", 1L));
        m.op("Gemm", in(last, m.init("fc.weight", d(nK, nH), fw), m.init("fc.bias", d(nK), fb)),
                attr("alpha", 1f), attr("beta", 1f), attr("transB", 1L));
        m.g.getNodeBuilderList().get(m.g.getNodeCount() - 1).setOutput(0, "logits"); // PyTorch's output_names
        m.output("logits", "batch", nK);
        return new Fixture("lstm-gemm", m.model(14), nT, nI, nK, true, false, xs -> {
            double[][] hs = OnnxReference.lstm(xs, w, rr, b, nH);
            return OnnxReference.linear(hs[nT - 1], fw, fb, nK);
        });
    }

    /** (b) nn.GRU(4, 6, num_layers=2, batch_first=True) on h_n[-1], Linear(6, 7) as MatMul+Add, ReLU, Linear(7, 3), Softmax; opset 13. */
    static Fixture gru2MatMulRelu() {
        int nT = 5, nI = 4, nH = 6, nF = 7, nK = 3;
        Random r = new Random(12);
        float[] w1 = rnd(r, 3 * nH * nI, 0.6), r1 = rnd(r, 3 * nH * nH, 0.6), b1 = rnd(r, 6 * nH, 0.4);
        float[] w2 = rnd(r, 3 * nH * nH, 0.6), r2 = rnd(r, 3 * nH * nH, 0.6), b2 = rnd(r, 6 * nH, 0.4);
        float[] mw = rnd(r, nH * nF, 0.7), mb = rnd(r, nF, 0.3), gw = rnd(r, nK * nF, 0.7), gb = rnd(r, nK, 0.2);
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", "batch", nT, nI);
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        String h0 = m.zeroState(x, 2, nH);
        String h00 = m.op("Slice", in(h0, m.ints("s0", 0), m.ints("e0", 1), m.ints("a0", 0)));
        String h01 = m.op("Slice", in(h0, m.ints("s1", 1), m.ints("e1", 2), m.ints("a1", 0)));
        String[] g1 = m.node("GRU", 2, in(xt, m.init("W1", d(1, 3 * nH, nI), w1), m.init("R1", d(1, 3 * nH, nH), r1),
                m.init("B1", d(1, 6 * nH), b1), "", h00), attr("hidden_size", (long) nH), attr("linear_before_reset", 1L));
        String y1 = m.op("Squeeze", in(g1[0], m.ints("sq1", 1)));
        String[] g2 = m.node("GRU", 2, in(y1, m.init("W2", d(1, 3 * nH, nH), w2), m.init("R2", d(1, 3 * nH, nH), r2),
                m.init("B2", d(1, 6 * nH), b2), "", h01), attr("hidden_size", (long) nH), attr("linear_before_reset", 1L));
        String hn = m.op("Concat", in(g1[1], g2[1]), attr("axis", 0L));
        String last = m.op("Gather", in(hn, m.scalar("m1", -1)), attr("axis", 0L));
        String mm = m.op("MatMul", in(last, m.init("fc1.wT", d(nH, nF), mw)));
        String add = m.op("Add", in(mm, m.init("fc1.bias", d(nF), mb)));
        String relu = m.op("Relu", in(add));
        String gemm = m.op("Gemm", in(relu, m.init("fc2.weight", d(nK, nF), gw), m.init("fc2.bias", d(nK), gb)), attr("transB", 1L));
        String sm = m.op("Softmax", in(gemm), attr("axis", 1L));
        m.output(sm, "batch", nK);
        return new Fixture("gru2-matmul-relu-softmax", m.model(13), nT, nI, nK, true, true, xs -> {
            double[][] s1 = OnnxReference.gru(xs, w1, r1, b1, nH, true);
            double[][] s2 = OnnxReference.gru(s1, w2, r2, b2, nH, true);
            double[] f1 = OnnxReference.relu(OnnxReference.matmul(s2[nT - 1], mw, mb, nF));
            return OnnxReference.softmax(OnnxReference.linear(f1, gw, gb, nK));
        });
    }

    /**
     * (c) nn.LSTM(2, 3, num_layers=2, batch_first=True), static batch 2, weights in Constant nodes (float_data),
     * Y transposed and reshaped, out[:, -1:, :] by Slice and Squeeze, Dropout, Gemm; opset 17.
     */
    static Fixture lstm2Slice() {
        int nT = 4, nI = 2, nH = 3, nK = 4;
        Random r = new Random(13);
        float[] w1 = rnd(r, 4 * nH * nI, 0.7), r1 = rnd(r, 4 * nH * nH, 0.7), b1 = rnd(r, 8 * nH, 0.4);
        float[] w2 = rnd(r, 4 * nH * nH, 0.7), r2 = rnd(r, 4 * nH * nH, 0.7), b2 = rnd(r, 8 * nH, 0.4);
        float[] fw = rnd(r, nK * nH, 0.8), fb = rnd(r, nK, 0.2);
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", 2, nT, nI);
        String xt = m.op("Transpose", in(x), attr("perm", d(1, 0, 2)));
        String z = m.constant("h0", d(1, 2, nH), new float[2 * nH]);
        String[] l1 = m.node("LSTM", 3, in(xt, m.constant("W1", d(1, 4 * nH, nI), w1), m.constant("R1", d(1, 4 * nH, nH), r1),
                m.constant("B1", d(1, 8 * nH), b1), "", z, z), attr("hidden_size", (long) nH));
        String y1 = m.op("Squeeze", in(l1[0], m.ints("q", 1)));
        String[] l2 = m.node("LSTM", 3, in(y1, m.constant("W2", d(1, 4 * nH, nH), w2), m.constant("R2", d(1, 4 * nH, nH), r2),
                m.constant("B2", d(1, 8 * nH), b2), "", z, z), attr("hidden_size", (long) nH));
        String yt = m.op("Transpose", in(l2[0]), attr("perm", d(2, 0, 1, 3)));
        String yr = m.op("Reshape", in(yt, m.ints("shape", 0, 0, -1)));
        String sl = m.op("Slice", in(yr, m.ints("st", -1), m.ints("en", Long.MAX_VALUE), m.ints("ax", 1), m.ints("sp", 1)));
        String sq = m.op("Squeeze", in(sl, m.ints("q2", 1)));
        String dr = m.node("Dropout", 2, in(sq))[0];
        String logits = m.op("Gemm", in(dr, m.init("fc.weight", d(nK, nH), fw), m.init("fc.bias", d(nK), fb)), attr("transB", 1L));
        m.output(logits, 2, nK);
        return new Fixture("lstm2-slice", m.model(17), nT, nI, nK, true, false, xs -> {
            double[][] s1 = OnnxReference.lstm(xs, w1, r1, b1, nH);
            double[][] s2 = OnnxReference.lstm(s1, w2, r2, b2, nH);
            return OnnxReference.linear(s2[nT - 1], fw, fb, nK);
        });
    }

    /** (d) GRU with linear_before_reset=0 on a time-first input [steps, batch, features], Y_h, Gemm (transB=0), Tanh, Gemm; opset 15. */
    static Fixture gruTimeFirst() {
        int nT = 5, nI = 3, nH = 5, nF = 4, nK = 3;
        Random r = new Random(14);
        float[] w = rnd(r, 3 * nH * nI, 0.6), rr = rnd(r, 3 * nH * nH, 0.6), b = rnd(r, 6 * nH, 0.4);
        float[] aw = rnd(r, nH * nF, 0.7), ab = rnd(r, nF, 0.3), cw = rnd(r, nK * nF, 0.7), cb = rnd(r, nK, 0.2);
        OnnxBuilder m = new OnnxBuilder();
        String x = m.input("x", nT, "batch", nI);
        String[] g = m.node("GRU", 2, in(x, m.init("W", d(1, 3 * nH, nI), w), m.init("R", d(1, 3 * nH, nH), rr), m.init("B", d(1, 6 * nH), b)),
                attr("hidden_size", (long) nH));
        String h = m.op("Squeeze", in(g[1], m.ints("q", 0)));
        String a = m.op("Gemm", in(h, m.init("fc1.w", d(nH, nF), aw), m.init("fc1.b", d(1, nF), ab)));
        String t = m.op("Tanh", in(a));
        String logits = m.op("Gemm", in(t, m.init("fc2.w", d(nK, nF), cw), m.init("fc2.b", d(nK), cb)), attr("transB", 1L));
        m.output(logits, "batch", nK);
        float[] awT = new float[nF * nH];
        for (int i = 0; i < nH; i++) for (int o = 0; o < nF; o++) awT[o * nH + i] = aw[i * nF + o];
        return new Fixture("gru-time-first", m.model(15), nT, nI, nK, false, false, xs -> {
            double[][] s = OnnxReference.gru(xs, w, rr, b, nH, false);
            double[] f = OnnxReference.linear(s[nT - 1], awT, ab, nF);
            for (int i = 0; i < f.length; i++) f[i] = Math.tanh(f[i]);
            return OnnxReference.linear(f, cw, cb, nK);
        });
    }

    static List<Fixture> all() {
        return List.of(lstmGemm(), gru2MatMulRelu(), lstm2Slice(), gruTimeFirst());
    }

    /** Writes every fixture to DIR/NAME.onnx (for trying the CLI by hand). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        for (Fixture f : all()) {
            Path p = dir.resolve(f.name() + ".onnx");
            Files.write(p, f.bytes());
            System.out.println(p);
        }
    }
}
