package org.tinyfit.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window's one mechanism for background work: the latest job wins, in one fx step each. */
class LatestTaskLaneTest {
    private ScheduledExecutorService pool;
    private ExecutorService fx;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        pool = Executors.newScheduledThreadPool(2);
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        fx.shutdownNow();
    }

    private LatestTaskLane.Sink<String> sink() {
        return new LatestTaskLane.Sink<>() {
            @Override public void partial(String v) { seen.add("partial " + v + " on " + Thread.currentThread().getName()); }

            @Override public void done(String v) { seen.add("done " + v + " on " + Thread.currentThread().getName()); }

            @Override public void failed(String m) { seen.add("failed " + m); }
        };
    }

    private void drainFx() throws Exception {
        fx.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewerJobSupersedesARunningOneAndOnlyTheLatestResultArrives() throws Exception {
        LatestTaskLane lane = new LatestTaskLane("t", pool, fx);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        lane.submit(0, ctx -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return "stale";
        }, sink());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        lane.submit(0, ctx -> "fresh", sink());
        waitFor(() -> !lane.active());
        drainFx();
        assertEquals(List.of("done fresh on fake-fx"), seen);
        assertEquals(1, interrupted.get(), "the stale job was asked to stop");
    }

    @Test
    void atMostOneJobOfALaneRunsAtATime() throws Exception {
        LatestTaskLane lane = new LatestTaskLane("t", pool, fx);
        AtomicInteger running = new AtomicInteger(), maxRunning = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            int k = i;
            lane.submit(0, ctx -> {
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                long end = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < end) Thread.onSpinWait(); // ignores interrupts on purpose
                running.decrementAndGet();
                return "job " + k;
            }, sink());
        }
        waitFor(() -> !lane.active());
        drainFx();
        assertEquals(1, maxRunning.get());
        assertEquals(List.of("done job 19 on fake-fx"), seen);
    }

    @Test
    void aConcurrentLaneStartsTheNewJobWhileAStuckOneUnwinds() throws Exception {
        LatestTaskLane lane = LatestTaskLane.concurrent("t", pool, fx);
        CountDownLatch release = new CountDownLatch(1), started = new CountDownLatch(1);
        lane.submit(0, ctx -> {
            started.countDown();
            while (true) { // a reader that ignores interrupts
                try {
                    if (release.await(10, TimeUnit.SECONDS)) return "stuck";
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        }, sink());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        lane.submit(0, ctx -> "fresh", sink());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < end) Thread.sleep(5);
        assertEquals(List.of("done fresh on fake-fx"), seen, "the new job did not wait for the stuck one");
        assertTrue(lane.active(), "the stuck job still runs");
        release.countDown();
        waitFor(() -> !lane.active());
        drainFx();
        assertEquals(List.of("done fresh on fake-fx"), seen, "the stale result is dropped");
    }

    @Test
    void partialResultsFailuresAndCancel() throws Exception {
        LatestTaskLane lane = new LatestTaskLane("t", pool, fx);
        lane.submit(0, ctx -> {
            ctx.publish("half");
            return "all";
        }, sink());
        waitFor(() -> !lane.active());
        drainFx();
        assertEquals(List.of("partial half on fake-fx", "done all on fake-fx"), seen);

        seen.clear();
        lane.submit(0, ctx -> { throw new IllegalArgumentException("bad input"); }, sink());
        waitFor(() -> !lane.active());
        drainFx();
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).startsWith("failed ") && seen.get(0).contains("bad input"), seen.get(0));

        seen.clear();
        lane.submit(200, ctx -> "debounced", sink());
        lane.cancel();
        Thread.sleep(400);
        drainFx();
        assertTrue(seen.isEmpty(), "a cancelled, debounced job never runs: " + seen);
        assertFalse(lane.active());
    }

    @Test
    void anyExecutorWorksAndADelayNeedsAScheduler() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            LatestTaskLane lane = new LatestTaskLane("plain", plain, fx);
            lane.submit(0, ctx -> "ok", sink());
            waitFor(() -> !lane.active());
            drainFx();
            assertEquals(List.of("done ok on fake-fx"), seen);
            try {
                lane.submit(10, ctx -> "late", sink());
                throw new AssertionError("a delay on a plain executor must be refused");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage().contains("scheduled executor"));
            }
        } finally {
            plain.shutdownNow();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(5);
        }
    }
}
