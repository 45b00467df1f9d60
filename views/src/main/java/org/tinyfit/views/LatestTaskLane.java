package org.tinyfit.views;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Latest task wins" over one shared executor. Each {@link #submit} supersedes the
 * previous job of this lane: a job still waiting (debounce) is dropped, a running
 * one is asked to stop (interrupt and {@link Job.Context#cancelled()}), and any
 * result of a superseded job is discarded. A serial lane (the default) runs at
 * most one job at a time: a new job waits until the superseded one has returned,
 * so a slow, stale evaluation never holds a second worker. A {@link #concurrent}
 * lane starts the new job at once (for work such as reading a file, where a stuck
 * old reader must not hold up the file the user asked for next).
 *
 * <p>Results, partial results and errors are handed to the {@code fx} executor,
 * one step each, and only while the job is still the latest.
 * {@link #submit} and {@link #cancel} are called from the fx thread.
 *
 * <p>This is the window's one mechanism for background work: model loads, cost,
 * accuracy, pictures, devices, sessions, exports and retraining each own a lane
 * (retraining over its own single-thread executor, so a long job never holds the
 * shared pool). The executor may be any {@link Executor}; a delayed submit needs a
 * {@link ScheduledExecutorService}.
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
    private final Executor executor;
    private final Executor fx;

    // guarded by this
    private long generation;
    private Future<?> scheduled;
    private Future<?> running;
    private Runnable waiting;
    private int runningJobs;
    private final boolean serial;

    public LatestTaskLane(String name, Executor executor, Executor fx) {
        this(name, executor, fx, true);
    }

    private LatestTaskLane(String name, Executor executor, Executor fx, boolean serial) {
        this.serial = serial;
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** A lane whose new job starts without waiting for the superseded one to return. */
    public static LatestTaskLane concurrent(String name, Executor executor, Executor fx) {
        return new LatestTaskLane(name, executor, fx, false);
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
                if (serial && runningJobs > 0) {
                    waiting = body; // the stale job is still unwinding: start when it returns
                    return;
                }
                runningJobs++;
                try {
                    running = start(body);
                } catch (RejectedExecutionException e) {
                    runningJobs--;
                    fx.execute(() -> { if (isLatest(gen)) sink.failed("the worker pool is shut down"); });
                }
            }
        };
        try {
            synchronized (this) {
                if (delayMs <= 0) start.run();
                else if (executor instanceof ScheduledExecutorService ses) scheduled = ses.schedule(start, delayMs, TimeUnit.MILLISECONDS);
                else throw new IllegalStateException(this + ": a delayed job needs a scheduled executor");
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
        return runningJobs > 0 || waiting != null || (scheduled != null && !scheduled.isDone());
    }

    private void stopCurrent() {
        if (scheduled != null) scheduled.cancel(false);
        scheduled = null;
        waiting = null;
        if (running != null) running.cancel(true);
    }

    private synchronized boolean isLatest(long gen) { return gen == generation; }

    /**
     * Runs {@code body} on the executor as a future that {@link #stopCurrent} can interrupt.
     * A future cancelled before it began never runs its body, so it releases the lane
     * itself; exactly one of the two (body or cancellation) does.
     */
    private Future<?> start(Runnable body) {
        AtomicBoolean claimed = new AtomicBoolean();
        FutureTask<Void> f = new FutureTask<>(() -> {
            if (claimed.compareAndSet(false, true)) body.run();
        }, null) {
            @Override protected void done() {
                if (isCancelled() && claimed.compareAndSet(false, true)) release();
            }
        };
        executor.execute(f);
        return f;
    }

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
            release();
        }
    }

    /** The lane's job has returned (or was cancelled before it began): start the waiting one, if any. */
    private void release() {
        synchronized (this) {
            runningJobs--;
            if (runningJobs > 0) return;
            running = null;
            Runnable next = waiting;
            waiting = null;
            if (next != null) {
                runningJobs++;
                try {
                    running = start(next);
                } catch (RejectedExecutionException e) {
                    runningJobs--;
                }
            }
        }
    }

    @Override public String toString() { return "lane " + name; }
}
