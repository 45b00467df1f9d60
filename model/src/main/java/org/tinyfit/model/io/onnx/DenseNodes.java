package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import org.tinyfit.model.io.onnx.GraphInterpreter.DenseSpec;
import org.tinyfit.model.io.onnx.Sym.Ax;
import org.tinyfit.model.io.onnx.Sym.Kind;
import org.tinyfit.model.net.Activation;

/**
 * Linear layers and what follows them: Gemm (y = alpha A B' + beta C), MatMul by a
 * constant matrix, Add/Sub of a constant bias, Relu/Tanh/Sigmoid as the layer's
 * activation, and a trailing Softmax/LogSoftmax, which does not change the
 * predicted class and is dropped.
 */
final class DenseNodes {
    private DenseNodes() { }

    /** Checks that {@code a} is what the next dense layer may read: the last RNN layer's last step or the latest dense output. */
    private static void checkInput(GraphInterpreter gi, Sym a) {
        switch (a.kind) {
            case SEQ -> throw new OnnxImportError("applies a Linear layer to every time step of " + a.describe()
                    + "; TinyFit's dense layers read the last step (e.g. out[:, -1, :] or h_n[-1])");
            case STACK -> throw new OnnxImportError("applies a Linear layer to " + a.describe() + "; TinyFit's dense layers read one layer's last hidden state");
            case LAST -> {
                if (!gi.dense.isEmpty()) throw new OnnxImportError("a second chain of dense layers reads " + a.describe() + "; TinyFit supports one chain");
                if (a.stage != gi.rnn.size()) {
                    throw new OnnxImportError("a Linear layer reads " + a.describe() + " but the model has " + gi.rnn.size()
                            + " RNN layers; TinyFit's dense layers read the last RNN layer");
                }
            }
            case VEC -> {
                if (a.softmax) throw new OnnxImportError("uses the Softmax output; TinyFit supports Softmax only as the last op");
                if (a.dense != gi.dense.size()) throw new OnnxImportError("reads the output of dense layer " + a.dense + " after dense layer " + gi.dense.size() + "; TinyFit's dense layers form a chain");
            }
        }
        int f = a.indexOf(Ax.FEAT);
        if (f != a.rank() - 1) throw new OnnxImportError("multiplies " + a.describe() + " whose last axis is not its feature axis");
        for (Ax x : a.axes) {
            if (x != Ax.FEAT && x != Ax.BATCH && x != Ax.UNIT) throw new OnnxImportError("multiplies " + a.describe() + ", which has a " + x.name().toLowerCase() + " axis");
        }
    }

    private static Const weight(Value v, String what) {
        if (v == null) throw new OnnxImportError(what + " is missing");
        if (!(v instanceof Const c) || !c.isFloat()) throw new OnnxImportError(what + " must be a constant float matrix, not " + GraphInterpreter.describe(v));
        if (c.rank() != 2) throw new OnnxImportError(what + " must be a matrix, got shape " + Arrays.toString(c.dims));
        return c;
    }

    private static String nodeName(NodeProto n) { return n.getName().isEmpty() ? n.getOutput(0) : n.getName(); }

    /** MatMul(A, W) with W [in, out]: a dense layer without bias (an Add may follow). */
    static Value matmul(GraphInterpreter gi, NodeProto n, Value a, Value b) {
        if (!(a instanceof Sym s)) {
            if (a instanceof Const && b instanceof Const) throw new OnnxImportError("multiplies two constants; TinyFit expects MatMul of a computed tensor by a weight matrix");
            throw new OnnxImportError("multiplies " + GraphInterpreter.describe(a) + " by " + GraphInterpreter.describe(b) + "; TinyFit supports MatMul(hidden, weight matrix)");
        }
        checkInput(gi, s);
        Const w = Limits.finite(weight(b, "the MatMul weight"), n.getInput(1));
        int in = (int) w.dims[0], out = (int) w.dims[1];
        if (in != s.width) throw new OnnxImportError("the MatMul weight has " + in + " rows but its input has " + s.width + " features");
        if (out <= 0) throw new OnnxImportError("the MatMul weight has no columns");
        Limits.reserve(4L * out * in, "the MatMul weight's copy");
        float[] wt = new float[out * in];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) wt[o * in + i] = w.f[i * out + o];
        gi.dense.add(new DenseSpec(in, out, wt, new float[out], nodeName(n)));
        return Sym.vec(s.axes, gi.dense.size(), out, false, false);
    }

    /** Gemm: Y = alpha * A' * B' + beta * C, A' = A or A^T, B' = B or B^T. */
    static Value gemm(GraphInterpreter gi, NodeProto n, Attrs at, Value a) {
        if (!(a instanceof Sym s)) throw new OnnxImportError("multiplies " + GraphInterpreter.describe(a) + "; TinyFit supports Gemm(hidden, weight matrix, bias)");
        if (s.rank() != 2) throw new OnnxImportError("Gemm input must have rank 2, got " + s.rank());
        if (at.i("transA", 0) != 0) s = s.withAxes(new Ax[] {s.axes[1], s.axes[0]});
        checkInput(gi, s);
        Const b = Limits.finite(weight(gi.constIn(n, 1, "the Gemm weight B"), "the Gemm weight B"), n.getInput(1));
        boolean tb = at.i("transB", 0) != 0;
        float alpha = at.f("alpha", 1f), beta = at.f("beta", 1f);
        int in = (int) (tb ? b.dims[1] : b.dims[0]);
        int out = (int) (tb ? b.dims[0] : b.dims[1]);
        if (in != s.width) throw new OnnxImportError("the Gemm weight takes " + in + " inputs but its input has " + s.width + " features");
        Limits.reserve(4L * out * in, "the Gemm weight's copy");
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) w[o * in + i] = alpha * (tb ? b.f[o * in + i] : b.f[i * out + o]);
        }
        float[] bias = new float[out];
        Const c = gi.constIn(n, 2, "the Gemm bias C");
        if (c != null && c.isFloat()) Limits.finite(c, n.getInput(2));
        if (c != null) addInto(bias, c, beta, "the Gemm bias C");
        gi.dense.add(new DenseSpec(in, out, w, bias, nodeName(n)));
        return Sym.vec(s.axes, gi.dense.size(), out, false, false);
    }

    /** bias += scale * c, where c broadcasts to [..., out] with every other dim 1. */
    private static void addInto(float[] bias, Const c, float scale, String what) {
        int out = bias.length;
        float[] v = c.floats(what);
        for (int d = 0; d < c.rank() - 1; d++) {
            if (c.dims[d] != 1) throw new OnnxImportError(what + " of shape " + Arrays.toString(c.dims) + " does not broadcast to one bias vector of " + out);
        }
        if (v.length == 1) {
            for (int i = 0; i < out; i++) bias[i] += scale * v[0];
        } else if (v.length == out) {
            for (int i = 0; i < out; i++) bias[i] += scale * v[i];
        } else {
            throw new OnnxImportError(what + " of shape " + Arrays.toString(c.dims) + " does not match " + out + " outputs");
        }
    }

    /** The latest dense layer, which an Add, an activation or a Softmax may still change. */
    private static DenseSpec latest(GraphInterpreter gi, Sym s, String what) {
        if (s.kind != Kind.VEC) {
            throw new OnnxImportError("applies " + what + " to " + s.describe() + "; TinyFit supports " + what + " after a Linear layer (Gemm or MatMul)");
        }
        if (s.softmax) throw new OnnxImportError("applies " + what + " to the Softmax output");
        if (s.dense != gi.dense.size()) throw new OnnxImportError("applies " + what + " to the output of dense layer " + s.dense + " after dense layer " + gi.dense.size());
        return gi.dense.get(gi.dense.size() - 1);
    }

    static Value addBias(GraphInterpreter gi, Sym s, Const c, boolean subtract) {
        DenseSpec d = latest(gi, s, "a bias");
        if (s.activated) throw new OnnxImportError("adds a constant after the activation of dense layer " + s.dense + "; TinyFit's dense layers are act(W x + b)");
        if (!c.isFloat()) throw new OnnxImportError("adds an integer tensor to " + s.describe());
        Limits.finite(c, "the bias");
        if (c.rank() > s.rank()) throw new OnnxImportError("adds a bias of rank " + c.rank() + " to " + s.describe());
        addInto(d.b, c, subtract ? -1f : 1f, "the bias");
        return s;
    }

    static Value activation(GraphInterpreter gi, Value v, Activation act) {
        if (!(v instanceof Sym s)) throw new OnnxImportError("applies " + act.id() + " to " + GraphInterpreter.describe(v));
        DenseSpec d = latest(gi, s, act.id());
        if (s.activated) throw new OnnxImportError("applies a second activation to dense layer " + s.dense);
        d.act = act;
        return Sym.vec(s.axes, s.dense, s.width, true, false);
    }

    static Value softmax(GraphInterpreter gi, Value v, Attrs at, int opset, String op) {
        if (!(v instanceof Sym s)) throw new OnnxImportError("applies " + op + " to " + GraphInterpreter.describe(v));
        latest(gi, s, op);
        long ax = at.i("axis", opset >= 13 ? -1 : 1);
        int a = ConstOps.axis(ax, s.rank(), op + " axis");
        for (int i = a; i < s.rank(); i++) {
            if (s.axes[i] == Ax.BATCH) throw new OnnxImportError(op + " over the batch axis");
        }
        if (opset >= 13 && s.axes[a] != Ax.FEAT) throw new OnnxImportError(op + " over an axis other than the classes");
        gi.softmaxDropped = true;
        gi.notes.add("dropped the trailing " + op + " (it does not change the predicted class; TinyFit's outputs are the logits before it)");
        return Sym.vec(s.axes, s.dense, s.width, s.activated, true);
    }
}
