package org.tinyfit.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tinyfit.cluster.ClusterConfig;
import org.tinyfit.cluster.ClusterTrialExecutor;
import org.tinyfit.cluster.Worker;
import org.tinyfit.model.search.LocalTrialExecutor;
import org.tinyfit.model.search.TrialExecutor;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/**
 * Trials per hour of digits-fastrnn trials (the shipped atlas's twelve plans, several seeds,
 * N epochs each) run in this process on one thread, and on a cluster of one and of two worker
 * JVMs (one thread each) on this machine, with this process as the coordinator. Every trial is
 * submitted at once, so the number is the executor's capacity (the search's batches add their
 * own waits). Each cluster is new (no result held from an earlier run); the clock starts at the
 * first submit (inputs are published then) and stops at the last result.
 *
 * <pre>java -cp target/benchmarks.jar org.tinyfit.bench.ClusterThroughput [TRIALS] [EPOCHS] [CONFIGS]</pre>
 * CONFIGS: comma-separated local-1, local-2, cluster-1, cluster-2 (default all but local-2); empty-N: cluster-N
 * with trials whose plan names no matrix of the model (each fails at once after reading its inputs):
 * the cluster's own cost per trial, round trip and result map included.
 */
public final class ClusterThroughput {
    static final List<String> PLANS = List.of("@lr=0.02;*=dense", "@small=13;@lr=0.02;*=dense",
            "@lr=0.02;rnn.kernel=kp:4x5,8x8;fc.kernel=dense", "@lr=0.02;rnn.kernel=kp:8x5,4x8;fc.kernel=dense",
            "@lr=0.02;rnn.kernel=kp:4x4,8x10;fc.kernel=dense", "@lr=0.02;rnn.kernel=kp:2x5,16x8;fc.kernel=dense",
            "@lr=0.02;rnn.kernel=kp:8x8,4x5;fc.kernel=dense", "@lr=0.02;rnn.kernel=prune:0.934;fc.kernel=dense",
            "@lr=0.02;rnn.kernel=lmf:1;fc.kernel=dense", "@lr=0.02;rnn.kernel=hkp:2:6x5,5x8;fc.kernel=dense",
            "@lr=0.02;rnn.kernel=dkp:4x5,8x8:0.03;fc.kernel=dense", "@lr=0.02;rnn.kernel=kp:4x5,8x8/int8;fc.kernel=dense/int8;activations=int8");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 36;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<String> configs = List.of((args.length > 2 ? args[2] : "local-1,cluster-1,cluster-2").split(","));
        Path d = Path.of(System.getProperty("tinyfit.home", ".."), "sample-models", "digits-fastrnn");
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (String f : List.of("digits-fastrnn.tinyfit", "train.safetensors", "test.safetensors")) inputs.put(sha256(d.resolve(f)), d.resolve(f));
        List<String> sha = new ArrayList<>(inputs.keySet());
        Path tmp = Files.createTempDirectory("cluster-bench");
        System.out.printf(Locale.ROOT, "%d digits-fastrnn trials of %d epochs, %d cores%n", n, epochs, Runtime.getRuntime().availableProcessors());
        int round = 0;
        for (String config : configs) {
            round++;
            List<TrialSpec> specs = new ArrayList<>();
            boolean empty = config.startsWith("empty-");
            for (int i = 0; i < n; i++) specs.add(new TrialSpec("bench", sha.get(0), sha.get(1), sha.get(2),
                    empty ? "@lr=0.02;no.such.matrix=dense" : PLANS.get(i % PLANS.size()), epochs, empty ? i : 1 + i / PLANS.size()));
            List<Process> workers = new ArrayList<>();
            String cluster = "bench-" + ProcessHandle.current().pid() + "-" + round;
            TrialExecutor x;
            long s0 = System.nanoTime();
            if (config.startsWith("local-")) {
                x = new LocalTrialExecutor(Worker.trainingRunner("bench"), inputs, Integer.parseInt(config.substring(6)));
            } else {
                int w = Integer.parseInt(config.substring(config.indexOf('-') + 1));
                List<ClusterConfig.Address> addrs = new ArrayList<>();
                for (int i = 0; i < w; i++) {
                    int port = freePort();
                    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                            "--port", "" + port, "--cluster-name", cluster, "--threads", "1", "--cache", tmp.resolve("cache-" + port).toString()));
                    if (!addrs.isEmpty()) cmd.addAll(List.of("--join", addrs.get(0).toString()));
                    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    workers.add(p);
                    String banner = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    if (banner == null || !banner.startsWith("tinyfit worker")) throw new IllegalStateException("worker did not start: " + banner);
                    addrs.add(ClusterConfig.Address.parse("127.0.0.1:" + port));
                }
                ClusterTrialExecutor c = ClusterTrialExecutor.connect(new ClusterTrialExecutor.Options(addrs, cluster, null, freePort()), inputs,
                        Duration.ofSeconds(60));
                for (int i = 0; i < 100 && c.slots() < w; i++) Thread.sleep(100);
                x = c;
            }
            double startup = (System.nanoTime() - s0) / 1e9;
            try {
                long t0 = System.nanoTime();
                List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
                for (TrialSpec s : specs) fs.add(x.submit(s));
                double trainSeconds = 0;
                int ok = 0;
                for (CompletableFuture<TrialResult> f : fs) {
                    TrialResult r = f.get(1, TimeUnit.HOURS);
                    trainSeconds += r.trainSeconds();
                    if (r.ok()) ok++;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%-10s %-40s start %5.1f s  wall %6.1f s  %4d ok  %7.0f trials/h  mean trial %.2f s%n", config,
                        x.describe(), startup, secs, ok, n / secs * 3600, trainSeconds / n);
            } finally {
                x.close();
                for (Process p : workers) {
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                    p.destroyForcibly();
                }
            }
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
