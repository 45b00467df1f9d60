package org.tinyfit.model.compress;

import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.net.LinearOp;

/**
 * A weight matrix in one of TinyFit's compressed representations. Each keeps its
 * stored tensors (never the reconstructed W), runs y = W x with its own kernel,
 * reconstructs W for tests and heatmaps ({@link #toDense()}), and carries the bit
 * width of its tensors. With {@link #int8Activations()} and at most 8 bits it runs
 * the integer kernels of {@link org.tinyfit.model.kernels.Int8Kernels}, which the C
 * export mirrors; otherwise the float kernels on the (dequantized) values.
 *
 * <p>Projection from a trained dense W is in {@link Projection}.
 */
public sealed interface CompressedOp extends LinearOp
        permits QuantDenseOp, KpOp, HkpOp, DkpOp, LmfOp, PrunedOp {

    /** The technique and its settings. */
    TechniqueSpec spec();

    /** Bit width of every stored tensor (2..8, 16 or 32). */
    int bits();

    /** True when this op was built for int8 activations (it runs integer kernels when bits &lt;= 8). */
    boolean int8Activations();

    /** The stored value tensors, in storage order (sparse indices are separate). */
    List<QTensor> tensors();

    /** The same structure with every tensor re-quantized from its current values to {@code bits}. */
    CompressedOp withBits(int bits);

    /** The same op for int8 (true) or float32 (false) activations. */
    CompressedOp withInt8Activations(boolean int8);

    /** The plan entry this op realises. */
    default MatrixPlan plan() { return new MatrixPlan(spec(), bits()); }

    /** Whether the integer kernels run: int8 activations and weights of at most 8 bits. */
    default boolean runsInt8() { return int8Activations() && bits() <= 8; }
}
