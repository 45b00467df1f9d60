package org.tinyfit.model.train;

import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.net.LinearOp;

/**
 * The trainable parametrisation of one weight matrix W (rows x cols) by a
 * technique's stored tensors: the trainer builds W from the parameters before
 * each mini-batch ({@link #forward}), back-propagates through the network to
 * dL/dW as for a dense matrix, and this class turns dL/dW into the gradients of
 * its parameters ({@link #backward}, the chain rule of W = f(params)). W is never
 * stored in the result: {@link #toOp} returns the technique's operator.
 *
 * <p>Quantization-aware training: with b &lt; 32 bits the forward pass uses each
 * parameter tensor fake-quantized by the per-tensor symmetric rule, and the
 * gradient passes straight through (straight-through estimator).
 */
public abstract class Structure {
    protected final int rows;
    protected final int cols;
    protected final int bits;

    protected Structure(int rows, int cols, int bits) {
        if (!MatrixPlan.validBits(bits)) throw new IllegalArgumentException("bit width " + bits + " is not supported");
        this.rows = rows;
        this.cols = cols;
        this.bits = bits;
    }

    /** The trainable tensors, in a fixed order. */
    public abstract List<double[]> params();

    /** Gradients of {@link #params()} after {@link #backward}, same shapes and order. */
    public abstract List<double[]> grads();

    /**
     * Writes W (rows x cols, row-major) for optimiser step {@code step} of {@code total};
     * may update schedules (pruning masks, overlay density) and draw dropout masks from {@code rnd}.
     */
    public abstract void forward(double[] w, long step, long total, Random rnd);

    /** Sets {@link #grads()} from dL/dW of the W written by the last {@link #forward}. */
    public abstract void backward(double[] dW);

    /** The trained operator at this structure's bit width (float kernels). */
    public abstract CompressedOp toOp();

    /** Fresh initialisation for training from scratch; W's entries get variance limit^2 / 3 (Glorot-uniform's). */
    public abstract void initScratch(Random r, double limit);

    /** Initialisation from the projection of a trained matrix (fine-tuning). */
    public abstract void initFrom(LinearOp projected);

    public int bits() { return bits; }

    /** A structure for a plan entry on a rows x cols matrix. */
    public static Structure of(MatrixPlan plan, int rows, int cols, DkpOptions dkp, PruneSchedule prune) {
        TechniqueSpec t = plan.technique();
        int b = plan.bits();
        if (t instanceof TechniqueSpec.Kp k) return new KpStructure(rows, cols, b, 0, k.m1(), k.n1(), k.m2(), k.n2());
        if (t instanceof TechniqueSpec.Hkp k) return new KpStructure(rows, cols, b, k.r(), k.m1(), k.n1(), k.m2(), k.n2());
        if (t instanceof TechniqueSpec.Dkp k) return new DkpStructure(rows, cols, b, k, dkp == null ? DkpOptions.DEFAULT : dkp);
        if (t instanceof TechniqueSpec.Lmf k) return new LmfStructure(rows, cols, b, k.rank());
        if (t instanceof TechniqueSpec.Pruned k) return new PrunedStructure(rows, cols, b, k.sparsity(), prune == null ? PruneSchedule.DEFAULT : prune);
        return new DenseStructure(rows, cols, b);
    }

    /** Settings of doped-KP training: overlay density annealing and co-matrix dropout. */
    public record DkpOptions(double startDensity, double annealEnd, double dropout) {
        /** Anneal from density 1.0 over the first 75% of training; drop half the overlay's entries each step. */
        public static final DkpOptions DEFAULT = new DkpOptions(1.0, 0.75, 0.5);
    }

    /**
     * Gradual magnitude pruning (Zhu and Gupta): s_t = s_f (1 - (1 - p)^3) with
     * p = (t - start*T) / ((end - start)*T) clamped to [0, 1], the mask recomputed
     * {@code updates} times between {@code start} and {@code end} (fractions of training).
     */
    public record PruneSchedule(double start, double end, int updates) {
        public static final PruneSchedule DEFAULT = new PruneSchedule(0.0, 0.75, 30);

        public double sparsityAt(double finalSparsity, long step, long total) {
            double p = (step - start * total) / Math.max(1e-9, (end - start) * total);
            p = Math.max(0, Math.min(1, p));
            return finalSparsity * (1 - Math.pow(1 - p, 3));
        }

        /** Whether the mask is recomputed at this step (the first step, then evenly spaced, and at the end of the ramp). */
        public boolean updateAt(long step, long total) {
            if (step == 0) return true;
            long a = (long) Math.floor(start * total), e = (long) Math.ceil(end * total);
            if (step < a || step > e) return false;
            long every = Math.max(1, (e - a) / Math.max(1, updates));
            return (step - a) % every == 0 || step == e;
        }
    }

    // ----------------------------------------------------------------- helpers

    /**
     * Fake quantization of {@code p} into {@code out} at this structure's bits
     * (the per-tensor symmetric rule of {@link Quant}, in double); a copy at 32 bits.
     */
    protected void fakeQuant(double[] p, double[] out) {
        if (bits == 32) {
            System.arraycopy(p, 0, out, 0, p.length);
            return;
        }
        double mx = 0;
        for (double v : p) mx = Math.max(mx, Math.abs(v));
        int qmax = Quant.qmax(bits);
        double s = mx / qmax;
        for (int i = 0; i < p.length; i++) {
            if (s == 0) { out[i] = 0; continue; }
            double x = p[i] / s;
            double q = x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5);
            q = Math.max(-qmax, Math.min(qmax, q));
            out[i] = q * s;
        }
    }

    protected static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    protected static void fromFloat(float[] src, double[] dst) {
        for (int i = 0; i < src.length; i++) dst[i] = src[i];
    }

    protected static void uniform(Random r, double[] a, double limit) {
        for (int i = 0; i < a.length; i++) a[i] = (2 * r.nextDouble() - 1) * limit;
    }

    /**
     * The sparse part of a masked parameter matrix {@code p} (rows x cols) with exactly
     * {@code target} non-zeros: the mask's positions, or, mid-schedule when the mask holds
     * another count, the {@code target} largest |p| among them. Does not change the mask.
     */
    protected Sparse sparse(double[] p, boolean[] mask, int target, String role) {
        boolean[] m = mask;
        int count = 0;
        for (boolean b : mask) if (b) count++;
        if (count != target) {
            double[] pm = p.clone();
            for (int i = 0; i < pm.length; i++) if (!mask[i]) pm[i] = 0;
            m = new boolean[p.length];
            topK(pm, target, m);
        }
        int[] pos = new int[target];
        int k = 0;
        for (int i = 0; i < m.length; i++) if (m[i]) pos[k++] = i;
        org.tinyfit.model.compress.Csr idx = org.tinyfit.model.compress.Csr.fromPositions(rows, cols, pos, new int[pos.length]);
        float[] vals = new float[pos.length];
        for (int t = 0; t < pos.length; t++) vals[t] = (float) p[pos[t]];
        return new Sparse(idx, org.tinyfit.model.compress.QTensor.of(role, vals, 1, pos.length));
    }

    /** A CSR index and its values. */
    protected record Sparse(org.tinyfit.model.compress.Csr index, org.tinyfit.model.compress.QTensor values) { }

    /** Positions of the k largest |v| (ties: lower position first) marked in {@code mask}. */
    protected static void topK(double[] v, int k, boolean[] mask) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            float a = (float) Math.abs(v[i]);
            keys[i] = ((long) Float.floatToIntBits(a) << 32) | (~i & 0xffffffffL);
        }
        // the keys are distinct (the position is in the low bits): the k largest are those at or
        // above the k-th largest, found by selection in linear time (a sort cost a third of a
        // pruned epoch's time when the mask is recomputed every few steps)
        java.util.Arrays.fill(mask, false);
        if (k <= 0) return;
        long threshold = select(keys.clone(), keys.length - Math.min(k, keys.length));
        for (int i = 0; i < keys.length; i++) if (keys[i] >= threshold) mask[i] = true;
    }

    /** The element of rank r (0-based, ascending) of {@code a} (reordered): Hoare's selection, middle pivot. */
    static long select(long[] a, int r) {
        int lo = 0, hi = a.length - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (r <= j) hi = j;
            else if (r >= i) lo = i;
            else return a[r];
        }
        return a[r];
    }
}
