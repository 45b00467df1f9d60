package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.search.Journal;

/** {@code tinyfit search}: errors, a small search end to end, and resume after kill -9 of a child JVM. */
class SearchCommandTest {
    static String oldHome;
    static Path home;

    @BeforeAll static void home() {
        home = CliHarness.repoHome();
        assumeTrue(home != null, "sample models not found");
        oldHome = CliHarness.setHome(home);
    }

    @AfterAll static void restore() { CliHarness.restoreHome(oldHome); }

    @Test void sizesAndDurations() {
        assertEquals(16384, SearchCommand.size("16KB", "--max-flash"));
        assertEquals(16384, SearchCommand.size("16 kb", "--max-flash"));
        assertEquals(1572864, SearchCommand.size("1.5MB", "--max-flash"));
        assertEquals(2048, SearchCommand.size("2048", "--max-flash"));
        assertEquals(Duration.ofMinutes(10), SearchCommand.duration("10m"));
        assertEquals(Duration.ofSeconds(90), SearchCommand.duration("90s"));
        assertEquals(Duration.ofMinutes(90), SearchCommand.duration("1h30m"));
    }

    @Test void badInputIsOneLine(@TempDir Path dir) throws Exception {
        String out = dir.resolve("s").toString();
        String[][] cases = {
            {"search", "digits-fastrnn", "--device", "no-such-board", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "16QB", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--budget", "10 parsecs", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--budget", "10m", "--trials", "3", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--techniques", "kp,magic", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--bits", "12", "--out", out},
            {"search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "20", "--out", out},
        };
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve(Journal.FILE), "not json\n{\"type\":\"done\"}\n");
        CliHarness.Run r0 = CliHarness.run("search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "1",
                "--out", bad.toString(), "--resume");
        assertEquals(2, r0.code(), r0.err());
        assertTrue(r0.err().contains("journal.jsonl: line 1"), r0.err());
        String[] expect = {"no-such-board", "16QB", "10 parsecs", "give one of", "magic", "12", "no candidate fits"};
        for (int i = 0; i < cases.length; i++) {
            CliHarness.Run r = CliHarness.run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + "\n" + r.err());
            assertTrue(r.err().contains(expect[i]), r.err());
        }
    }

    @Test void smallSearchEndToEnd(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("search");
        CliHarness.Run r = CliHarness.run("search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "4",
                "--epochs", "2", "--min-epochs", "1", "--lr", "0.02", "--seed", "3", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("candidates fit") && r.err().contains("best that fits"), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("trials").size());
        for (JsonNode t : j.get("trials")) assertTrue(t.get("flash_bytes").asLong() <= 2048, t.toString());
        JsonNode best = j.get("best");
        Path bestFile = out.resolve(best.get("file").asText());
        assertTrue(Files.isRegularFile(bestFile));
        assertEquals(4, Atlas.read(out.resolve(Atlas.FILE)).entries().size());
        // the trained file evaluates like any model, with the eval set beside it
        CliHarness.Run e = CliHarness.run("eval", bestFile.toString(), "--json");
        assertEquals(0, e.code(), e.err());
        assertEquals(best.get("accuracy").asDouble(), new ObjectMapper().readTree(e.out()).get("accuracy").asDouble(), 1e-9);
        // a second run into the same folder needs --resume; with it nothing trains again
        CliHarness.Run again = CliHarness.run("search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "4",
                "--epochs", "2", "--min-epochs", "1", "--lr", "0.02", "--seed", "3", "--out", out.toString(), "--json");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--resume"), again.err());
        CliHarness.Run resumed = CliHarness.run("search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "4",
                "--epochs", "2", "--min-epochs", "1", "--lr", "0.02", "--seed", "3", "--out", out.toString(), "--json", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        JsonNode rj = new ObjectMapper().readTree(resumed.out());
        for (JsonNode t : rj.get("trials")) assertTrue(t.get("reused").asBoolean(), t.toString());
        assertEquals(best.get("key").asText(), rj.get("best").get("key").asText());
    }

    @Test void resumeAfterKillNine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("killed");
        List<String> args = List.of("search", "digits-fastrnn", "--device", "nucleo-f746zg", "--max-flash", "2KB", "--trials", "4",
                "--epochs", "2", "--min-epochs", "2", "--lr", "0.02", "--seed", "5", "--slots", "1", "--json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-Dtinyfit.home=" + home, "-cp", System.getProperty("java.class.path"),
                "org.tinyfit.app.Launcher"));
        cmd.addAll(args);
        cmd.add("--out");
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int done = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            done = doneLines(out);
            if (done >= 1) break;
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed:\n" + Files.readString(dir.resolve("child.log")));
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int doneAtKill = doneLines(out);
        assertTrue(doneAtKill >= 1 && doneAtKill < 4, "done at kill: " + doneAtKill);
        List<String> resume = new ArrayList<>(args);
        resume.addAll(List.of("--out", out.toString(), "--resume"));
        CliHarness.Run r = CliHarness.run(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("trials").size());
        int reused = 0;
        for (JsonNode t : j.get("trials")) if (t.get("reused").asBoolean()) reused++;
        assertEquals(doneAtKill, reused, "what finished before the kill is not trained again");
        // the same trials and results as a search never interrupted
        List<String> whole = new ArrayList<>(args);
        whole.addAll(List.of("--out", dir.resolve("whole").toString()));
        CliHarness.Run w = CliHarness.run(whole.toArray(String[]::new));
        assertEquals(0, w.code(), w.err());
        JsonNode wj = new ObjectMapper().readTree(w.out());
        for (int i = 0; i < 4; i++) {
            assertEquals(wj.get("trials").get(i).get("key").asText(), j.get("trials").get(i).get("key").asText());
            assertEquals(wj.get("trials").get(i).get("accuracy").asDouble(), j.get("trials").get(i).get("accuracy").asDouble(), 0.0);
        }
        assertFalse(Files.readString(out.resolve(Journal.FILE)).isEmpty());
    }

    private static int doneLines(Path out) throws Exception {
        Path f = out.resolve(Journal.FILE);
        if (!Files.exists(f)) return 0;
        int n = 0;
        for (String line : Files.readAllLines(f)) if (line.contains("\"type\":\"done\"")) n++;
        return n;
    }
}
