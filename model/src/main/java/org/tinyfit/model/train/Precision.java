package org.tinyfit.model.train;

/**
 * Arithmetic of the forward and backward passes of training. Master weights, gradient sums
 * and Adam stay in double either way.
 */
public enum Precision {
    /** float32 on the batched kernels (Vector API sgemm), slices of 32 samples (16 below mini-batches of 64): the default. */
    FLOAT32,
    /** double precision with scalar loops, slices of {@link Trainer#SLICE} samples: the reference of the tests. */
    FLOAT64;

    public String id() { return this == FLOAT32 ? "float32" : "float64"; }

    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float", "single" -> FLOAT32;
            case "float64", "f64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException("precision must be float32 or float64, got '" + s + "'");
        };
    }
}
