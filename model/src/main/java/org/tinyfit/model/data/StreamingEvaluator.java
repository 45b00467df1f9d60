package org.tinyfit.model.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tinyfit.model.net.BatchInference;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;

/**
 * Accuracy over a data set, evaluated in chunks in a class-balanced order so
 * that every prefix is (as far as the data allows) balanced across classes: the
 * first chunk gives an early estimate, later chunks refine it, and the last
 * publication is the exact accuracy over all samples. After each chunk the
 * listener receives the running accuracy with its 95% Wilson interval. Logits come from the
 * batched fast path ({@link BatchInference}), which picks the same classes as the per-sample
 * reference on the shipped eval sets.
 */
public final class StreamingEvaluator {
    /** Samples in the first (early estimate) chunk. */
    public static final int DEFAULT_FIRST_CHUNK = 200;
    /** Samples in each later chunk. */
    public static final int DEFAULT_CHUNK = 500;

    private final int firstChunk;
    private final int chunk;

    public StreamingEvaluator() { this(DEFAULT_FIRST_CHUNK, DEFAULT_CHUNK); }

    public StreamingEvaluator(int firstChunk, int chunk) {
        if (firstChunk <= 0 || chunk <= 0) throw new IllegalArgumentException("chunk sizes must be positive");
        this.firstChunk = firstChunk;
        this.chunk = chunk;
    }

    /**
     * Sample order: round-robin over classes, each class in file order (class
     * 0's first sample, class 1's first, ..., class 0's second, ...). Classes
     * that run out drop out of the rotation.
     */
    public static int[] balancedOrder(int[] labels) {
        int classes = 0;
        for (int v : labels) classes = Math.max(classes, v + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        int[] order = new int[labels.length];
        int k = 0;
        for (int round = 0; k < labels.length; round++) {
            for (List<Integer> l : byClass) if (round < l.size()) order[k++] = l.get(round);
        }
        return order;
    }

    /**
     * Evaluates {@code net} on {@code data}, publishing after each chunk.
     *
     * @param cancelled polled between chunks; when it returns true (or the thread
     *                  is interrupted) evaluation stops with a CancellationException
     * @return the final progress (done = true)
     */
    public EvalProgress evaluate(Network net, Dataset data, Consumer<EvalProgress> listener, BooleanSupplier cancelled) {
        checkCompatible(net, data);
        int[] order = balancedOrder(data.y());
        int n = order.length;
        int classes = net.classes();
        long correct = 0;
        int done = 0;
        EvalProgress last = EvalProgress.of(0, 0, n);
        BatchInference.Prepared prepared = new BatchInference.Prepared(net);
        while (done < n) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("evaluation cancelled after " + done + " of " + n + " samples");
            }
            int to = Math.min(n, done + (done == 0 ? firstChunk : chunk));
            float[] x = data.inputs(order, done, to);
            float[] logits = BatchInference.logits(prepared, x, to - done, Integer.MAX_VALUE);
            for (int s = 0; s < to - done; s++) {
                if (Inference.argmax(logits, s, classes) == data.y()[order[done + s]]) correct++;
            }
            done = to;
            last = EvalProgress.of(correct, done, n);
            if (listener != null) listener.accept(last);
        }
        return last;
    }

    /** Throws IllegalArgumentException when the data set does not fit the network's input or classes. */
    public static void checkCompatible(Network net, Dataset data) {
        if (data.steps() != net.steps() || data.features() != net.features()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has samples of " + data.steps() + " x " + data.features()
                    + " but model '" + net.name() + "' expects " + net.steps() + " x " + net.features());
        }
        int max = -1;
        for (int v : data.y()) max = Math.max(max, v);
        if (max >= net.classes()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has label " + max + " but model '" + net.name() + "' has only " + net.classes() + " classes");
        }
        if (data.n() == 0) throw new IllegalArgumentException("data set '" + data.name() + "' is empty");
    }
}
