package org.tinyfit.model.cost;

/**
 * Options of {@link CostModel#estimate}.
 *
 * @param streamingInput      the input arrives one step at a time: the input tensor
 *                            takes I*a bytes of SRAM instead of T*I*a (RNN networks only)
 * @param nonlinearCycles     c_nl override in cycles per sigmoid/tanh, or NaN for the
 *                            docs/COST_MODEL.md default (10 with int8 activations, else 40
 *                            with an FPU, 200 without)
 * @param elementwiseCycles   c_el override in cycles per element-wise operation, or NaN
 *                            for the default 1
 */
public record CostOptions(boolean streamingInput, double nonlinearCycles, double elementwiseCycles) {
    /** Whole input tensor in SRAM, default c_nl and c_el. */
    public static final CostOptions DEFAULT = new CostOptions(false, Double.NaN, Double.NaN);
    /** Streaming input, default c_nl and c_el. */
    public static final CostOptions STREAMING = new CostOptions(true, Double.NaN, Double.NaN);

    /** Default c_el (docs/COST_MODEL.md). */
    public static final double DEFAULT_ELEMENTWISE_CYCLES = 1;
    /** Default c_nl with int8 activations (look-up tables). */
    public static final double NONLINEAR_CYCLES_INT8 = 10;
    /** Default c_nl in float32 on a core with an FPU. */
    public static final double NONLINEAR_CYCLES_FPU = 40;
    /** Default c_nl in float32 on a core without an FPU (software float). */
    public static final double NONLINEAR_CYCLES_SOFT = 200;

    public CostOptions {
        if (!Double.isNaN(nonlinearCycles) && !(nonlinearCycles >= 0 && nonlinearCycles < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("cycles per nonlinearity must be >= 0, got " + nonlinearCycles);
        }
        if (!Double.isNaN(elementwiseCycles) && !(elementwiseCycles >= 0 && elementwiseCycles < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("cycles per element-wise operation must be >= 0, got " + elementwiseCycles);
        }
    }

    public static CostOptions of(boolean streamingInput) {
        return streamingInput ? STREAMING : DEFAULT;
    }
}
