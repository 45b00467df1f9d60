package org.tinyfit.model.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param searchId     the search's id
 * @param trials       every trial in the order it was proposed (done and failed)
 * @param best         the most accurate trained model that fits every limit (null when none trained)
 * @param flashFront   Pareto front of accuracy against flash among trained models that fit, flash ascending
 * @param latencyFront Pareto front of accuracy against latency among them, latency ascending
 * @param candidates   candidates that fit the limits
 * @param cancelled    whether it was cancelled
 * @param exhausted    whether it stopped because nothing was left to train
 * @param epochsRun    epochs trained over all trials
 * @param surrogate    the surrogate fitted on every trained trial (and the seed rows), or null
 */
public record SearchOutcome(String searchId, List<SearchTrial> trials, SearchTrial best, List<SearchTrial> flashFront,
                            List<SearchTrial> latencyFront, int candidates, boolean cancelled, boolean exhausted, long epochsRun,
                            Surrogate surrogate) {
    public SearchOutcome {
        trials = List.copyOf(trials);
        flashFront = List.copyOf(flashFront);
        latencyFront = List.copyOf(latencyFront);
    }

    /**
     * Hypervolume of the accuracy-flash front: the area dominated by the front in (flash / limit,
     * accuracy) against the reference point (1, 0), i.e. the integral of the best accuracy
     * reachable within each flash fraction. 0..1, larger is better.
     */
    public double flashHypervolume(long flashLimit) {
        return hypervolume(flashFront, flashLimit);
    }

    /** Hypervolume of {@code front} (flash ascending) against (flashLimit, 0). */
    public static double hypervolume(List<SearchTrial> front, long flashLimit) {
        double hv = 0;
        for (int i = 0; i < front.size(); i++) {
            double x0 = (double) front.get(i).flashBytes() / flashLimit;
            double x1 = i + 1 < front.size() ? (double) front.get(i + 1).flashBytes() / flashLimit : 1;
            hv += Math.max(0, Math.min(1, x1) - Math.min(1, x0)) * front.get(i).accuracy();
        }
        return hv;
    }
}
