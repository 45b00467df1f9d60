package org.tinyfit.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * Trainable parameters of a network in double precision: per RNN layer the gate
 * matrix W ((G*H) x (I+H), row-major), bias, GRU recurrent h bias and FastRNN /
 * FastGRNN scalars; per dense layer W (out x in) and bias. The same structure
 * holds gradients and Adam moments.
 */
public final class TrainModel {
    /** One layer's tensors. */
    public static final class L {
        public final String name;
        public final boolean rnn;
        public final CellType cell;          // null for dense
        public final boolean lbr;
        public final Activation act;         // dense only
        public final int in;                 // I (RNN) or inputs (dense)
        public final int out;                // H (RNN) or outputs (dense)
        public final int rows;
        public final int cols;
        public final double[] w;
        public final double[] b;
        public final double[] rb;            // GRU linear_before_reset only, else length 0
        public final double[] sc;            // FastRNN {alpha, beta}, FastGRNN {zeta, nu}, else length 0
        /** The kernel's trainable structure, or null for a plain dense float matrix (then w is trained directly). */
        public Structure structure;

        L(String name, boolean rnn, CellType cell, boolean lbr, Activation act, int in, int out) {
            this.name = name;
            this.rnn = rnn;
            this.cell = cell;
            this.lbr = lbr;
            this.act = act;
            this.in = in;
            this.out = out;
            this.rows = rnn ? cell.gates() * out : out;
            this.cols = rnn ? in + out : in;
            this.w = new double[rows * cols];
            this.b = new double[rnn ? cell.biasBlocks() * out : out];
            this.rb = new double[rnn && cell == CellType.GRU && lbr ? out : 0];
            this.sc = new double[rnn ? RnnLayer.scalarCount(cell) : 0];
        }

        L like() { return new L(name, rnn, cell, lbr, act, in, out); }
    }

    public final Network arch;
    public final List<L> layers;

    private TrainModel(Network arch, List<L> layers) {
        this.arch = arch;
        this.layers = layers;
    }

    /** Zero tensors with the architecture of {@code net}. */
    public static TrainModel zeros(Network net) {
        List<L> ls = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof RnnLayer r) ls.add(new L(r.name(), true, r.cell(), r.linearBeforeReset(), null, r.inputSize(), r.hidden()));
            else {
                DenseLayer d = (DenseLayer) l;
                ls.add(new L(d.name(), false, null, false, d.activation(), d.inputSize(), d.outputSize()));
            }
        }
        return new TrainModel(net, ls);
    }

    /** The weights of {@code net} (dense reconstruction of each kernel). */
    public static TrainModel fromNetwork(Network net) {
        TrainModel m = zeros(net);
        for (int k = 0; k < net.layers().size(); k++) {
            Layer l = net.layers().get(k);
            L t = m.layers.get(k);
            copy(l.kernel().toDense(), t.w);
            if (l instanceof RnnLayer r) {
                copy(r.bias(), t.b);
                if (t.rb.length > 0) copy(r.recurrentBiasH(), t.rb);
                copy(r.scalars(), t.sc);
            } else {
                copy(((DenseLayer) l).bias(), t.b);
            }
        }
        return m;
    }

    /**
     * Fresh initialisation: each gate block (H rows) and each dense matrix is
     * Glorot-uniform with fan_in = columns, fan_out = block rows; biases zero
     * except the LSTM forget gate (1); FastRNN/FastGRNN scalars at EdgeML's
     * initial values.
     */
    public static TrainModel init(Network net, long seed) {
        TrainModel m = zeros(net);
        Random r = new Random(seed);
        for (L l : m.layers) {
            int blockRows = l.rnn ? l.out : l.rows;
            double limit = Math.sqrt(6.0 / (l.cols + blockRows));
            for (int i = 0; i < l.w.length; i++) l.w[i] = (2 * r.nextDouble() - 1) * limit;
            if (l.rnn && l.cell == CellType.LSTM) {
                for (int i = 0; i < l.out; i++) l.b[l.out + i] = 1.0;
            }
            if (l.rnn) {
                float[] s = RnnLayer.defaultScalars(l.cell);
                for (int i = 0; i < s.length; i++) l.sc[i] = s[i];
            }
        }
        return m;
    }

    public TrainModel zerosLike() {
        List<L> ls = new ArrayList<>();
        for (L l : layers) ls.add(l.like());
        return new TrainModel(arch, ls);
    }

    /** Every tensor, in a fixed order (for the optimiser and gradient norms). */
    public List<double[]> tensors() {
        List<double[]> out = new ArrayList<>();
        for (L l : layers) {
            out.add(l.w);
            out.add(l.b);
            if (l.rb.length > 0) out.add(l.rb);
            if (l.sc.length > 0) out.add(l.sc);
        }
        return out;
    }

    /**
     * The tensors the optimiser updates: each layer's structure parameters (or W when
     * it has none), then bias, recurrent h bias and scalars.
     */
    public List<double[]> trainables() {
        List<double[]> out = new ArrayList<>();
        for (L l : layers) {
            if (l.structure != null) out.addAll(l.structure.params());
            else out.add(l.w);
            out.add(l.b);
            if (l.rb.length > 0) out.add(l.rb);
            if (l.sc.length > 0) out.add(l.sc);
        }
        return out;
    }

    /**
     * Gradients aligned with {@link #trainables()}: the structures' gradients (after
     * {@link Structure#backward} from {@code g}'s dL/dW) or {@code g}'s W, then {@code g}'s other tensors.
     */
    public List<double[]> trainableGrads(TrainModel g) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            L l = layers.get(k), gl = g.layers.get(k);
            if (l.structure != null) {
                l.structure.backward(gl.w);
                out.addAll(l.structure.grads());
            } else {
                out.add(gl.w);
            }
            out.add(gl.b);
            if (gl.rb.length > 0) out.add(gl.rb);
            if (gl.sc.length > 0) out.add(gl.sc);
        }
        return out;
    }

    /** Writes every structured layer's W for optimiser step {@code step} of {@code total}. */
    public void materialize(long step, long total, Random rnd) {
        for (L l : layers) if (l.structure != null) l.structure.forward(l.w, step, total, rnd);
    }

    /** A float network with these weights (dense kernels), keeping the architecture's names and metadata. */
    public Network toNetwork() {
        List<Layer> out = new ArrayList<>();
        for (L l : layers) {
            org.tinyfit.model.net.LinearOp k = l.structure != null ? l.structure.toOp() : new DenseOp(toFloat(l.w), l.rows, l.cols);
            if (l.rnn) {
                out.add(new RnnLayer(l.name, l.cell, l.in, l.out, k, toFloat(l.b), l.rb.length > 0 ? toFloat(l.rb) : null, l.lbr,
                        l.sc.length > 0 ? toFloat(l.sc) : null));
            } else {
                out.add(new DenseLayer(l.name, l.in, l.out, k, toFloat(l.b), l.act));
            }
        }
        return arch.withLayers(out, arch.provenance());
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static void copy(float[] src, double[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = src[i];
    }
}
