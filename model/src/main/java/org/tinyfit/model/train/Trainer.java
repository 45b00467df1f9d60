package org.tinyfit.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.net.Network;

/**
 * Mini-batch training with back-propagation through time, softmax
 * cross-entropy, Adam (bias-corrected), global gradient-norm clipping and a
 * cosine learning-rate schedule. Deterministic for a given seed whatever the
 * thread count: each mini-batch is split into fixed slices, each slice's
 * gradient is computed separately and the slices are summed in order.
 *
 * <p>The forward and backward passes run in float32 on the batched kernels
 * ({@link FloatWorker}, slices of {@link #FLOAT_SLICE}) unless the configuration asks for
 * {@link Precision#FLOAT64} ({@link BatchWorker}, slices of {@link #SLICE}, the reference).
 * Master weights, slice sums, the structures' chain rule and Adam are double in both.
 */
public final class Trainer {
    /** Samples per gradient slice (the unit of parallel work; fixed for determinism). */
    static final int SLICE = 16;
    /**
     * Samples per slice of the float32 path for mini-batches of 64 and more (wider slices: the
     * products run on blocks of samples); smaller mini-batches use {@link #SLICE}, so that a batch
     * of 32 still gives both cores a slice. A function of the batch size only, never of the threads.
     */
    static final int FLOAT_SLICE = 32;

    static int floatSlice(int batchSize) { return batchSize >= 64 ? FLOAT_SLICE : SLICE; }
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private Trainer() { }

    /** Outcome of a run. */
    public record Result(TrainModel model, double finalLoss, List<Double> validationAccuracy, long optimiserSteps, double seconds) { }

    /**
     * Trains {@code model} in place on {@code train}; evaluates {@code validation}
     * (may be null) after each epoch with the float inference.
     *
     * @throws CancellationException when {@code cancelled} returns true (checked every batch)
     */
    public static Result train(TrainModel model, Dataset train, Dataset validation, TrainConfig cfg,
                               Consumer<TrainProgress> listener, BooleanSupplier cancelled) {
        Network arch = model.arch;
        StreamingEvaluator.checkCompatible(arch, train);
        int n = train.n();
        int per = arch.steps() * arch.features();
        int batchesPerEpoch = (n + cfg.batchSize() - 1) / cfg.batchSize();
        long totalSteps = (long) batchesPerEpoch * cfg.epochs();
        boolean f32 = cfg.precision() == Precision.FLOAT32;
        int slice = f32 ? floatSlice(cfg.batchSize()) : SLICE;
        int slicesPerBatch = (cfg.batchSize() + slice - 1) / slice;
        List<double[]> params = model.trainables();
        Random dropRnd = new Random(cfg.seed() * 31 + 7);
        List<double[]> m1 = zerosLike(params), m2 = zerosLike(params);
        int threads = Math.min(cfg.threads(), slicesPerBatch);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tinyfit-train");
            t.setDaemon(true);
            return t;
        }) : null;
        // per slice: its own worker and gradient (summed in slice order)
        List<BatchWorker> workers = new ArrayList<>();
        List<FloatWorker> fworkers = new ArrayList<>();
        List<TrainModel> grads = new ArrayList<>();
        for (int s = 0; s < slicesPerBatch; s++) {
            if (f32) fworkers.add(new FloatWorker(model, slice));
            else workers.add(new BatchWorker(model, slice));
            grads.add(model.zerosLike());
        }
        FloatWorker.Weights fw = f32 ? FloatWorker.Weights.of(model) : null;
        Random rnd = new Random(cfg.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        List<Double> valAcc = new ArrayList<>();
        long step = 0;
        double lastLoss = Double.NaN;
        long t0 = System.nanoTime();
        long samplesDone = 0;
        float[] xb = new float[cfg.batchSize() * per];
        int[] yb = new int[cfg.batchSize()];
        try {
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                shuffle(order, rnd);
                double lossSum = 0;
                int correct = 0, seen = 0;
                for (int bi = 0; bi < batchesPerEpoch; bi++) {
                    if (cancelled != null && (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted())) {
                        throw new CancellationException("training cancelled in epoch " + (epoch + 1) + ", batch " + (bi + 1));
                    }
                    int from = bi * cfg.batchSize();
                    int bs = Math.min(cfg.batchSize(), n - from);
                    for (int k = 0; k < bs; k++) {
                        train.copyInput(order[from + k], xb, k * per);
                        yb[k] = train.y()[order[from + k]];
                    }
                    model.materialize(step, totalSteps, dropRnd);
                    if (f32) fw.update(model);
                    double[] ls = new double[slicesPerBatch];
                    int[] cs = new int[slicesPerBatch];
                    int nSlices = (bs + slice - 1) / slice;
                    List<Future<?>> fs = new ArrayList<>();
                    for (int s = 0; s < nSlices; s++) {
                        final int si = s;
                        Runnable job = () -> {
                            int off = si * slice;
                            int cnt = Math.min(slice, bs - off);
                            TrainModel g = grads.get(si);
                            for (double[] a : g.tensors()) java.util.Arrays.fill(a, 0);
                            float[] xs = java.util.Arrays.copyOfRange(xb, off * per, (off + cnt) * per);
                            int[] ys = java.util.Arrays.copyOfRange(yb, off, off + cnt);
                            BatchWorker.Result r = f32 ? fworkers.get(si).run(fw, xs, ys, cnt, bs, g)
                                    : workers.get(si).run(xs, ys, cnt, bs, g);
                            ls[si] = r.lossSum();
                            cs[si] = r.correct();
                        };
                        if (pool != null) fs.add(pool.submit(job));
                        else job.run();
                    }
                    for (Future<?> f : fs) f.get();
                    // sum slice gradients in order into grads[0]
                    List<double[]> g0 = grads.get(0).tensors();
                    for (int s = 1; s < nSlices; s++) {
                        List<double[]> gs = grads.get(s).tensors();
                        for (int k = 0; k < g0.size(); k++) {
                            double[] a = g0.get(k), b = gs.get(k);
                            for (int i = 0; i < a.length; i++) a[i] += b[i];
                        }
                    }
                    double bl = 0;
                    int bc = 0;
                    for (int s = 0; s < nSlices; s++) { bl += ls[s]; bc += cs[s]; }
                    List<double[]> gt = model.trainableGrads(grads.get(0));
                    adamStep(model, params, gt, m1, m2, cfg, ++step, cfg.learningRateAt(step - 1, totalSteps));
                    lossSum += bl;
                    correct += bc;
                    seen += bs;
                    samplesDone += bs;
                    lastLoss = lossSum / seen;
                    if (listener != null) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double sps = samplesDone / Math.max(1e-9, secs);
                        double remaining = (double) n * cfg.epochs() - samplesDone;
                        listener.accept(new TrainProgress(epoch + 1, cfg.epochs(), bi + 1, batchesPerEpoch, lastLoss,
                                (double) correct / seen, sps, remaining / sps, false, Double.NaN));
                    }
                }
                double va = Double.NaN;
                if (validation != null) {
                    EvalProgress ep = new StreamingEvaluator().evaluate(model.toNetwork(), validation, null, cancelled == null ? () -> false : cancelled);
                    va = ep.accuracy();
                    valAcc.add(va);
                }
                if (listener != null) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double sps = samplesDone / Math.max(1e-9, secs);
                    listener.accept(new TrainProgress(epoch + 1, cfg.epochs(), batchesPerEpoch, batchesPerEpoch, lastLoss,
                            (double) correct / Math.max(1, seen), sps, ((double) n * cfg.epochs() - samplesDone) / sps, true, va));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("training interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new Result(model, lastLoss, valAcc, step, (System.nanoTime() - t0) / 1e9);
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<double[]> zerosLike(List<double[]> ps) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : ps) out.add(new double[p.length]);
        return out;
    }

    /** One Adam step with global-norm clipping and optional L2 on weight matrices. */
    static void adamStep(TrainModel model, List<double[]> params, List<double[]> grads, List<double[]> m1, List<double[]> m2,
                         TrainConfig cfg, long t, double lr) {
        if (cfg.weightDecay() > 0) {
            for (TrainModel.L l : model.layers) {
                if (l.structure != null) continue;
                int idx = indexOf(params, l.w);
                double[] g = grads.get(idx);
                for (int i = 0; i < g.length; i++) g[i] += cfg.weightDecay() * l.w[i];
            }
        }
        double scale = 1;
        if (cfg.clipNorm() > 0) {
            double sq = 0;
            for (double[] g : grads) for (double v : g) sq += v * v;
            double norm = Math.sqrt(sq);
            if (norm > cfg.clipNorm()) scale = cfg.clipNorm() / norm;
        }
        double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
        for (int k = 0; k < params.size(); k++) {
            double[] p = params.get(k), g = grads.get(k), a = m1.get(k), b = m2.get(k);
            for (int i = 0; i < p.length; i++) {
                double gi = g[i] * scale;
                a[i] = BETA1 * a[i] + (1 - BETA1) * gi;
                b[i] = BETA2 * b[i] + (1 - BETA2) * gi * gi;
                p[i] -= lr * (a[i] / c1) / (Math.sqrt(b[i] / c2) + EPS);
            }
        }
    }

    private static int indexOf(List<double[]> ps, double[] a) {
        for (int i = 0; i < ps.size(); i++) if (ps.get(i) == a) return i;
        throw new IllegalStateException("tensor not found");
    }

    /** Loss (mean cross-entropy) and gradient of {@code model} on the given samples in double, single-threaded (for tests). */
    public static double lossAndGradient(TrainModel model, float[] x, int[] y, int count, TrainModel grad) {
        return lossAndGradient(model, x, y, count, grad, Precision.FLOAT64);
    }

    /**
     * Loss (mean cross-entropy) and gradient (dL/dW for structured layers, as the workers give it)
     * of {@code model} on the given samples as one slice at the given precision, single-threaded (for tests).
     */
    public static double lossAndGradient(TrainModel model, float[] x, int[] y, int count, TrainModel grad, Precision p) {
        for (double[] a : grad.tensors()) java.util.Arrays.fill(a, 0);
        if (p == Precision.FLOAT32) {
            return new FloatWorker(model, count).run(FloatWorker.Weights.of(model), x, y, count, count, grad).lossSum() / count;
        }
        return new BatchWorker(model, count).run(x, y, count, count, grad).lossSum() / count;
    }
}
