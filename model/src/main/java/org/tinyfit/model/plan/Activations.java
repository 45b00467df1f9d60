package org.tinyfit.model.plan;

/** Activation data type at inference: float32 or int8. */
public enum Activations {
    FLOAT32, INT8;

    public String id() { return this == FLOAT32 ? "float32" : "int8"; }

    /** Bytes per activation value (docs/COST_MODEL.md: a). */
    public int bytes() { return this == FLOAT32 ? 4 : 1; }

    public static Activations parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float" -> FLOAT32;
            case "int8", "i8" -> INT8;
            default -> throw new IllegalArgumentException("activations must be float32 or int8, got '" + s + "'");
        };
    }
}
