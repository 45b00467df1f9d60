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
}
