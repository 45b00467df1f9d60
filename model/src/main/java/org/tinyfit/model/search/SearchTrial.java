package org.tinyfit.model.search;

/**
 * One trial as the search reports it (a row of the window's live trial table).
 *
 * @param key        {@link TrialSpec#key()}
 * @param plan       the trial plan text ({@link TrialPlan}, without training settings)
 * @param technique  the atlas technique label (kp, kp-int8, small, ...)
 * @param epochs     its fidelity: training epochs
 * @param rung       its successive-halving rung (0 = shortest training)
 * @param state      queued, running, done or failed
 * @param accuracy   measured accuracy (done), NaN otherwise
 * @param ciLow      lower end of the measured 95% Wilson interval (done), NaN otherwise
 * @param ciHigh     upper end (done), NaN otherwise
 * @param predicted  the surrogate's prediction when it was proposed (null before there was one)
 * @param params     stored parameters
 * @param flashBytes estimated flash
 * @param sramBytes  estimated SRAM
 * @param latencyMs  estimated latency
 * @param energyMj   estimated energy per inference
 * @param macs       MACs per inference
 * @param file       the trained model, relative to the search folder (done), else ""
 * @param message    why it failed, else ""
 * @param seconds    training wall time (done or failed)
 * @param reused     whether the result came from the journal of an earlier run (resume)
 */
public record SearchTrial(String key, String plan, String technique, int epochs, int rung, State state, double accuracy,
                          double ciLow, double ciHigh, Surrogate.Prediction predicted, long params, long flashBytes, long sramBytes,
                          double latencyMs, double energyMj, long macs, String file, String message, double seconds, boolean reused) {
    /** Where a trial is. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** A copy in another state. */
    SearchTrial with(State s) {
        return new SearchTrial(key, plan, technique, epochs, rung, s, accuracy, ciLow, ciHigh, predicted, params, flashBytes, sramBytes,
                latencyMs, energyMj, macs, file, message, seconds, reused);
    }

    /** Whether it trained and was measured. */
    public boolean done() { return state == State.DONE; }
}
