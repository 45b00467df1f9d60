package org.tinyfit.model.train;

import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Csr;
import org.tinyfit.model.compress.PrunedOp;
import org.tinyfit.model.net.LinearOp;

/**
 * Gradual magnitude pruning: W = P (*) mask, the mask recomputed on the schedule's
 * steps to keep the round((1 - s_t) m n) largest |P|; pruned entries of P are set
 * to zero; dL/dP = dL/dW (*) mask.
 */
final class PrunedStructure extends Structure {
    final double sparsity;
    final PruneSchedule schedule;
    final double[] p, g, q;
    final boolean[] mask;
    private boolean fixedMask;

    PrunedStructure(int rows, int cols, int bits, double sparsity, PruneSchedule schedule) {
        super(rows, cols, bits);
        if (!(sparsity >= 0 && sparsity < 1)) throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        this.sparsity = sparsity;
        this.schedule = schedule;
        p = new double[rows * cols];
        g = new double[p.length];
        q = new double[p.length];
        mask = new boolean[p.length];
        java.util.Arrays.fill(mask, true);
    }

    @Override public List<double[]> params() { return List.of(p); }
    @Override public List<double[]> grads() { return List.of(g); }

    int target() { return (int) TechniqueSpec.nonZeros(1 - sparsity, p.length); }

    @Override public void forward(double[] w, long step, long total, Random rnd) {
        if (!fixedMask && schedule.updateAt(step, total)) {
            double s = schedule.sparsityAt(sparsity, step, total);
            prune((int) TechniqueSpec.nonZeros(1 - s, p.length));
        }
        fakeQuant(p, q);
        for (int i = 0; i < p.length; i++) w[i] = mask[i] ? q[i] : 0;
    }

    private void prune(int keep) {
        topK(p, keep, mask);
        for (int i = 0; i < p.length; i++) if (!mask[i]) p[i] = 0;
    }

    @Override public void backward(double[] dW) {
        for (int i = 0; i < g.length; i++) g[i] = mask[i] ? dW[i] : 0;
    }

    @Override public void initScratch(Random rnd, double limit) { uniform(rnd, p, limit); }

    /** Fine-tuning a projected (already pruned) matrix keeps its mask fixed. */
    @Override public void initFrom(LinearOp op) {
        fromFloat(op.toDense(), p);
        PrunedOp po = (PrunedOp) op;
        java.util.Arrays.fill(mask, false);
        Csr idx = po.index();
        for (int i = 0; i < rows; i++) for (int k = idx.rowPtr()[i]; k < idx.rowPtr()[i + 1]; k++) mask[i * cols + idx.col()[k]] = true;
        fixedMask = true;
    }

    @Override public CompressedOp toOp() {
        Sparse sp = sparse(p, mask, target(), "values");
        return new PrunedOp(sp.index(), sp.values(), false).withBits(bits);
    }
}
