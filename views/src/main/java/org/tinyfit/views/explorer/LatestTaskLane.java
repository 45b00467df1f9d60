package org.tinyfit.views.explorer;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinyfit.views.Errors;

/**
 * "Latest task wins" over one shared executor. Each {@link #submit} supersedes the
 * previous job of this lane: a job still waiting (debounce) is dropped, a running
 * one is asked to stop (interrupt and {@link Job.Context#cancelled()}), and any
 * result of a superseded job is discarded. At most one job of a lane runs at a
 * time: a new job waits until the superseded one has returned, so a slow,
 * stale evaluation never holds a second worker.
 *
 * <p>Results, partial results and errors are handed to the {@code fx} executor,
 * one step each, and only while the job is still the latest.
 * {@link #submit} and {@link #cancel} are called from the fx thread.
 */
public final class LatestTaskLane {
    /** Work done off the fx thread. */
    @FunctionalInterface
    public interface Job<T> {
        T run(Context<T> ctx) throws Exception;

        /** What a running job can ask and do. */
        interface Context<T> {
            /** True once a newer job replaced this one (or the lane was cancelled). */
            boolean cancelled();

            /** Publishes an intermediate result (dropped when no longer the latest). */
            void publish(T partial);

            /** Throws CancellationException when {@link #cancelled()}. */
            default void checkCancelled() {
                if (cancelled() || Thread.currentThread().isInterrupted()) throw new CancellationException();
            }
        }
    }

    /** Receives results on the fx thread. */
    public interface Sink<T> {
        default void partial(T value) { }

        void done(T value);

        /** A message for the user (never a stack trace). */
        void failed(String message);
    }

    private final String name;
    private final ScheduledExecutorService executor;
    private final Executor fx;

    // guarded by this
    private long generation;
    private Future<?> scheduled;
    private Future<?> running;
    private Runnable waiting;
    private boolean busy;

    public LatestTaskLane(String name, ScheduledExecutorService executor, Executor fx) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** Runs {@code job} after {@code delayMs} (0 = now) unless a newer job comes first. */
    public <T> void submit(long delayMs, Job<T> job, Sink<T> sink) {
        long gen;
        synchronized (this) {
            gen = ++generation;
            stopCurrent();
        }
        Runnable body = () -> execute(gen, job, sink);
        Runnable start = () -> {
            synchronized (this) {
                if (gen != generation) return;
                if (busy) {
                    waiting = body; // the stale job is still unwinding: start when it returns
                    return;
                }
                busy = true;
                try {
                    running = executor.submit(body);
                } catch (RejectedExecutionException e) {
                    busy = false;
                    fx.execute(() -> { if (isLatest(gen)) sink.failed("the worker pool is shut down"); });
                }
            }
        };
        try {
            synchronized (this) {
                if (delayMs > 0) scheduled = executor.schedule(start, delayMs, TimeUnit.MILLISECONDS);
                else start.run();
            }
        } catch (RejectedExecutionException e) {
            sink.failed("the worker pool is shut down");
        }
    }

    /** Drops the waiting job and stops the running one. */
    public void cancel() {
        synchronized (this) {
            generation++;
            stopCurrent();
        }
    }

    /** Whether a job of this lane is waiting or running. */
    public synchronized boolean active() {
        return busy || waiting != null || (scheduled != null && !scheduled.isDone());
    }

    private void stopCurrent() {
        if (scheduled != null) scheduled.cancel(false);
        scheduled = null;
        waiting = null;
        if (running != null) running.cancel(true);
    }

    private synchronized boolean isLatest(long gen) { return gen == generation; }

    private <T> void execute(long gen, Job<T> job, Sink<T> sink) {
        try {
            if (!isLatest(gen)) return;
            Job.Context<T> ctx = new Job.Context<>() {
                @Override public boolean cancelled() { return !isLatest(gen) || Thread.currentThread().isInterrupted(); }

                @Override public void publish(T partial) {
                    if (isLatest(gen)) fx.execute(() -> { if (isLatest(gen)) sink.partial(partial); });
                }
            };
            T result;
            try {
                result = job.run(ctx);
            } catch (CancellationException | InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (!isLatest(gen)) return;
                if (t instanceof java.nio.channels.ClosedByInterruptException) return;
                String msg = Errors.describe(t);
                fx.execute(() -> { if (isLatest(gen)) sink.failed(msg); });
                return;
            }
            if (isLatest(gen)) fx.execute(() -> { if (isLatest(gen)) sink.done(result); });
        } finally {
            Thread.interrupted(); // a cancel may have interrupted us after the job returned; don't leak it to the pool
            Runnable next;
            synchronized (this) {
                busy = false;
                running = null;
                next = waiting;
                waiting = null;
                if (next != null) {
                    busy = true;
                    try {
                        running = executor.submit(next);
                    } catch (RejectedExecutionException e) {
                        busy = false;
                    }
                }
            }
        }
    }

    @Override public String toString() { return "lane " + name; }
}
