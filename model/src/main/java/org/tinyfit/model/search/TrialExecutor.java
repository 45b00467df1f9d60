package org.tinyfit.model.search;

import java.util.concurrent.CompletableFuture;

/**
 * Where a search's trials run: in this process (the default, no network) or on a cluster.
 * The search keeps {@link #slots()} trials in flight and records each result as it arrives.
 */
public interface TrialExecutor extends AutoCloseable {
    /**
     * Starts {@code spec}. The future completes with the trial's result (a failed trial completes
     * normally with {@code ok == false}); cancelling the future stops the trial where possible.
     */
    CompletableFuture<TrialResult> submit(TrialSpec spec);

    /** How many trials can usefully run at once. */
    int slots();

    /** A line for progress output: where trials run ("local, 1 slot", "cluster of 2 members, 4 slots"). */
    String describe();

    /** Stops running trials and releases threads (and network resources). */
    @Override void close();
}
