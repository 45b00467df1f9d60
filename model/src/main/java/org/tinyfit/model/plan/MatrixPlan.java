package org.tinyfit.model.plan;

/**
 * The plan for one weight matrix: technique settings and weight bit width
 * (2..8, 16, or 32 = float32). Bits apply to every stored tensor of the technique.
 */
public record MatrixPlan(TechniqueSpec technique, int bits) {
    public MatrixPlan {
        if (technique == null) throw new IllegalArgumentException("technique must be given");
        if (!validBits(bits)) throw new IllegalArgumentException("bit width " + bits + " is not supported (use 2..8, 16 or 32)");
    }

    public static MatrixPlan dense() { return new MatrixPlan(new TechniqueSpec.Dense(), 32); }

    public static boolean validBits(int b) { return (b >= 2 && b <= 8) || b == 16 || b == 32; }

    public boolean quantized() { return bits < 32; }
}
