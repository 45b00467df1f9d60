package org.tinyfit.model.io;

/**
 * Weights must be finite: a NaN or an infinity in a kernel or a bias makes every prediction
 * meaningless (a model that "evaluates at 12%"), so readers and importers refuse such a tensor
 * with its name and the first bad position instead of loading it.
 */
public final class FiniteWeights {
    private FiniteWeights() { }

    /** Throws IllegalArgumentException naming {@code tensor} when a value is NaN or infinite. */
    public static float[] require(float[] v, String tensor) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new IllegalArgumentException(problem(tensor, v[i], i, v.length));
        }
        return v;
    }

    /** The message for value {@code i} of {@code n} being {@code x}. */
    public static String problem(String tensor, float x, int i, int n) {
        return "tensor '" + tensor + "' holds " + (Float.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf") + " (value " + i + " of " + n
                + "); weights must be finite numbers";
    }

    /** A scale or scalar: finite, else IllegalArgumentException naming it. */
    public static float require(float x, String what) {
        if (!Float.isFinite(x)) throw new IllegalArgumentException(what + " is " + (Float.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf") + "; weights must be finite numbers");
        return x;
    }
}
