package org.tinyfit.model.net;

/** Element-wise activation of a dense layer. */
public enum Activation {
    NONE, RELU, TANH, SIGMOID;

    /** Applies the activation in place to {@code v[off .. off+len)}. */
    public void apply(float[] v, int off, int len) {
        switch (this) {
            case NONE -> { }
            case RELU -> { for (int i = off; i < off + len; i++) if (v[i] < 0f) v[i] = 0f; }
            case TANH -> { for (int i = off; i < off + len; i++) v[i] = (float) Math.tanh(v[i]); }
            case SIGMOID -> { for (int i = off; i < off + len; i++) v[i] = Nonlinear.sigmoid(v[i]); }
        }
    }

    /** Parses a name case-insensitively ("linear" and "identity" mean NONE). */
    public static Activation parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "none", "linear", "identity", "" -> NONE;
            case "relu" -> RELU;
            case "tanh" -> TANH;
            case "sigmoid" -> SIGMOID;
            default -> throw new IllegalArgumentException("unknown activation '" + s + "' (expected none, relu, tanh or sigmoid)");
        };
    }

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
}
