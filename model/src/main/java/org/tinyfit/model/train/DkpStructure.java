package org.tinyfit.model.train;

import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Csr;
import org.tinyfit.model.compress.DkpOp;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.net.LinearOp;

/**
 * Doped KP: W = B kron C + D (*) mask (*) S. The overlay S starts dense
 * ({@code startDensity}) and its density is annealed to the target d with the cubic
 * schedule of {@link PruneSchedule} (magnitude masks); co-matrix dropout keeps each
 * overlay entry with probability 1 - p in each step and scales it by 1 / (1 - p)
 * (D above), so the KP cannot lean on the overlay (docs/METHODS.md, "Doped KP": co-matrix adaptation).
 * Gradients: B and C as for KP; dL/dS = dL/dW (*) mask (*) D.
 */
final class DkpStructure extends Structure {
    final KpStructure kp;
    final double density;
    final DkpOptions opt;
    final PruneSchedule schedule;
    final double[] s, gs, qs, drop;
    final boolean[] mask;
    private boolean fixedMask;

    DkpStructure(int rows, int cols, int bits, TechniqueSpec.Dkp spec, DkpOptions opt) {
        super(rows, cols, bits);
        if (!(spec.density() > 0 && spec.density() <= 1)) throw new IllegalArgumentException("DKP density must be in (0, 1], got " + spec.density());
        kp = new KpStructure(rows, cols, bits, 0, spec.m1(), spec.n1(), spec.m2(), spec.n2());
        density = spec.density();
        this.opt = opt;
        schedule = new PruneSchedule(0.0, opt.annealEnd(), 30);
        s = new double[rows * cols];
        gs = new double[s.length];
        qs = new double[s.length];
        drop = new double[s.length];
        mask = new boolean[s.length];
        java.util.Arrays.fill(mask, true);
    }

    @Override public List<double[]> params() { return List.of(kp.b, kp.c, s); }
    @Override public List<double[]> grads() { return List.of(kp.gb, kp.gc, gs); }

    int target() { return (int) TechniqueSpec.nonZeros(density, s.length); }

    /** Overlay density at a step: d + (d0 - d) (1 - p)^3 over the annealing span. */
    double densityAt(long step, long total) {
        double d0 = Math.max(density, opt.startDensity());
        double p = Math.max(0, Math.min(1, step / Math.max(1e-9, opt.annealEnd() * total)));
        return density + (d0 - density) * Math.pow(1 - p, 3);
    }

    @Override public void forward(double[] w, long step, long total, Random rnd) {
        if (!fixedMask && schedule.updateAt(step, total)) keep((int) TechniqueSpec.nonZeros(densityAt(step, total), s.length));
        kp.forward(w, step, total, rnd);
        fakeQuant(s, qs);
        double p = opt.dropout();
        double scale = p > 0 ? 1 / (1 - p) : 1;
        for (int i = 0; i < s.length; i++) {
            if (!mask[i]) { drop[i] = 0; continue; }
            drop[i] = (p > 0 && rnd != null) ? (rnd.nextDouble() < p ? 0 : scale) : 1;
            w[i] += drop[i] * qs[i];
        }
    }

    private void keep(int k) {
        topK(s, k, mask);
        for (int i = 0; i < s.length; i++) if (!mask[i]) s[i] = 0;
    }

    @Override public void backward(double[] dW) {
        kp.kronBackward(dW, 0, kp.qb, kp.qc, kp.gb, kp.gc);
        for (int i = 0; i < s.length; i++) gs[i] = dW[i] * drop[i];
    }


    @Override public void initScratch(Random rnd, double limit) {
        kp.initScratch(rnd, limit);
        java.util.Arrays.fill(s, 0);
    }

    /** Fine-tuning a projected DKP keeps its overlay positions. */
    @Override public void initFrom(LinearOp op) {
        DkpOp d = (DkpOp) op;
        kp.initFrom(d.kp());
        java.util.Arrays.fill(s, 0);
        java.util.Arrays.fill(mask, false);
        Csr idx = d.index();
        float[] v = d.overlay().values();
        for (int i = 0; i < rows; i++) for (int k = idx.rowPtr()[i]; k < idx.rowPtr()[i + 1]; k++) {
            mask[i * cols + idx.col()[k]] = true;
            s[i * cols + idx.col()[k]] = v[k];
        }
        fixedMask = true;
    }

    @Override public CompressedOp toOp() {
        Sparse sp = sparse(s, mask, target(), "s");
        return new DkpOp(kp.kpOp(), sp.index(), sp.values(), density).withBits(bits);
    }
}
