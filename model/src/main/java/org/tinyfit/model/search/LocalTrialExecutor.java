package org.tinyfit.model.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials in this process on {@code slots} threads (the default executor; no network). A
 * trial's inputs are looked up by their SHA-256 in {@code inputsBySha256}; a trial naming a hash
 * it does not know fails with a message saying which.
 */
public final class LocalTrialExecutor implements TrialExecutor {
    private final TrialRunner runner;
    private final Map<String, Path> inputs;
    private final int slots;
    private final ExecutorService pool;

    public LocalTrialExecutor(TrialRunner runner, Map<String, Path> inputsBySha256, int slots) {
        if (runner == null) throw new IllegalArgumentException("a local executor needs a trial runner");
        if (slots < 1) throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        this.runner = runner;
        this.inputs = Map.copyOf(inputsBySha256);
        this.slots = slots;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public CompletableFuture<TrialResult> submit(TrialSpec spec) {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<TrialResult> f = new CompletableFuture<>() {
            @Override public boolean cancel(boolean mayInterrupt) {
                cancelled.set(true);
                return super.cancel(mayInterrupt);
            }
        };
        pool.execute(() -> {
            if (f.isDone()) return;
            try {
                Path model = input(spec, spec.modelSha256(), "model"), train = input(spec, spec.trainSha256(), "train set"),
                        eval = input(spec, spec.evalSha256(), "eval set");
                f.complete(runner.run(spec, model, train, eval, cancelled::get));
            } catch (MissingInput e) {
                f.complete(TrialResult.failed(spec.key(), e.getMessage(), 0, "local"));
            } catch (CancellationException e) {
                f.cancel(false);
            } catch (RuntimeException | Error e) {
                f.complete(TrialResult.failed(spec.key(), "trial crashed: " + e, 0, "local"));
            }
        });
        return f;
    }

    private Path input(TrialSpec spec, String sha, String what) {
        Path p = inputs.get(sha);
        if (p == null) throw new MissingInput("trial " + spec.key().substring(0, 12) + ": no input file with SHA-256 " + sha + " for its " + what
                + " (this executor knows " + inputs.size() + " input files)");
        if (!Files.isRegularFile(p)) throw new MissingInput("trial " + spec.key().substring(0, 12) + ": the " + what + " file " + p + " is missing");
        return p;
    }

    private static final class MissingInput extends RuntimeException {
        MissingInput(String m) { super(m); }
    }

    @Override public int slots() { return slots; }

    @Override public String describe() { return "local, " + slots + (slots == 1 ? " slot" : " slots"); }

    @Override public void close() { pool.shutdownNow(); }
}
