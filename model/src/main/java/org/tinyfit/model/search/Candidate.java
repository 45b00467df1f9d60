package org.tinyfit.model.search;

/**
 * One point of the search space, costed before any training.
 *
 * @param plan        the trial plan text without training settings ({@link TrialPlan}: {@code @small=H;} and a plan)
 * @param technique   the atlas's technique label: kp, hkp, dkp, lmf, prune, small, dense, with {@code -intB} when quantized
 * @param kind        the technique id (kp, hkp, dkp, lmf, prune, small, dense)
 * @param bits        bits of the RNN kernel
 * @param int8Activations whether activations are int8
 * @param params      stored parameters
 * @param flashBytes  estimated flash
 * @param sramBytes   estimated peak SRAM
 * @param macs        MACs per inference
 * @param latencyMs   estimated latency on the device
 * @param energyMj    estimated energy per inference
 * @param features    {@link PlanFeatures} (epochs feature 0: set per fidelity)
 */
public record Candidate(String plan, String technique, String kind, int bits, boolean int8Activations, long params, long flashBytes,
                        long sramBytes, long macs, double latencyMs, double energyMj, double[] features) {
    public Candidate {
        features = features.clone();
    }

    @Override public double[] features() { return features.clone(); }

    /** Features at a number of epochs. */
    public double[] features(int epochs) { return PlanFeatures.withEpochs(features, epochs); }

    @Override public boolean equals(Object o) { return o instanceof Candidate c && c.plan.equals(plan); }

    @Override public int hashCode() { return plan.hashCode(); }
}
