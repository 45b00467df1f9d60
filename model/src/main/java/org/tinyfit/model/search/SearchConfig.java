package org.tinyfit.model.search;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tinyfit.model.plan.Activations;

/**
 * What a search looks for and how long it may take.
 *
 * @param limits       what every trained model must fit (candidates over a limit are never trained)
 * @param techniques   technique ids to enumerate: kp, hkp, dkp, lmf, prune, small, dense
 * @param bits         weight bit widths (32, 16, 8, ... 2)
 * @param activations  activation types
 * @param maxTrials    most trials (0: no limit)
 * @param maxTime      most wall time (null: no limit); running trials finish
 * @param maxEpochs    most epochs trained over all trials (0: no limit), for comparisons at equal budget
 * @param minEpochs    epochs of the first rung of successive halving
 * @param fullEpochs   epochs of the last rung (the full training)
 * @param eta          successive-halving factor: the best 1/eta of a rung go on to eta times the epochs
 * @param seed         seed of the proposals and of every trial's training
 * @param learningRate Adam's peak learning rate of every trial
 * @param batchSize    mini-batch size of every trial
 * @param strategy     {@link Strategy#MODEL_BASED} or {@link Strategy#RANDOM} (uniform random candidates at full epochs; the baseline)
 */
public record SearchConfig(Limits limits, Set<String> techniques, List<Integer> bits, List<Activations> activations,
                           int maxTrials, Duration maxTime, long maxEpochs, int minEpochs, int fullEpochs, int eta, long seed,
                           double learningRate, int batchSize, Strategy strategy) {
    /** How candidates are proposed. */
    public enum Strategy { MODEL_BASED, RANDOM }

    /** Every technique id, in the order candidates are enumerated. */
    public static final List<String> ORDER = List.of("kp", "hkp", "dkp", "lmf", "prune", "small", "dense");
    /** Every technique id. */
    public static final Set<String> ALL_TECHNIQUES = canonical(ORDER);

    /** {@code ids} in {@link #ORDER} (a set's own order may differ from one JVM to the next). */
    public static Set<String> canonical(java.util.Collection<String> ids) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (String t : ORDER) if (ids.contains(t)) s.add(t);
        return java.util.Collections.unmodifiableSet(s);
    }

    public SearchConfig {
        if (limits == null) throw new IllegalArgumentException("a search needs limits");
        techniques = new LinkedHashSet<>(techniques);
        for (String t : techniques) {
            if (!ALL_TECHNIQUES.contains(t)) throw new IllegalArgumentException("unknown technique '" + t + "' (kp, hkp, dkp, lmf, prune, small, dense)");
        }
        if (techniques.isEmpty()) throw new IllegalArgumentException("a search needs at least one technique");
        bits = List.copyOf(bits);
        for (int b : bits) if (!((b >= 2 && b <= 8) || b == 16 || b == 32)) throw new IllegalArgumentException("bits must be 2-8, 16 or 32, got " + b);
        if (bits.isEmpty()) throw new IllegalArgumentException("a search needs at least one bit width");
        activations = List.copyOf(activations);
        if (activations.isEmpty()) throw new IllegalArgumentException("a search needs at least one activation type");
        if (maxTrials < 0) throw new IllegalArgumentException("trials must not be negative");
        if (maxTrials == 0 && maxTime == null && maxEpochs == 0) throw new IllegalArgumentException("a search needs a budget: trials, time or epochs");
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) throw new IllegalArgumentException("the time budget must be positive");
        if (fullEpochs < 1 || fullEpochs > TrialSpec.MAX_EPOCHS) throw new IllegalArgumentException("epochs must be 1-" + TrialSpec.MAX_EPOCHS + ", got " + fullEpochs);
        if (minEpochs < 1 || minEpochs > fullEpochs) throw new IllegalArgumentException("minimum epochs must be 1-" + fullEpochs + ", got " + minEpochs);
        if (eta < 2) throw new IllegalArgumentException("eta must be at least 2, got " + eta);
        if (!(learningRate > 0 && learningRate < 10)) throw new IllegalArgumentException("learning rate must be in (0, 10), got " + learningRate);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        if (strategy == null) strategy = Strategy.MODEL_BASED;
        techniques = canonical(techniques);
    }

    /**
     * Epochs of each rung, from the full training down: fullEpochs, fullEpochs/eta, ... while at
     * least minEpochs, shortest first (one rung for the random strategy). E.g. 30 epochs, eta 3,
     * at least 3: 3, 10, 30.
     */
    public List<Integer> rungs() {
        if (strategy == Strategy.RANDOM) return List.of(fullEpochs);
        java.util.LinkedList<Integer> r = new java.util.LinkedList<>();
        int e = fullEpochs;
        while (e >= minEpochs) {
            if (r.isEmpty() || r.getFirst() != e) r.addFirst(e);
            if (e == 1) break;
            e = e / eta;
        }
        return List.copyOf(r);
    }

    /** The settings that decide which trials run (a resumed search must have the same). */
    public String fingerprint() {
        return String.join("|", limits.device().id(), Long.toString(limits.flashBytes()), Long.toString(limits.sramBytes()),
                Double.toString(limits.latencyMs()), Double.toString(limits.energyMj()), new java.util.TreeSet<>(techniques).toString(), bits.toString(),
                activations.toString(), Integer.toString(minEpochs), Integer.toString(fullEpochs), Integer.toString(eta), Long.toString(seed),
                Double.toString(learningRate), Integer.toString(batchSize), strategy.name());
    }
}
