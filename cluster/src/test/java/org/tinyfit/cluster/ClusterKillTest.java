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
import org.tinyfit.model.explore.Pareto;
import org.tinyfit.model.search.LocalTrialExecutor;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/**
 * Two workers in JVMs of their own and this JVM as the coordinator, all on 127.0.0.1: a dozen
 * digits-fastrnn trials with the real training; one worker is killed outright mid-trial. Every
 * trial comes back exactly once, and the results (so the front) equal the same trials run locally.
 */
class ClusterKillTest {
    @TempDir Path dir;
    private final List<Process> children = new ArrayList<>();

    /** Plans of the shipped digits-fastrnn atlas, with the flash bytes it lists (the front's cost). */
    static final Map<String, Integer> PLANS = new LinkedHashMap<>();
    static {
        PLANS.put("@lr=0.02;*=dense", 7000);
        PLANS.put("@small=13;@lr=0.02;*=dense", 1712);
        PLANS.put("@lr=0.02;rnn.kernel=kp:4x5,8x8;fc.kernel=dense", 1792);
        PLANS.put("@lr=0.02;rnn.kernel=kp:8x5,4x8;fc.kernel=dense", 1744);
        PLANS.put("@lr=0.02;rnn.kernel=kp:4x4,8x10;fc.kernel=dense", 1840);
        PLANS.put("@lr=0.02;rnn.kernel=kp:2x5,16x8;fc.kernel=dense", 2008);
        PLANS.put("@lr=0.02;rnn.kernel=kp:8x8,4x5;fc.kernel=dense", 1790);
        PLANS.put("@lr=0.02;rnn.kernel=prune:0.934;fc.kernel=dense", 1942);
        PLANS.put("@lr=0.02;rnn.kernel=lmf:1;fc.kernel=dense", 1744);
        PLANS.put("@lr=0.02;rnn.kernel=hkp:2:6x5,5x8;fc.kernel=dense", 2056);
        PLANS.put("@lr=0.02;rnn.kernel=dkp:4x5,8x8:0.03;fc.kernel=dense", 2048);
        PLANS.put("@lr=0.02;rnn.kernel=kp:4x5,8x8/int8;fc.kernel=dense/int8;activations=int8", 592);
    }

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

    @Test void aWorkerKilledMidTrialLosesNothingAndTheFrontEqualsALocalRun() throws Exception {
        Path d = samples();
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (String f : List.of("digits-fastrnn.tinyfit", "train.safetensors", "test.safetensors")) inputs.put(Inputs.sha256(d.resolve(f)), d.resolve(f));
        List<String> sha = new ArrayList<>(inputs.keySet());
        List<TrialSpec> specs = new ArrayList<>();
        for (String plan : PLANS.keySet()) specs.add(new TrialSpec("kill-test", sha.get(0), sha.get(1), sha.get(2), plan, 6, 1));

        String cluster = "kill-test-" + ProcessHandle.current().pid();
        int pa = ClusterConfigTest.freePort(), pb = ClusterConfigTest.freePort();
        startWorker(pa, null, cluster, new LinkedBlockingQueue<>());
        String bannerB = startWorker(pb, "127.0.0.1:" + pa, cluster, new LinkedBlockingQueue<>());
        assertTrue(bannerB.contains("in cluster '" + cluster + "' (2 members)"), bannerB);
        Process workerB = children.get(1);
        String addressB = "127.0.0.1:" + pb;

        Map<String, TrialResult> byKey = new HashMap<>();
        Map<String, Integer> completions = new HashMap<>();
        String killedKey;
        try (ClusterTrialExecutor x = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(
                List.of(ClusterConfig.Address.parse("127.0.0.1:" + pa), ClusterConfig.Address.parse(addressB)), cluster, null,
                ClusterConfigTest.freePort()), inputs, Duration.ofSeconds(30))) {
            for (int i = 0; i < 50 && x.slots() < 2; i++) Thread.sleep(100);
            assertEquals(2, x.slots(), x.describe());
            List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
            for (TrialSpec s : specs) {
                CompletableFuture<TrialResult> f = x.submit(s);
                f.thenAccept(r -> {
                    synchronized (completions) {
                        completions.merge(r.key(), 1, Integer::sum);
                    }
                });
                fs.add(f);
            }
            // kill B while it is in the middle of a trial, after at least two trials are done
            killedKey = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (killedKey == null && System.nanoTime() < deadline) {
                long done = fs.stream().filter(CompletableFuture::isDone).count();
                if (done >= 2) {
                    for (ClusterTrialExecutor.MemberStatus m : x.members()) {
                        if (m.address().equals(addressB) && !m.running().isEmpty()
                                && Duration.between(m.running().get(0).since(), java.time.Instant.now()).toMillis() > 300) {
                            killedKey = m.running().get(0).key();
                        }
                    }
                }
                if (killedKey == null) Thread.sleep(50);
            }
            assertTrue(killedKey != null, "worker B never ran a trial");
            workerB.destroyForcibly();
            assertTrue(workerB.waitFor(10, TimeUnit.SECONDS));
            for (CompletableFuture<TrialResult> f : fs) {
                TrialResult r = f.get(120, TimeUnit.SECONDS);
                byKey.put(r.key(), r);
            }
            assertEquals(1, x.slots(), "the killed worker is gone: " + x.describe());
            for (TrialSpec s : specs) assertTrue(x.held(s.key()).isPresent(), "held by the cluster: " + s.plan());
        }
        assertEquals(specs.size(), byKey.size());
        for (TrialSpec s : specs) {
            assertEquals(1, completions.get(s.key()), "recorded once: " + s.plan());
            assertTrue(byKey.get(s.key()).ok(), s.plan() + ": " + byKey.get(s.key()).message());
        }
        assertNotEquals(addressB, byKey.get(killedKey).worker(), "the killed trial ran again on the other worker");

        // the same trials in this process
        Map<String, TrialResult> local = new HashMap<>();
        try (LocalTrialExecutor lx = new LocalTrialExecutor(Worker.trainingRunner("dev"), inputs, 2)) {
            List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
            for (TrialSpec s : specs) fs.add(lx.submit(s));
            for (CompletableFuture<TrialResult> f : fs) {
                TrialResult r = f.get(120, TimeUnit.SECONDS);
                local.put(r.key(), r);
            }
        }
        for (TrialSpec s : specs) {
            assertEquals(local.get(s.key()).accuracy(), byKey.get(s.key()).accuracy(), "same accuracy: " + s.plan());
            assertEquals(local.get(s.key()).evalSamples(), byKey.get(s.key()).evalSamples());
        }
        Map<String, Integer> cost = new HashMap<>();
        for (TrialSpec s : specs) cost.put(s.key(), PLANS.get(s.plan()));
        List<String> keys = specs.stream().map(TrialSpec::key).toList();
        List<String> clusterFront = Pareto.front(keys, cost::get, k -> byKey.get(k).accuracy());
        List<String> localFront = Pareto.front(keys, cost::get, k -> local.get(k).accuracy());
        assertEquals(localFront, clusterFront);
    }
}
