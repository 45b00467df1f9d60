package org.tinyfit.model.search;

import java.time.Duration;
import java.util.Map;

/**
 * What a running search reports, on the thread that runs it (a window hands it to its own
 * thread). Every method has an empty default.
 */
public interface SearchListener {
    /**
     * The search space is known.
     *
     * @param candidates candidates that fit the limits (the ones the search may train)
     * @param enumerated candidates enumerated before the limits
     * @param droppedBy  how many each limit dropped (flash, sram, latency, energy, invalid)
     * @param executor   where trials run ({@link TrialExecutor#describe()})
     * @param rungs      epochs of each successive-halving rung
     */
    default void started(String searchId, int candidates, int enumerated, Map<String, Integer> droppedBy, String executor,
                         java.util.List<Integer> rungs) { }

    /** A trial changed state (queued, running, done, failed). */
    default void trial(SearchTrial t) { }

    /** After each batch of trials. */
    default void progress(Progress p) { }

    /**
     * Progress of the search.
     *
     * @param done      trials finished (done or failed), reused ones included
     * @param failed    trials that failed
     * @param budget    trial budget, or 0 when the budget is time or epochs
     * @param elapsed   wall time of this run
     * @param eta       estimated time left (null when unknown)
     * @param best      the most accurate trained model that fits every limit (null before one)
     * @param epochsRun epochs trained (all trials of all runs)
     */
    record Progress(int done, int failed, int budget, Duration elapsed, Duration eta, SearchTrial best, long epochsRun) { }
}
