package org.tinyfit.model.plan;

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

    /** The plan for a matrix: its own entry, else the {@code *} entry, else dense float32. */
    public MatrixPlan forMatrix(String name) {
        MatrixPlan p = entry(name);
        return p == null ? MatrixPlan.dense() : p;
    }

    /** The entry that names the matrix, else the {@code *} entry, else null (the matrix is left as it is). */
    public MatrixPlan entry(String name) {
        MatrixPlan p = matrices.get(name);
        return p != null ? p : matrices.get("*");
    }
}
