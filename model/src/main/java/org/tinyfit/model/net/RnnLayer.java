package org.tinyfit.model.net;

import java.util.Arrays;

/**
 * A recurrent layer with one gate matrix {@code kernel = [W_x | W_h]} of shape
 * (G*H) x (I+H). Gate row blocks: LSTM i, f, g, o; GRU z, r, h; FastRNN and
 * FastGRNN one block shared (FastGRNN by z and h~).
 *
 * <p>{@code bias} has {@code cell.biasBlocks()*H} values: LSTM b_i, b_f, b_g, b_o;
 * GRU b_z, b_r, b_h (ONNX Wb + Rb for z and r; for h, Wb_h, plus Rb_h when
 * {@code linearBeforeReset} is false); FastRNN b; FastGRNN b_z, b_h.
 * {@code recurrentBiasH} (H values) is ONNX Rb_h for a GRU with
 * {@code linearBeforeReset}, applied inside the reset: h~ = tanh(W_h x + b_h + r*(R_h h + Rb_h)).
 * {@code scalars}: FastRNN {alpha, beta}, FastGRNN {zeta, nu}, stored before the sigmoid.
 */
public record RnnLayer(String name, CellType cell, int inputSize, int hidden, LinearOp kernel,
                       float[] bias, float[] recurrentBiasH, boolean linearBeforeReset,
                       float[] scalars) implements Layer {

    public RnnLayer {
        Layer.checkName(name);
        if (inputSize <= 0 || hidden <= 0) throw new IllegalArgumentException("RNN layer '" + name + "' needs positive sizes");
        Layer.checkKernel(kernel, cell.gates() * hidden, inputSize + hidden, "kernel of " + cell.id() + " layer '" + name + "'");
        Layer.checkLength(bias, cell.biasBlocks() * hidden, "bias of " + cell.id() + " layer '" + name + "'");
        if (cell == CellType.GRU && linearBeforeReset) {
            if (recurrentBiasH == null) recurrentBiasH = new float[hidden];
            Layer.checkLength(recurrentBiasH, hidden, "recurrent h bias of GRU layer '" + name + "'");
        } else {
            if (recurrentBiasH != null) throw new IllegalArgumentException("only a GRU with linear_before_reset has a recurrent h bias (layer '" + name + "')");
        }
        if (cell != CellType.GRU && linearBeforeReset) throw new IllegalArgumentException("linear_before_reset applies to GRU only (layer '" + name + "')");
        int ns = scalarCount(cell);
        if (ns == 0) {
            if (scalars != null && scalars.length != 0) throw new IllegalArgumentException(cell.id() + " layer '" + name + "' has no scalars");
            scalars = new float[0];
        } else {
            Layer.checkLength(scalars, ns, "scalars of " + cell.id() + " layer '" + name + "'");
        }
    }

    /** Number of trainable scalars of a cell type: FastRNN alpha, beta; FastGRNN zeta, nu. */
    public static int scalarCount(CellType cell) {
        return (cell == CellType.FASTRNN || cell == CellType.FASTGRNN) ? 2 : 0;
    }

    /** Names of the scalars, in storage order. */
    public static String[] scalarNames(CellType cell) {
        return switch (cell) {
            case FASTRNN -> new String[] {"alpha", "beta"};
            case FASTGRNN -> new String[] {"zeta", "nu"};
            default -> new String[0];
        };
    }

    /** Initial scalar values from EdgeML (stored before the sigmoid). */
    public static float[] defaultScalars(CellType cell) {
        return switch (cell) {
            case FASTRNN -> new float[] {-3f, 3f};
            case FASTGRNN -> new float[] {1f, -4f};
            default -> new float[0];
        };
    }

    @Override public int outputSize() { return hidden; }

    @Override public Layer withKernel(LinearOp k) {
        return new RnnLayer(name, cell, inputSize, hidden, k, bias, recurrentBiasH, linearBeforeReset, scalars);
    }

    @Override public int extraParams() {
        return bias.length + (recurrentBiasH == null ? 0 : recurrentBiasH.length) + scalars.length;
    }

    @Override public String typeId() { return cell.id(); }

    /** Floats of per-thread state buffer that {@link #forward} needs. */
    public int stateSize() {
        int g = cell.gates() * hidden;
        // [x_t; h], gates, second gate buffer (GRU), cell state
        return (inputSize + hidden) + g + Math.max(g, inputSize + hidden) + hidden;
    }

    /** Floats of kernel scratch that {@link #forward} needs. */
    public int kernelWorkSize() {
        return cell == CellType.GRU ? kernel.blockWorkSize() : kernel.workSize();
    }

    /**
     * Runs the layer over a sequence from zero state. Input step t is
     * {@code in[inOff + t*inStride .. + inputSize)}. The hidden state after step t
     * goes to {@code out[outOff + t*hidden ..)} when {@code out} is not null; the
     * final hidden state always goes to {@code hLast[hOff .. hOff+hidden)}.
     * {@code state} holds {@link #stateSize()} floats, {@code kwork} {@link #kernelWorkSize()}.
     */
    public void forward(float[] in, int inOff, int inStride, int steps, float[] out, int outOff,
                        float[] hLast, int hOff, float[] state, float[] kwork) {
        int nI = inputSize;
        int nH = hidden;
        int g = cell.gates() * nH;
        int xh = 0;
        int gates = xh + nI + nH;
        int gates2 = gates + g;
        int cst = gates2 + Math.max(g, nI + nH);
        Arrays.fill(state, xh + nI, xh + nI + nH, 0f);
        Arrays.fill(state, cst, cst + nH, 0f);
        for (int t = 0; t < steps; t++) {
            System.arraycopy(in, inOff + t * inStride, state, xh, nI);
            switch (cell) {
                case LSTM -> stepLstm(state, xh, gates, cst, kwork);
                case GRU -> stepGru(state, xh, gates, gates2, kwork);
                case FASTRNN -> stepFastRnn(state, xh, gates, kwork);
                case FASTGRNN -> stepFastGrnn(state, xh, gates, kwork);
            }
            if (out != null) System.arraycopy(state, xh + nI, out, outOff + t * nH, nH);
        }
        System.arraycopy(state, xh + nI, hLast, hOff, nH);
    }

    private void stepLstm(float[] w, int xh, int gates, int cst, float[] kbuf) {
        int nH = hidden;
        int hOff = xh + inputSize;
        kernel.apply(w, xh, w, gates, kbuf);
        for (int k = 0; k < nH; k++) {
            float i = Nonlinear.sigmoid(w[gates + k] + bias[k]);
            float f = Nonlinear.sigmoid(w[gates + nH + k] + bias[nH + k]);
            float gg = Nonlinear.tanh(w[gates + 2 * nH + k] + bias[2 * nH + k]);
            float o = Nonlinear.sigmoid(w[gates + 3 * nH + k] + bias[3 * nH + k]);
            float c = f * w[cst + k] + i * gg;
            w[cst + k] = c;
            w[hOff + k] = o * Nonlinear.tanh(c);
        }
    }

    private void stepGru(float[] w, int xh, int gates, int gates2, float[] kbuf) {
        int nH = hidden;
        int nI = inputSize;
        int hOff = xh + nI;
        if (linearBeforeReset) {
            // a = W_x x (all rows), u = W_h h (all rows)
            kernel.applyBlock(w, xh, 0, nI, 0, 3 * nH, w, gates, kbuf);
            kernel.applyBlock(w, hOff, nI, nI + nH, 0, 3 * nH, w, gates2, kbuf);
            for (int k = 0; k < nH; k++) {
                float z = Nonlinear.sigmoid(w[gates + k] + w[gates2 + k] + bias[k]);
                float r = Nonlinear.sigmoid(w[gates + nH + k] + w[gates2 + nH + k] + bias[nH + k]);
                float hh = Nonlinear.tanh(w[gates + 2 * nH + k] + bias[2 * nH + k]
                        + r * (w[gates2 + 2 * nH + k] + recurrentBiasH[k]));
                // keep z and h~ until all units are done: h is an input of this step
                w[gates + k] = z;
                w[gates + 2 * nH + k] = hh;
            }
        } else {
            // z, r from [x; h]; h~ from [x; r*h]
            kernel.applyBlock(w, xh, 0, nI + nH, 0, 2 * nH, w, gates, kbuf);
            for (int k = 0; k < nH; k++) {
                w[gates + k] = Nonlinear.sigmoid(w[gates + k] + bias[k]);
                float r = Nonlinear.sigmoid(w[gates + nH + k] + bias[nH + k]);
                w[gates2 + k] = r * w[hOff + k]; // r*h
            }
            // build [x; r*h] in gates2 region after copying x
            System.arraycopy(w, gates2, w, gates2 + nI, nH);
            System.arraycopy(w, xh, w, gates2, nI);
            kernel.applyBlock(w, gates2, 0, nI + nH, 2 * nH, 3 * nH, w, gates + 2 * nH, kbuf);
            for (int k = 0; k < nH; k++) {
                w[gates + 2 * nH + k] = Nonlinear.tanh(w[gates + 2 * nH + k] + bias[2 * nH + k]);
            }
        }
        for (int k = 0; k < nH; k++) {
            float z = w[gates + k];
            float hh = w[gates + 2 * nH + k];
            w[hOff + k] = (1f - z) * hh + z * w[hOff + k];
        }
    }

    private void stepFastRnn(float[] w, int xh, int gates, float[] kbuf) {
        int nH = hidden;
        int hOff = xh + inputSize;
        kernel.apply(w, xh, w, gates, kbuf);
        float alpha = Nonlinear.sigmoid(scalars[0]);
        float beta = Nonlinear.sigmoid(scalars[1]);
        for (int k = 0; k < nH; k++) {
            float hh = Nonlinear.tanh(w[gates + k] + bias[k]);
            w[hOff + k] = beta * w[hOff + k] + alpha * hh;
        }
    }

    private void stepFastGrnn(float[] w, int xh, int gates, float[] kbuf) {
        int nH = hidden;
        int hOff = xh + inputSize;
        kernel.apply(w, xh, w, gates, kbuf);
        float zeta = Nonlinear.sigmoid(scalars[0]);
        float nu = Nonlinear.sigmoid(scalars[1]);
        for (int k = 0; k < nH; k++) {
            float pre = w[gates + k];
            float z = Nonlinear.sigmoid(pre + bias[k]);
            float hh = Nonlinear.tanh(pre + bias[nH + k]);
            w[hOff + k] = z * w[hOff + k] + (zeta * (1f - z) + nu) * hh;
        }
    }
}
