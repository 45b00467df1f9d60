package org.tinyfit.model.kernels;

/**
 * Whether the batched kernels run on the Vector API ({@code jdk.incubator.vector},
 * present when the JVM was started with {@code --add-modules jdk.incubator.vector}) or on
 * the scalar fallback. Both compute every element with the same operations in the same
 * order (fused multiply-adds in increasing k order, the same polynomial for exp), so
 * they give the same bits; only the speed differs. {@code -Dtinyfit.simd=false} forces
 * the fallback.
 */
public final class Simd {
    private Simd() { }

    /** True when the Vector API paths run. */
    public static final boolean ENABLED = detect();

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("tinyfit.simd", "true"))) return false;
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
            // the kernels use 256-bit vectors: on narrower hardware they would be emulated
            return VecKernels.lanes() >= 8;
        } catch (Throwable t) {
            return false;
        }
    }

    /** "vector API, 8 float lanes" or "scalar (start the JVM with --add-modules jdk.incubator.vector)". */
    public static String describe() {
        return ENABLED ? "vector API, " + VecKernels.L + " float lanes"
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for the vector kernels)";
    }
}
