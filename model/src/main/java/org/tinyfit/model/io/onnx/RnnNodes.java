package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.tinyfit.model.io.onnx.GraphInterpreter.RnnSpec;
import org.tinyfit.model.io.onnx.Sym.Ax;
import org.tinyfit.model.io.onnx.Sym.Kind;
import org.tinyfit.model.net.CellType;

/**
 * ONNX LSTM and GRU nodes to TinyFit RNN layers.
 *
 * <p>ONNX stores W [1, G*H, I], R [1, G*H, H] and B [1, 2*G*H] (Wb then Rb) with
 * LSTM gate blocks i, o, f, c and GRU blocks z, r, h. TinyFit's kernel is
 * [W_x | W_h] of shape (G*H) x (I+H) with LSTM blocks i, f, g, o and GRU z, r, h:
 * LSTM TinyFit block (i, f, g, o) takes ONNX block (0, 2, 3, 1). Biases: LSTM
 * b = Wb + Rb per gate; GRU b_z, b_r = Wb + Rb, b_h = Wb_h, plus Rb_h when
 * {@code linear_before_reset} = 0; with it, Rb_h becomes the layer's recurrent h bias
 * (inside the reset, as in ONNX).
 */
final class RnnNodes {
    /** TinyFit LSTM gate block k (i, f, g, o) comes from ONNX block LSTM_FROM_ONNX[k] (ONNX order i, o, f, c). */
    static final int[] LSTM_FROM_ONNX = {0, 2, 3, 1};

    private RnnNodes() { }

    static Value[] apply(GraphInterpreter gi, NodeProto n, Attrs at, IntFunction<Value> in) {
        boolean lstm = n.getOpType().equals("LSTM");
        CellType cell = lstm ? CellType.LSTM : CellType.GRU;
        int gates = cell.gates();
        String op = n.getOpType();
        String direction = at.s("direction", "forward").toLowerCase(Locale.ROOT);
        if (!direction.equals("forward")) {
            throw new OnnxImportError("is a " + direction + " " + op + "; TinyFit imports forward (unidirectional) LSTM and GRU layers only");
        }
        if (at.has("clip")) throw new OnnxImportError("clips the cell input (clip=" + at.f("clip", 0) + "), which TinyFit's " + op + " does not");
        if (at.i("input_forget", 0) != 0) throw new OnnxImportError("couples the input and forget gates (input_forget=1), which TinyFit's LSTM does not");
        if (at.i("layout", 0) != 0) throw new OnnxImportError("uses layout=1 (batch-major X and Y); TinyFit reads PyTorch's layout=0 (with a Transpose before)");
        List<String> acts = at.strings("activations");
        List<String> expected = lstm ? List.of("sigmoid", "tanh", "tanh") : List.of("sigmoid", "tanh");
        if (acts != null && !acts.isEmpty() && !acts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList().equals(expected)) {
            throw new OnnxImportError("uses activations " + acts + "; TinyFit's " + op + " uses " + expected);
        }
        if (at.has("activation_alpha") || at.has("activation_beta")) throw new OnnxImportError("sets activation_alpha/beta, which TinyFit does not support");

        Value xv = in.apply(0);
        if (!(xv instanceof Sym x) || x.kind != Kind.SEQ) {
            throw new OnnxImportError("input X is " + (xv == null ? "missing" : GraphInterpreter.describe(xv)) + "; TinyFit needs a sequence computed from the model input");
        }
        if (x.stage != gi.rnn.size()) {
            throw new OnnxImportError("reads " + x.describe() + " but " + gi.rnn.size() + " RNN layers come before it; TinyFit's RNN layers form one chain");
        }
        if (x.rank() != 3) throw new OnnxImportError("input X must have rank 3 [steps, batch, features], got " + Arrays.toString(x.axes));
        if (x.stage == 0) mapInputAxes(gi, x);
        else if (x.axes[0] != Ax.TIME || x.axes[1] != Ax.BATCH || x.axes[2] != Ax.FEAT) {
            throw new OnnxImportError("input X has axes " + Arrays.toString(x.axes).toLowerCase(Locale.ROOT) + "; ONNX " + op + " needs [time, batch, feat]");
        }
        int nI = x.width;

        Const w = weights(gi, n, 1, "W");
        Const r = weights(gi, n, 2, "R");
        if (w.rank() != 3 || w.dims[0] != 1 || w.dims[1] % gates != 0 || w.dims[1] == 0) {
            throw new OnnxImportError("W has shape " + Arrays.toString(w.dims) + "; expected [1, " + gates + "*hidden, " + nI + "]" + (w.rank() == 3 && w.dims[0] == 2 ? " (two directions: bidirectional is not supported)" : ""));
        }
        int nH = (int) (w.dims[1] / gates);
        if (at.has("hidden_size") && at.i("hidden_size", 0) != nH) throw new OnnxImportError("hidden_size " + at.i("hidden_size", 0) + " disagrees with W of shape " + Arrays.toString(w.dims));
        if (w.dims[2] != nI) throw new OnnxImportError("W has shape " + Arrays.toString(w.dims) + " but the input has " + nI + " features");
        if (!Arrays.equals(r.dims, new long[] {1, (long) gates * nH, nH})) {
            throw new OnnxImportError("R has shape " + Arrays.toString(r.dims) + "; expected [1, " + gates * nH + ", " + nH + "]");
        }
        float[] b = new float[2 * gates * nH];
        Const bc = gi.constIn(n, 3, "B");
        if (bc != null && bc.isFloat()) Limits.finite(bc, n.getInput(3));
        if (bc != null) {
            if (!bc.isFloat() || !Arrays.equals(bc.dims, new long[] {1, 2L * gates * nH})) {
                throw new OnnxImportError("B has shape " + Arrays.toString(bc.dims) + "; expected [1, " + 2 * gates * nH + "]");
            }
            b = bc.f;
        }
        if (in.apply(4) != null) {
            throw new OnnxImportError("has sequence_lens (variable-length or packed sequences); TinyFit runs every sequence for all steps");
        }
        zeroState(in.apply(5), "initial_h");
        if (lstm) {
            zeroState(in.apply(6), "initial_c");
            Value p = in.apply(7);
            if (p != null && !(p instanceof Const pc && pc.allZero())) throw new OnnxImportError("has peephole weights P, which TinyFit's LSTM does not");
        }

        int cols = nI + nH;
        Limits.reserve(4L * gates * nH * cols, "the " + op + " kernel's copy");
        float[] kernel = new float[gates * nH * cols];
        float[] bias = new float[gates * nH];
        float[] rbh = null;
        boolean lbr = false;
        for (int blk = 0; blk < gates; blk++) {
            int src = lstm ? LSTM_FROM_ONNX[blk] : blk;
            for (int k = 0; k < nH; k++) {
                int row = blk * nH + k, srow = src * nH + k;
                System.arraycopy(w.f, srow * nI, kernel, row * cols, nI);
                System.arraycopy(r.f, srow * nH, kernel, row * cols + nI, nH);
                float wb = b[srow], rb = b[gates * nH + srow];
                bias[row] = wb + rb;
            }
        }
        if (!lstm) {
            lbr = at.i("linear_before_reset", 0) != 0;
            if (lbr) {
                rbh = new float[nH];
                for (int k = 0; k < nH; k++) {
                    int row = 2 * nH + k;
                    bias[row] = b[row];
                    rbh[k] = b[gates * nH + row];
                }
            }
        }
        String name = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
        gi.rnn.add(new RnnSpec(cell, nI, nH, kernel, bias, rbh, lbr, name));
        int stage = gi.rnn.size();
        Value y = Sym.seq(new Ax[] {Ax.TIME, Ax.UNIT, Ax.BATCH, Ax.FEAT}, stage, nH);
        Value yh = Sym.last(new Ax[] {Ax.UNIT, Ax.BATCH, Ax.FEAT}, stage, nH);
        Value yc = new Value.Refused("the cell state Y_c of LSTM layer " + stage + ", which TinyFit's classifiers do not use");
        return lstm ? new Value[] {y, yh, yc} : new Value[] {y, yh};
    }

    /** The first RNN layer fixes which input axis is time and which is batch; features must be the last input axis. */
    private static void mapInputAxes(GraphInterpreter gi, Sym x) {
        if (x.axes[2] != Ax.IN2) throw new OnnxImportError("input X takes its features from input axis " + x.axes[2].name().substring(2) + "; TinyFit needs the features on the input's last axis");
        int t = x.axes[0] == Ax.IN0 ? 0 : 1;
        int bAx = 1 - t;
        gi.timeAxis = t;
        gi.batchAxis = bAx;
    }

    private static Const weights(GraphInterpreter gi, NodeProto n, int k, String what) {
        Const c = gi.constIn(n, k, what);
        if (c == null) throw new OnnxImportError("has no " + what);
        if (!c.isFloat()) throw new OnnxImportError(what + " must hold floats");
        return Limits.finite(c, n.getInput(k));
    }

    private static void zeroState(Value v, String what) {
        if (v == null || v instanceof Zeros) return;
        if (v instanceof Const c && c.isFloat() && c.allZero()) return;
        throw new OnnxImportError("starts from a non-zero " + what + " (" + GraphInterpreter.describe(v) + "); TinyFit's RNN layers start from zero state");
    }
}
