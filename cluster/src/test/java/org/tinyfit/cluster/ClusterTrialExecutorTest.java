package org.tinyfit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/** Two workers and a coordinator in this JVM, trials by a fake runner. */
class ClusterTrialExecutorTest {
    @TempDir static Path dir;
    static Worker a;
    static Worker b;
    static ClusterTrialExecutor x;
    static Map<String, Path> inputs;
    static List<String> sha;
    static final String CLUSTER = "exec-test-" + ProcessHandle.current().pid();

    @BeforeAll static void cluster() throws IOException {
        inputs = FakeRunner.inputs(dir, "base model", "train set", "eval set");
        sha = new ArrayList<>(inputs.keySet());
        int pa = ClusterConfigTest.freePort();
        a = Worker.start(new Worker.Options(null, pa, List.of(), CLUSTER, 2, dir.resolve("cache-a")), new FakeRunner(300));
        b = Worker.start(new Worker.Options(null, ClusterConfigTest.freePort(), List.of(ClusterConfig.Address.parse("127.0.0.1:" + pa)), CLUSTER, 2,
                dir.resolve("cache-b")), new FakeRunner(300));
        x = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(List.of(ClusterConfig.Address.parse(a.address())), CLUSTER, null,
                ClusterConfigTest.freePort()), inputs, Duration.ofSeconds(20));
    }

    @AfterAll static void stop() {
        if (x != null) x.close();
        if (b != null) b.close();
        if (a != null) a.close();
    }

    static TrialSpec spec(String plan, long seed) {
        return new TrialSpec("test", sha.get(0), sha.get(1), sha.get(2), plan, 2, seed);
    }

    private static void awaitSlots(int n) throws InterruptedException {
        for (int i = 0; i < 100 && x.slots() != n; i++) Thread.sleep(100);
    }

    @Test void trialsRunOnBothWorkersOnceEachAndInputsAreCachedByHash() throws Exception {
        awaitSlots(4);
        assertEquals(4, x.slots());
        assertTrue(x.describe().contains("2 workers, 4 slots"), x.describe());
        AtomicInteger changes = new AtomicInteger();
        AutoCloseable watching = x.watch(changes::incrementAndGet);
        List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(x.submit(spec("rnn.kernel=kp:4x5,8x8", 100 + i)));
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TrialResult r = fs.get(i).get(30, TimeUnit.SECONDS);
            String key = spec("rnn.kernel=kp:4x5,8x8", 100 + i).key();
            assertTrue(r.ok(), r.message());
            assertEquals(key, r.key());
            assertEquals(FakeRunner.accuracy(key), r.accuracy());
            assertEquals(1, FakeRunner.RUNS.get(key).get(), "run once: " + key);
            workers.add(r.worker());
        }
        assertTrue(workers.contains(a.address()) && workers.contains(b.address()), "both ran trials: " + workers);
        for (int i = 0; i < 50 && changes.get() < 16; i++) Thread.sleep(20);
        assertTrue(changes.get() >= 16, "a change per trial started and ended: " + changes.get());
        watching.close();
        for (String ext : List.of(".tinyfit", ".safetensors")) assertTrue(Files.exists(dir.resolve("cache-a").resolve(sha.get(ext.equals(".tinyfit") ? 0 : 1) + ext)));
        try (var files = Files.list(dir.resolve("cache-b"))) {
            for (Path f : files.toList()) assertTrue(f.getFileName().toString().matches("[0-9a-f]{64}\\.(tinyfit|safetensors)"), f.toString());
        }
        // the same trial again: the result held by the cluster, not a second run
        String key0 = spec("rnn.kernel=kp:4x5,8x8", 100).key();
        TrialResult again = x.submit(spec("rnn.kernel=kp:4x5,8x8", 100)).get(10, TimeUnit.SECONDS);
        assertEquals(FakeRunner.accuracy(key0), again.accuracy());
        assertEquals(1, FakeRunner.RUNS.get(key0).get());
        assertTrue(x.held(key0).isPresent());
        // members as the window lists them
        var members = x.members();
        assertTrue(members.get(0).worker() && members.get(1).worker() && !members.get(2).worker(), members.toString());
        assertEquals(1, members.stream().filter(ClusterTrialExecutor.MemberStatus::local).filter(m -> !m.worker()).count());
        assertEquals(2, members.get(0).threads());
        // a connection that only lists members
        try (ClusterTrialExecutor viewer = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(List.of(ClusterConfig.Address.parse(b.address())),
                CLUSTER, null, ClusterConfigTest.freePort()), Map.of(), Duration.ZERO)) {
            for (int i = 0; i < 100 && viewer.members().stream().filter(ClusterTrialExecutor.MemberStatus::worker).count() < 2; i++) Thread.sleep(50);
            assertEquals(2, viewer.members().stream().filter(ClusterTrialExecutor.MemberStatus::worker).count());
            assertEquals(1, viewer.members().stream().filter(ClusterTrialExecutor.MemberStatus::local).count());
            assertEquals(CLUSTER, viewer.clusterName());
        }
    }

    @Test void failuresAreResultsWithTheirMessage() throws Exception {
        TrialResult bad = x.submit(spec("fail", 1)).get(30, TimeUnit.SECONDS);
        assertFalse(bad.ok());
        assertTrue(bad.message().contains("bad data"), bad.message());
        TrialResult oom = x.submit(spec("oom", 1)).get(30, TimeUnit.SECONDS);
        assertFalse(oom.ok());
        assertTrue(oom.message().contains("out of memory"), oom.message());
        TrialResult missing = x.submit(new TrialSpec("test", "0".repeat(64), sha.get(1), sha.get(2), "x", 1, 1)).get(30, TimeUnit.SECONDS);
        assertFalse(missing.ok());
        assertTrue(missing.message().contains("not one of this search's files"), missing.message());
    }

    @Test void aWorkerThatDiesMidTrialHasItsTrialsRunElsewhere() throws Exception {
        int pc = ClusterConfigTest.freePort();
        AtomicInteger started = new AtomicInteger();
        FakeRunner slow = new FakeRunner(1500);
        Worker c = Worker.start(new Worker.Options(null, pc, List.of(ClusterConfig.Address.parse(a.address())), CLUSTER, 2, dir.resolve("cache-c")),
                (s, m, t, e, k) -> {
                    started.incrementAndGet();
                    return slow.run(s, m, t, e, k);
                });
        awaitSlots(6);
        List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
        for (int i = 0; i < 12; i++) fs.add(x.submit(spec("rnn.kernel=lmf:2", 500 + i)));
        for (int i = 0; i < 100 && started.get() == 0; i++) Thread.sleep(50);
        assertTrue(started.get() > 0, "the third worker got trials");
        // the member dies without leaving (as kill -9 would)
        HazelcastInstance hz = Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getCluster().getLocalMember().getAddress().getPort() == pc).findFirst().orElseThrow();
        hz.getLifecycleService().terminate();
        for (int i = 0; i < 12; i++) {
            String key = spec("rnn.kernel=lmf:2", 500 + i).key();
            TrialResult r = fs.get(i).get(60, TimeUnit.SECONDS);
            assertTrue(r.ok(), r.message());
            assertEquals(FakeRunner.accuracy(key), r.accuracy());
            assertTrue(!r.worker().equals(c.address()), "a trial of the dead worker came back from it: " + r);
        }
        assertEquals(0, c.clusterSize());
        c.close();
    }

    @Test void aNewCoordinatorTakesResultsHeldAndAwaitsTrialsStillRunning() throws Exception {
        awaitSlots(4);
        ClusterTrialExecutor first = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(List.of(ClusterConfig.Address.parse(a.address())),
                CLUSTER, null, ClusterConfigTest.freePort()), inputs, Duration.ofSeconds(20));
        List<TrialSpec> specs = new ArrayList<>();
        for (int i = 0; i < 6; i++) specs.add(spec("rnn.kernel=prune:0.9", 900 + i));
        List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
        for (TrialSpec s : specs) fs.add(first.submit(s));
        fs.get(0).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 100 && first.members().stream().mapToInt(m -> m.running().size()).sum() == 0; i++) Thread.sleep(20);
        // the coordinator dies (kill -9): its running trials go on on the workers, its queued ones are lost with it
        first.hazelcast().getLifecycleService().terminate();
        first.close();
        List<CompletableFuture<TrialResult>> again = new ArrayList<>();
        for (TrialSpec s : specs) again.add(x.submit(s));
        for (int i = 0; i < specs.size(); i++) {
            TrialResult r = again.get(i).get(60, TimeUnit.SECONDS);
            assertTrue(r.ok(), r.message());
            assertEquals(FakeRunner.accuracy(specs.get(i).key()), r.accuracy());
            assertEquals(1, FakeRunner.RUNS.get(specs.get(i).key()).get(), "trained once: " + i);
        }
    }

    @Test void aWorkerUsesAnInputOnlyWhenItMatchesItsHash() throws Exception {
        HazelcastInstance hz = x.hazelcast();
        String fake = "ab".repeat(32);
        var map = Inputs.map(hz);
        map.set(fake + "/0", "not what the hash says".getBytes());
        map.set(fake, (long) "not what the hash says".length());
        Inputs.Cache cache = new Inputs.Cache(dir.resolve("cache-check"));
        IOException e = assertThrows(IOException.class, () -> cache.file(hz, fake, ".safetensors"));
        assertTrue(e.getMessage().contains("arrived with SHA-256"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache-check").resolve(fake + ".safetensors")));
        // a damaged cache file is fetched again
        String real = sha.get(1);
        Path f = cache.file(hz, real, ".safetensors");
        Files.writeString(f, "damaged");
        Inputs.Cache fresh = new Inputs.Cache(dir.resolve("cache-check"));
        assertEquals(real, Inputs.sha256(fresh.file(hz, real, ".safetensors")));
        // the publisher refuses a file that is not what its hash says
        assertThrows(IOException.class, () -> Inputs.publish(hz, "cd".repeat(32), inputs.get(sha.get(0))));
        assertFalse(Inputs.whole(map, "cd".repeat(32)));
    }
}
