package org.tinyfit.model.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compression plan: one {@link MatrixPlan} per weight matrix name
 * ({@code LAYER.kernel}) and the activation type. Matrices a plan does not name
 * stay dense float32. Parsing (text and JSON forms) and validation against a
 * network live in the plan parser of this package.
 */
public record CompressionPlan(Map<String, MatrixPlan> matrices, Activations activations) {
    public CompressionPlan {
        matrices = Collections.unmodifiableMap(new LinkedHashMap<>(matrices == null ? Map.of() : matrices));
        if (activations == null) activations = Activations.FLOAT32;
    }

    /** The empty plan: everything dense float32. */
    public static CompressionPlan none() { return new CompressionPlan(Map.of(), Activations.FLOAT32); }

    /** The plan for a matrix (dense float32 when not named). */
    public MatrixPlan forMatrix(String name) {
        return matrices.getOrDefault(name, MatrixPlan.dense());
    }
}
