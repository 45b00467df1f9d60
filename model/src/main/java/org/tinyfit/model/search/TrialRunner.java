package org.tinyfit.model.search;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Runs one trial on this machine from its input files (already checked against the spec's
 * hashes by the caller). The same runner serves the local executor and cluster workers, so a
 * trial gives the same result wherever it runs.
 */
@FunctionalInterface
public interface TrialRunner {
    /**
     * Trains and measures {@code spec}; never throws for a trial that fails (returns
     * {@link TrialResult#failed}), except {@link java.util.concurrent.CancellationException}
     * when {@code cancelled} turns true.
     */
    TrialResult run(TrialSpec spec, Path model, Path train, Path eval, BooleanSupplier cancelled);
}
