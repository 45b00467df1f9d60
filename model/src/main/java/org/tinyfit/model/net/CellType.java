package org.tinyfit.model.net;

import java.util.Locale;

/**
 * Recurrent cell types. {@link #gates()} is G, the number of H-row blocks in the
 * layer's gate matrix {@code kernel = [W_x | W_h]} of shape (G*H) x (I+H).
 */
public enum CellType {
    /** Gates i, f, g, o (in this row order). */
    LSTM(4, 4),
    /** Gates z, r, h (ONNX semantics, both linear_before_reset variants). */
    GRU(3, 3),
    /** h~ = tanh(W x + U h + b); h = sigmoid(beta) h + sigmoid(alpha) h~. */
    FASTRNN(1, 1),
    /** z and h~ share W and U; biases b_z and b_h. */
    FASTGRNN(1, 2);

    private final int gates;
    private final int biasBlocks;

    CellType(int gates, int biasBlocks) {
        this.gates = gates;
        this.biasBlocks = biasBlocks;
    }

    /** G: number of H-row blocks in the gate matrix. */
    public int gates() { return gates; }

    /** Number of H-long bias blocks (FastGRNN has two: b_z, b_h). */
    public int biasBlocks() { return biasBlocks; }

    /** Sigmoid and tanh evaluations per hidden unit and time step (docs/COST_MODEL.md). */
    public int nonlinearitiesPerUnit() {
        return switch (this) {
            case LSTM -> 5;
            case GRU -> 3;
            case FASTRNN -> 1;
            case FASTGRNN -> 2;
        };
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static CellType parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (CellType c : values()) {
            if (c.id().equals(t)) return c;
        }
        throw new IllegalArgumentException("unknown cell type '" + s + "' (expected lstm, gru, fastrnn or fastgrnn)");
    }
}
