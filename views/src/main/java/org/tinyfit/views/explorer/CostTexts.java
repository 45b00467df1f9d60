package org.tinyfit.views.explorer;

import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.views.Formats;

/** Sentences of the cost panel that need more than one number. Pure functions. */
final class CostTexts {
    private CostTexts() { }

    /**
     * What one matrix's MACs are made of, per time step as the table counts them: a GRU's
     * compressed kernel runs twice a step (on x and on h), so its MACs per step are two
     * mat-vecs. {@code dense} is the same matrix's cost in the dense model (one mat-vec a step).
     */
    static String macsDetail(MatrixCost mc, MatrixCost dense) {
        int steps = dense == null ? mc.steps() : dense.steps();
        long denseMacs = dense == null ? (long) mc.rows() * mc.cols() * steps : dense.macs();
        int perStep = Math.max(1, mc.steps() / Math.max(1, steps));
        long stepMacs = mc.macsPerStep() * perStep;
        String step = perStep == 1 ? Formats.integer(stepMacs) + " MACs per step"
                : Formats.integer(stepMacs) + " MACs per step (" + perStep + " mat-vecs of " + Formats.integer(mc.macsPerStep())
                        + ": a GRU's compressed kernel runs on x and on h)";
        return step + " \u00d7 " + steps + (steps == 1 ? " step" : " steps") + " = " + Formats.integer(mc.macs())
                + ", of the dense " + Formats.integer(denseMacs);
    }

    /** The matrix's MACs against the same matrix dense. */
    static double macsShare(MatrixCost mc, MatrixCost dense) {
        long denseMacs = dense == null ? (long) mc.rows() * mc.cols() * mc.steps() : dense.macs();
        return (double) mc.macs() / Math.max(1, denseMacs);
    }
}
