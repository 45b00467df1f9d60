package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: an export killed mid-write left a 0-byte CSV (O_TRUNC) and a C folder with a
 * truncated tinyfit_model.c. A process that rewrites a file and a folder of four files through
 * {@link AtomicWrite} is killed (SIGKILL) at random moments: every file is always complete.
 */
class AtomicWriteKillTest {
    @TempDir Path dir;

    @Test
    void killedWritersLeaveCompleteFiles() throws Exception {
        Path file = dir.resolve("costs.csv"), folder = dir.resolve("c");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random r = new Random(16);
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    AtomicWriteVictim.class.getName(), file.toString(), folder.toString(), "4000000").redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                assertEquals("go", in.readLine());
                Thread.sleep(20 + r.nextInt(400));
            } finally {
                p.destroyForcibly();
                p.waitFor();
            }
            complete(file);
            for (String n : List.of("tinyfit_model.h", "tinyfit_model.c", "main.c", "test_vector.h")) complete(folder.resolve(n));
        }
    }

    private static void complete(Path f) throws Exception {
        String s = Files.readString(f);
        assertEquals(4_000_003, s.length(), f + " is truncated");
        assertTrue(s.endsWith("END") && s.chars().limit(4_000_000).allMatch(c -> c == s.charAt(0)), f + " is mixed");
    }
}
