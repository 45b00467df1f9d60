package org.tinyfit.model.compress;

import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;

/**
 * Applies a compression plan to a network without retraining: every matrix the
 * plan names is projected onto its technique ({@link Projection}) and quantized;
 * a matrix that already has the plan's structure (a trained KP model, say) is only
 * re-quantized, keeping its trained factors. Matrices the plan does not name stay
 * as stored. With int8 activations every compressed matrix runs its integer kernels.
 */
public final class Compressor {
    private Compressor() { }

    /** The network with {@code plan} applied (weights projected, not retrained). */
    public static Network apply(Network net, CompressionPlan plan) {
        boolean int8 = plan.activations() == Activations.INT8;
        List<Layer> out = new ArrayList<>();
        for (Layer l : net.layers()) {
            MatrixPlan mp = plan.entry(l.kernelName());
            LinearOp k = l.kernel();
            LinearOp nk;
            if (mp != null) {
                try {
                    nk = compress(k, mp, int8);
                } catch (IllegalArgumentException e) {
                    throw rethrow(l.kernelName(), e);
                }
            } else if (k instanceof CompressedOp c) {
                nk = c.withInt8Activations(int8);
            } else {
                nk = k;
            }
            out.add(nk == k ? l : l.withKernel(nk));
        }
        return net.withLayers(out, net.provenance());
    }

    /**
     * The plan that describes {@code net} after {@code plan} is applied: every matrix's
     * entry (the plan's own or {@code *} entry, else the technique the matrix is stored
     * in, else dense float32), and int8 activations when the plan asks for them or the
     * stored matrices run int8. What the cost model needs for a stored compressed model.
     */
    public static CompressionPlan effectivePlan(Network net, CompressionPlan plan) {
        java.util.Map<String, MatrixPlan> m = new java.util.LinkedHashMap<>();
        boolean int8 = plan != null && plan.activations() == Activations.INT8;
        for (Layer l : net.layers()) {
            MatrixPlan mp = plan == null ? null : plan.entry(l.kernelName());
            if (mp == null) {
                if (l.kernel() instanceof CompressedOp c) {
                    mp = c.plan();
                    if (plan == null && c.int8Activations()) int8 = true;
                } else {
                    mp = MatrixPlan.dense();
                }
            }
            m.put(l.kernelName(), mp);
        }
        return new CompressionPlan(m, int8 ? Activations.INT8 : Activations.FLOAT32);
    }

    /** One matrix under one plan entry. */
    public static LinearOp compress(LinearOp k, MatrixPlan mp, boolean int8Activations) {
        if (k instanceof CompressedOp c && sameStructure(c, mp.technique())) {
            return c.withBits(mp.bits()).withInt8Activations(int8Activations);
        }
        if (k instanceof DenseOp && mp.technique() instanceof TechniqueSpec.Dense && mp.bits() == 32 && !int8Activations) {
            return k;
        }
        return Projection.project(k.toDense(), k.rows(), k.cols(), mp, int8Activations);
    }

    /** Whether {@code op} already has the structure {@code t} asks for (same shapes, same non-zero count). */
    public static boolean sameStructure(CompressedOp op, TechniqueSpec t) {
        long mn = (long) op.rows() * op.cols();
        if (op instanceof PrunedOp p && t instanceof TechniqueSpec.Pruned s) {
            return p.index().nnz() == s.nnz(op.rows(), op.cols());
        }
        if (op instanceof DkpOp d && t instanceof TechniqueSpec.Dkp s) {
            return d.kp().spec().equals(new TechniqueSpec.Kp(s.m1(), s.n1(), s.m2(), s.n2()))
                    && TechniqueSpec.nonZeros(d.density(), mn) == s.nnz(op.rows(), op.cols());
        }
        return op.spec().equals(t);
    }

    private static IllegalArgumentException rethrow(String matrix, IllegalArgumentException e) {
        String msg = matrix + ": " + e.getMessage();
        return e instanceof ProjectionException ? new ProjectionException(msg) : new IllegalArgumentException(msg, e);
    }
}
