package org.tinyfit.model.provenance;

import java.util.Locale;

/**
 * How a model's weights were made. {@link #id()} is the text written in a
 * {@code .tinyfit}'s provenance ("kind") and in the atlas's {@code kind} column.
 */
public enum ModelKind {
    /** Trained by back-propagation in its structure (a baseline or a compressed model). */
    TRAINED("trained"),
    /** A trained model quantized without retraining (only bits or activations changed, structure kept). */
    QUANTIZED_AFTER_TRAINING("quantized after training"),
    /** A model projected onto a compression plan without retraining. */
    PROJECTED("projected without retraining"),
    /** Imported from another framework's file (ONNX, Keras). */
    IMPORTED("imported"),
    /** Provenance that names no kind TinyFit knows. */
    UNKNOWN("unknown");

    private final String id;

    ModelKind(String id) { this.id = id; }

    public String id() { return id; }

    /** Whether {@code text} (an atlas kind or a provenance kind) is this kind. */
    public boolean is(String text) { return text != null && parse(text) == this; }

    /**
     * The kind a provenance or atlas text names: the ids above, and the sentences files
     * written before the kinds were typed carry ("trained compressed model (scratch)",
     * "trained variant X, quantized after training (no retraining)", "imported (dense float32)").
     */
    public static ModelKind parse(String text) {
        if (text == null) return UNKNOWN;
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ModelKind k : values()) if (k.id.equals(t)) return k;
        if (t.contains("quantized after training")) return QUANTIZED_AFTER_TRAINING;
        if (t.startsWith("imported")) return IMPORTED;
        if (t.startsWith("projected") || t.contains("without retraining")) return PROJECTED;
        if (t.startsWith("trained")) return TRAINED;
        return UNKNOWN;
    }
}
