package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
    @Test void badOptionsAreUsageErrors() {
        CliHarness.Run any = CliHarness.run("worker", "--interface", "0.0.0.0");
        assertEquals(2, any.code());
        assertTrue(any.err().contains("not 0.0.0.0"), any.err());
        CliHarness.Run threads = CliHarness.run("worker", "--threads", "0");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads"), threads.err());
        CliHarness.Run join = CliHarness.run("worker", "--join", "host:port");
        assertEquals(2, join.code());
        assertTrue(join.err().contains("not a number"), join.err());
    }

    @Test void aWorkerPrintsItsAddressAndClusterAndStops(@TempDir Path cache) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(Cli.run(new String[] {"worker", "--port", "" + port, "--cluster-name", "cli-test-" + port,
                "--threads", "1", "--cache", cache.toString()}, new PrintWriter(out, true), new PrintWriter(err, true))));
        t.start();
        for (int i = 0; i < 300 && !out.toString().contains("tinyfit worker"); i++) Thread.sleep(100);
        assertTrue(out.toString().startsWith("tinyfit worker 127.0.0.1:" + port + " in cluster 'cli-test-" + port + "' (1 member), 1 thread"),
                out + "\n" + err);
        t.interrupt();
        t.join(30_000);
        assertEquals(0, code.get(), err.toString());
    }

    @Test void aSearchOnAClusterFindsWhatTheSameSearchFindsLocally(@TempDir Path dir) throws Exception {
        Path home = CliHarness.repoHome();
        org.junit.jupiter.api.Assumptions.assumeTrue(home != null, "sample models not found");
        String oldHome = CliHarness.setHome(home);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String name = "cli-search-" + port;
        try (org.tinyfit.cluster.Worker w = org.tinyfit.cluster.Worker.start(new org.tinyfit.cluster.Worker.Options(null, port, java.util.List.of(), name, 2,
                dir.resolve("cache")), org.tinyfit.cluster.Worker.trainingRunner("dev"))) {
            String[] common = {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "4", "--epochs", "2",
                    "--min-epochs", "1", "--lr", "0.02", "--seed", "3", "--json"};
            CliHarness.Run bad = CliHarness.run(concat(common, "--out", dir.resolve("x").toString(), "--cluster", w.address(), "--slots", "2"));
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("--slots does not go with --cluster"), bad.err());
            CliHarness.Run noCluster = CliHarness.run(concat(common, "--out", dir.resolve("y").toString(), "--cluster-name", name));
            assertEquals(2, noCluster.code());
            assertTrue(noCluster.err().contains("--cluster-name needs --cluster"), noCluster.err());

            CliHarness.Run c = CliHarness.run(concat(common, "--out", dir.resolve("c").toString(), "--cluster", w.address(), "--cluster-name", name));
            assertEquals(0, c.code(), c.err());
            assertTrue(c.err().contains("cluster '" + name + "' of 1 worker, 2 slots"), c.err());
            CliHarness.Run l = CliHarness.run(concat(common, "--out", dir.resolve("l").toString(), "--slots", "2"));
            assertEquals(0, l.code(), l.err());
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var cj = mapper.readTree(c.out());
            var lj = mapper.readTree(l.out());
            assertEquals(4, cj.get("trials").size());
            for (int i = 0; i < 4; i++) {
                assertEquals(lj.get("trials").get(i).get("key").asText(), cj.get("trials").get(i).get("key").asText());
                assertEquals(lj.get("trials").get(i).get("accuracy").asDouble(), cj.get("trials").get(i).get("accuracy").asDouble());
            }
            assertEquals(lj.get("front_flash").toString().replaceAll("\"train_seconds\":[0-9.E-]+", ""),
                    cj.get("front_flash").toString().replaceAll("\"train_seconds\":[0-9.E-]+", ""));
            assertEquals(4, org.tinyfit.model.explore.Atlas.read(dir.resolve("c").resolve(org.tinyfit.model.explore.Atlas.FILE)).entries().size());
        } finally {
            CliHarness.restoreHome(oldHome);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
