package org.tinyfit.model.search;

import java.util.Objects;

/**
 * What came of a trial. A trial that could not run (bad data, out of memory, a plan that does
 * not apply) is a result with {@code ok == false} and the reason in {@code message}, not an
 * exception: the search records it and goes on.
 *
 * @param key          {@link TrialSpec#key()} of the trial
 * @param ok           whether the trial trained and was measured
 * @param accuracy     accuracy on the eval set (NaN when not ok)
 * @param evalSamples  samples it was measured on (0 when not ok)
 * @param ciLow        lower end of the 95% Wilson interval (NaN when not ok)
 * @param ciHigh       upper end of the 95% Wilson interval (NaN when not ok)
 * @param trainSeconds wall time of the training
 * @param message      why the trial failed (empty when ok)
 * @param model        the trained model as {@code .tinyfit} bytes, with provenance (null when not ok)
 * @param worker       where it ran ("local" or a cluster member's address)
 */
public record TrialResult(String key, boolean ok, double accuracy, int evalSamples, double ciLow, double ciHigh,
                          double trainSeconds, String message, byte[] model, String worker) {
    public TrialResult {
        Objects.requireNonNull(key, "key");
        message = message == null ? "" : message;
        worker = worker == null ? "" : worker;
        if (ok) {
            if (!(accuracy >= 0 && accuracy <= 1)) throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
            if (evalSamples <= 0) throw new IllegalArgumentException("a measured trial needs eval samples");
            if (model == null || model.length == 0) throw new IllegalArgumentException("a measured trial carries its trained model");
        }
    }

    /** A failed trial. */
    public static TrialResult failed(String key, String message, double trainSeconds, String worker) {
        return new TrialResult(key, false, Double.NaN, 0, Double.NaN, Double.NaN, trainSeconds, message, null, worker);
    }
}
