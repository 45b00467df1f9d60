package org.tinyfit.model.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;

/**
 * A trial runner that trains nothing: a synthetic accuracy from the plan's features (bigger is
 * better, some techniques better than others, low bits worse, more epochs better) and the base
 * model's bytes as the "trained" model.
 */
final class FakeRunner implements TrialRunner {
    final AtomicInteger runs = new AtomicInteger();
    final Map<String, Integer> perKey = new ConcurrentHashMap<>();
    private final long sleepMs;

    FakeRunner(long sleepMs) { this.sleepMs = sleepMs; }

    @Override public TrialResult run(TrialSpec spec, Path model, Path train, Path eval, BooleanSupplier cancelled) {
        runs.incrementAndGet();
        perKey.merge(spec.key(), 1, Integer::sum);
        try {
            if (sleepMs > 0) Thread.sleep(sleepMs);
            Network base = TinyfitFile.read(model);
            TrialPlan tp = TrialPlan.parse(spec.plan());
            Network net = tp.network(base);
            double[] f = PlanFeatures.of(base, net, tp.plan(net), spec.epochs());
            double acc = objective(f);
            return new TrialResult(spec.key(), true, acc, 397, Math.max(0, acc - 0.03), Math.min(1, acc + 0.03), 0.01,
                    "", Files.readAllBytes(model), "fake");
        } catch (IOException | InterruptedException e) {
            return TrialResult.failed(spec.key(), e.toString(), 0, "fake");
        }
    }

    /** Synthetic accuracy of plan features. */
    static double objective(double[] f) {
        double log2Params = f[0], rank = f[1], bits = f[3], epochs = f[PlanFeatures.SIZE - 1];
        double[] bonus = {0, 0.06, 0.05, 0.04, -0.15, -0.02, 0.01}; // dense kp hkp dkp lmf prune small
        double b = 0;
        for (int i = 0; i < 7; i++) b += f[5 + i] * bonus[i];
        double acc = 0.25 + 0.6 / (1 + Math.exp(-(log2Params - 9.5))) + b + 0.03 * Math.max(rank, -4)
                - (bits <= 2.01 ? 0.15 : 0) - 0.2 / Math.pow(2, epochs);
        return Math.max(0.01, Math.min(0.99, acc));
    }
}
