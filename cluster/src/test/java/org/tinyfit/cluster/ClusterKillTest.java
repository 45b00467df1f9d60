package org.tinyfit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.search.Journal;
import org.tinyfit.model.search.Limits;
import org.tinyfit.model.search.LocalTrialExecutor;
import org.tinyfit.model.search.Search;
import org.tinyfit.model.search.SearchConfig;
import org.tinyfit.model.search.SearchInputs;
import org.tinyfit.model.search.SearchListener;
import org.tinyfit.model.search.SearchOutcome;
import org.tinyfit.model.search.SearchTrial;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two workers in JVMs of their own and this JVM as the coordinator, all on 127.0.0.1: a search of
 * a dozen digits-fastrnn trials with the real training; one worker is killed outright mid-trial.
 * Every trial is recorded exactly once, and the trials and the front equal the same search run in
 * this process with the same seed.
 */
class ClusterKillTest {
    @TempDir Path dir;
    private final List<Process> children = new ArrayList<>();

    static Path samples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("sample-models/digits-fastrnn"))) return p.resolve("sample-models/digits-fastrnn");
        throw new IllegalStateException("sample-models/digits-fastrnn not found");
    }

    /** A worker JVM; returns its banner once it is up. */
    private String startWorker(int port, String join, String cluster, BlockingQueue<String> lines) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                "--port", Integer.toString(port), "--cluster-name", cluster, "--threads", "1", "--cache", dir.resolve("cache-" + port).toString()));
        if (join != null) cmd.addAll(List.of("--join", join));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("worker-" + port + ".err").toFile());
        Process p = pb.start();
        children.add(p);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the worker ended
            }
        });
        t.setDaemon(true);
        t.start();
        String banner = lines.poll(60, TimeUnit.SECONDS);
        assertTrue(banner != null && banner.startsWith("tinyfit worker 127.0.0.1:" + port),
                "worker banner: " + banner + "\n" + Files.readString(dir.resolve("worker-" + port + ".err")));
        return banner;
    }

    @AfterEach void stopChildren() {
        for (Process p : children) p.destroyForcibly();
    }

    static SearchConfig config() {
        var d = DeviceCatalog.builtIn().get("nucleo-f746zg");
        Limits l = new Limits(d, 2600, (long) d.sramBytes(), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        return new SearchConfig(l, Set.of("kp", "hkp", "dkp", "lmf", "prune", "small"), List.of(32, 8, 4), List.of(Activations.FLOAT32, Activations.INT8),
                12, null, 0, 2, 6, 3, 1, 0.02, 64, SearchConfig.Strategy.MODEL_BASED);
    }

    /** Trial outcomes a listener saw, by key: each must be seen once. */
    static final class Finished implements SearchListener {
        final Map<String, Integer> count = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();

        @Override public void trial(SearchTrial t) {
            if (t.state() == SearchTrial.State.DONE || t.state() == SearchTrial.State.FAILED) {
                count.merge(t.key(), 1, Integer::sum);
                done.incrementAndGet();
            }
        }
    }

    private static List<String> front(SearchOutcome o) {
        return o.flashFront().stream().map(t -> t.plan() + " e" + t.epochs() + " " + t.accuracy()).toList();
    }

    @Test void aWorkerKilledMidTrialLosesNothingAndTheFrontEqualsALocalRun() throws Exception {
        Path d = samples();
        Network base = TinyfitFile.read(d.resolve("digits-fastrnn.tinyfit"));
        Dataset train = DatasetFile.read(d.resolve("train.safetensors")), eval = DatasetFile.read(d.resolve("test.safetensors"));
        SearchConfig cfg = config();

        String cluster = "kill-test-" + ProcessHandle.current().pid();
        int pa = ClusterConfigTest.freePort(), pb = ClusterConfigTest.freePort();
        startWorker(pa, null, cluster, new LinkedBlockingQueue<>());
        String bannerB = startWorker(pb, "127.0.0.1:" + pa, cluster, new LinkedBlockingQueue<>());
        assertTrue(bannerB.contains("in cluster '" + cluster + "' (2 members)"), bannerB);
        Process workerB = children.get(1);
        String addressB = "127.0.0.1:" + pb;

        Path cdir = dir.resolve("cluster-search");
        SearchInputs in = SearchInputs.prepare(cdir, base, train, eval);
        Finished seen = new Finished();
        SearchOutcome clustered;
        String killedKey = null;
        try (ClusterTrialExecutor x = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(
                List.of(ClusterConfig.Address.parse("127.0.0.1:" + pa), ClusterConfig.Address.parse(addressB)), cluster, null,
                ClusterConfigTest.freePort()), in.inputsBySha256(), Duration.ofSeconds(30));
             var pool = new AutoCloseableExecutor()) {
            for (int i = 0; i < 50 && x.slots() < 2; i++) Thread.sleep(100);
            assertEquals(2, x.slots(), x.describe());
            Future<SearchOutcome> run = pool.ex.submit(() -> new Search(base, in, cfg, x, List.of(), seen).run());
            // kill B while it is in the middle of a trial, after at least two trials are done
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (killedKey == null && System.nanoTime() < deadline && !run.isDone()) {
                if (seen.done.get() >= 2) {
                    for (ClusterTrialExecutor.MemberStatus m : x.members()) {
                        if (m.address().equals(addressB) && !m.running().isEmpty()
                                && Duration.between(m.running().get(0).since(), java.time.Instant.now()).toMillis() > 200) {
                            killedKey = m.running().get(0).key();
                        }
                    }
                }
                if (killedKey == null) Thread.sleep(20);
            }
            assertTrue(killedKey != null, "worker B was never caught in a trial");
            workerB.destroyForcibly();
            assertTrue(workerB.waitFor(10, TimeUnit.SECONDS));
            clustered = run.get(180, TimeUnit.SECONDS);
            assertEquals(1, x.slots(), "the killed worker is gone: " + x.describe());
            for (SearchTrial t : clustered.trials()) assertTrue(x.held(t.key()).isPresent(), "held by the cluster: " + t.plan());
        }
        // every trial finished exactly once: one outcome, one journal line, one atlas row each
        assertEquals(12, clustered.trials().size());
        for (SearchTrial t : clustered.trials()) {
            assertEquals(1, seen.count.get(t.key()), "reported once: " + t.plan());
            assertEquals(SearchTrial.State.DONE, t.state(), t.plan() + ": " + t.message());
        }
        List<String> journal = Files.readAllLines(cdir.resolve(Journal.FILE));
        for (SearchTrial t : clustered.trials()) {
            long lines = journal.stream().filter(l -> l.contains("\"" + t.key() + "\"") && l.contains("\"type\":\"done\"")).count();
            assertEquals(1, lines, "one done line: " + t.plan());
        }
        List<String> atlasRows = Files.readAllLines(cdir.resolve(Atlas.FILE));
        assertEquals(12 + 1, atlasRows.size(), String.join("\n", atlasRows));
        String killed = killedKey;
        assertTrue(journal.stream().anyMatch(l -> l.contains("\"" + killed + "\"") && l.contains("\"type\":\"done\"")
                && l.contains("127.0.0.1:" + pa)), "the killed trial ran again on the other worker");

        // the same search in this process, same seed and slot count
        SearchOutcome local;
        Path ldir = dir.resolve("local-search");
        SearchInputs lin = SearchInputs.prepare(ldir, base, train, eval);
        try (LocalTrialExecutor lx = new LocalTrialExecutor(Worker.trainingRunner("dev"), lin.inputsBySha256(), 2)) {
            local = new Search(base, lin, cfg, lx, List.of(), null).run();
        }
        assertEquals(local.trials().stream().map(t -> t.key() + " " + t.accuracy()).toList(),
                clustered.trials().stream().map(t -> t.key() + " " + t.accuracy()).toList());
        assertTrue(!front(local).isEmpty());
        assertEquals(front(local), front(clustered));
    }

    /** A one-thread pool for the search, closed with the test. */
    static final class AutoCloseableExecutor implements AutoCloseable {
        final ExecutorService ex = Executors.newSingleThreadExecutor();

        @Override public void close() { ex.shutdownNow(); }
    }
}
