package org.tinyfit.model.train;

/**
 * Settings of a training run.
 *
 * @param epochs        passes over the training set
 * @param batchSize     samples per mini-batch
 * @param learningRate  Adam's peak learning rate
 * @param warmupSteps   linear warm-up steps before the cosine decay
 * @param clipNorm      global gradient-norm clip (0 = off)
 * @param weightDecay   L2 coefficient added to the gradient of weight matrices (0 = off)
 * @param seed          seed of initialisation and shuffling
 * @param threads       worker threads (results do not depend on it)
 * @param precision     arithmetic of the forward and backward passes (float32 by default; float64 is the reference)
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, int warmupSteps, double clipNorm,
                          double weightDecay, long seed, int threads, Precision precision) {
    public TrainConfig {
        if (precision == null) precision = Precision.FLOAT32;
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        if (warmupSteps < 0 || clipNorm < 0 || weightDecay < 0) throw new IllegalArgumentException("warm-up, clip norm and weight decay must not be negative");
        if (threads <= 0) threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Settings with the default precision (float32). */
    public TrainConfig(int epochs, int batchSize, double learningRate, int warmupSteps, double clipNorm,
                       double weightDecay, long seed, int threads) {
        this(epochs, batchSize, learningRate, warmupSteps, clipNorm, weightDecay, seed, threads, Precision.FLOAT32);
    }

    /** Batch 64, learning rate 2e-3, 100 warm-up steps, clip norm 5, no weight decay, all cores; change with the {@code with} methods. */
    public static TrainConfig defaults(int epochs, long seed) {
        return new TrainConfig(epochs, 64, 2e-3, 100, 5.0, 0, seed, 0);
    }

    public TrainConfig withEpochs(int e) { return new TrainConfig(e, batchSize, learningRate, warmupSteps, clipNorm, weightDecay, seed, threads, precision); }

    public TrainConfig withLearningRate(double lr) { return new TrainConfig(epochs, batchSize, lr, warmupSteps, clipNorm, weightDecay, seed, threads, precision); }

    public TrainConfig withThreads(int t) { return new TrainConfig(epochs, batchSize, learningRate, warmupSteps, clipNorm, weightDecay, seed, t, precision); }

    public TrainConfig withWarmupSteps(int w) { return new TrainConfig(epochs, batchSize, learningRate, w, clipNorm, weightDecay, seed, threads, precision); }

    public TrainConfig withClipNorm(double c) { return new TrainConfig(epochs, batchSize, learningRate, warmupSteps, c, weightDecay, seed, threads, precision); }

    public TrainConfig withWeightDecay(double d) { return new TrainConfig(epochs, batchSize, learningRate, warmupSteps, clipNorm, d, seed, threads, precision); }

    public TrainConfig withSeed(long s) { return new TrainConfig(epochs, batchSize, learningRate, warmupSteps, clipNorm, weightDecay, s, threads, precision); }

    public TrainConfig withBatchSize(int b) { return new TrainConfig(epochs, b, learningRate, warmupSteps, clipNorm, weightDecay, seed, threads, precision); }

    public TrainConfig withPrecision(Precision p) { return new TrainConfig(epochs, batchSize, learningRate, warmupSteps, clipNorm, weightDecay, seed, threads, p); }

    /**
     * Learning rate at optimiser step {@code step} (0-based) of {@code total}:
     * linear warm-up to the peak over {@code warmupSteps}, then cosine decay to 0:
     * lr * 0.5 * (1 + cos(pi * (step - warmup) / (total - warmup))).
     */
    public double learningRateAt(long step, long total) {
        if (step < warmupSteps) return learningRate * (step + 1) / warmupSteps;
        long span = Math.max(1, total - warmupSteps);
        double p = Math.min(1.0, (double) (step - warmupSteps) / span);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * p));
    }
}
