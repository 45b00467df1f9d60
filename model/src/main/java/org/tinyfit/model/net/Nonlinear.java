package org.tinyfit.model.net;

/** Scalar nonlinearities shared by inference and training. */
public final class Nonlinear {
    private Nonlinear() { }

    /** Numerically stable logistic sigmoid 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
