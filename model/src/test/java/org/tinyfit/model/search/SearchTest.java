package org.tinyfit.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.plan.Activations;

/** The search driver with a synthetic trial runner: limits, resume, determinism, fronts, the atlas it writes. */
class SearchTest {
    static SearchFixture fx;

    @BeforeAll static void load() throws Exception { fx = new SearchFixture(); }

    @Test void neverTrainsWhatDoesNotFit(@TempDir Path dir) throws Exception {
        for (long flash : new long[] {1200, 2500, 8000}) {
            Limits l = new Limits(SearchFixture.limits(flash).device(), flash, 4000, 0.5, Double.POSITIVE_INFINITY);
            Candidates.Space sp = Candidates.enumerate(fx.base, SearchConfig.ALL_TECHNIQUES, List.of(32, 8, 4),
                    List.of(Activations.FLOAT32, Activations.INT8), l);
            assertFalse(sp.fitting().isEmpty());
            for (Candidate c : sp.fitting()) assertNull(l.over(c.flashBytes(), c.sramBytes(), c.latencyMs(), c.energyMj()), c.plan());
            FakeRunner r = new FakeRunner(0);
            SearchConfig cfg = new SearchConfig(l, SearchConfig.ALL_TECHNIQUES, List.of(32, 8, 4), List.of(Activations.FLOAT32, Activations.INT8),
                    12, null, 0, 1, 9, 3, 7, 0.02, 64, SearchConfig.Strategy.MODEL_BASED);
            Path d = Files.createDirectories(dir.resolve("f" + flash));
            SearchOutcome o = fx.run(d, cfg, r, 2);
            assertEquals(12, o.trials().size());
            for (SearchTrial t : o.trials()) {
                assertNull(l.over(t.flashBytes(), t.sramBytes(), t.latencyMs(), t.energyMj()), t.plan());
                assertTrue(t.flashBytes() <= flash);
            }
            assertNotNull(o.best());
            assertTrue(o.best().flashBytes() <= flash);
        }
    }

    @Test void nothingFitsIsAClearError(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(16), 4, 1, SearchConfig.Strategy.MODEL_BASED, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fx.run(dir, cfg, new FakeRunner(0), 1));
        assertTrue(e.getMessage().contains("no candidate fits"), e.getMessage());
    }

    @Test void deterministicForASeed(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(4096), 14, 11, SearchConfig.Strategy.MODEL_BASED, 1, 9);
        SearchOutcome a = fx.run(Files.createDirectories(dir.resolve("a")), cfg, new FakeRunner(0), 2);
        SearchOutcome b = fx.run(Files.createDirectories(dir.resolve("b")), cfg, new FakeRunner(3), 2);
        assertEquals(a.trials().stream().map(SearchTrial::key).toList(), b.trials().stream().map(SearchTrial::key).toList());
        assertEquals(a.best().key(), b.best().key());
        SearchConfig other = SearchFixture.config(SearchFixture.limits(4096), 14, 12, SearchConfig.Strategy.MODEL_BASED, 1, 9);
        SearchOutcome c = fx.run(Files.createDirectories(dir.resolve("c")), other, new FakeRunner(0), 2);
        assertFalse(a.trials().stream().map(SearchTrial::plan).toList().equals(c.trials().stream().map(SearchTrial::plan).toList()));
    }

    @Test void successiveHalvingPromotesTheBest(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(4096), 20, 3, SearchConfig.Strategy.MODEL_BASED, 1, 9);
        assertEquals(List.of(1, 3, 9), cfg.rungs());
        SearchOutcome o = fx.run(dir, cfg, new FakeRunner(0), 2);
        long r1 = o.trials().stream().filter(t -> t.rung() == 1).count(), r0 = o.trials().stream().filter(t -> t.rung() == 0).count();
        assertTrue(r1 >= 1 && r1 <= r0 / 3 + 1, r0 + " / " + r1);
        for (SearchTrial t : o.trials()) {
            if (t.rung() == 0) continue;
            // a promoted plan ran at the rung below first
            assertTrue(o.trials().stream().anyMatch(u -> u.plan().equals(t.plan()) && u.rung() == t.rung() - 1 && o.trials().indexOf(u) < o.trials().indexOf(t)));
        }
    }

    @Test void writesAtlasModelsAndFronts(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(4096), 8, 5, SearchConfig.Strategy.MODEL_BASED, 1, 3);
        SearchOutcome o = fx.run(dir, cfg, new FakeRunner(0), 2);
        Atlas atlas = Atlas.read(dir.resolve(Atlas.FILE));
        assertEquals(o.trials().stream().filter(SearchTrial::done).count(), atlas.entries().size());
        for (Atlas.Entry e : atlas.entries()) {
            assertTrue(Files.isRegularFile(dir.resolve(e.file())), e.file());
            assertEquals(Atlas.KIND_TRAINED, e.kind());
        }
        assertTrue(Files.isRegularFile(dir.resolve("digits-fastrnn.tinyfit")));
        assertTrue(Files.isRegularFile(dir.resolve(SearchInputs.EVAL)));
        // fronts: sorted by cost, accuracy rising, nothing dominated
        for (int i = 1; i < o.flashFront().size(); i++) {
            assertTrue(o.flashFront().get(i).flashBytes() >= o.flashFront().get(i - 1).flashBytes());
            assertTrue(o.flashFront().get(i).accuracy() > o.flashFront().get(i - 1).accuracy());
        }
        assertEquals(o.best().accuracy(), o.flashFront().get(o.flashFront().size() - 1).accuracy());
        assertTrue(o.flashHypervolume(4096) > 0 && o.flashHypervolume(4096) <= 1);
    }

    @Test void resumeAfterATornJournalRetrainsOnlyWhatDidNotFinish(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(4096), 10, 21, SearchConfig.Strategy.MODEL_BASED, 1, 9);
        Path whole = Files.createDirectories(dir.resolve("whole"));
        SearchOutcome full = fx.run(whole, cfg, new FakeRunner(0), 2);
        // an interrupted run: the first 6 trials finished, the 7th had started, and its done line was torn by the kill
        Path part = Files.createDirectories(dir.resolve("part"));
        SearchConfig six = SearchFixture.config(SearchFixture.limits(4096), 6, 21, SearchConfig.Strategy.MODEL_BASED, 1, 9);
        fx.run(part, six, new FakeRunner(0), 2);
        String seventh = full.trials().get(6).key();
        Files.writeString(part.resolve(Journal.FILE), "{\"type\":\"start\",\"key\":\"" + seventh + "\",\"plan\":\"x\",\"epochs\":1}\n"
                + "{\"type\":\"done\",\"key\":\"" + seventh + "\",\"acc", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        FakeRunner again = new FakeRunner(0);
        SearchOutcome resumed = fx.run(part, cfg, again, 2);
        assertEquals(4, again.runs.get(), "only the 4 trials that did not finish train again");
        assertTrue(again.perKey.containsKey(seventh));
        for (int i = 0; i < 6; i++) assertFalse(again.perKey.containsKey(full.trials().get(i).key()));
        assertEquals(full.trials().stream().map(SearchTrial::key).toList(), resumed.trials().stream().map(SearchTrial::key).toList());
        assertEquals(full.best().key(), resumed.best().key());
        assertEquals(6, resumed.trials().stream().filter(SearchTrial::reused).count());
        // the journal is whole again: every line parses
        List<Map<String, Object>> lines = Journal.read(part);
        assertTrue(lines.stream().filter(m -> "done".equals(m.get("type"))).count() >= 10);
    }

    @Test void resumeWithOtherSettingsIsRefused(@TempDir Path dir) throws Exception {
        fx.run(dir, SearchFixture.config(SearchFixture.limits(4096), 2, 1, SearchConfig.Strategy.MODEL_BASED, 1, 3), new FakeRunner(0), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fx.run(dir, SearchFixture.config(SearchFixture.limits(3000), 2, 1, SearchConfig.Strategy.MODEL_BASED, 1, 3), new FakeRunner(0), 1));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test void timeBudgetStopsStartingTrials(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.withTime(SearchFixture.config(SearchFixture.limits(4096), 1000, 4, SearchConfig.Strategy.MODEL_BASED, 1, 3),
                java.time.Duration.ofMillis(800));
        long t0 = System.nanoTime();
        SearchOutcome o = fx.run(dir, cfg, new FakeRunner(100), 2);
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(o.trials().size() >= 2, "trials " + o.trials().size());
        assertTrue(s < 10, s + " s");
        assertFalse(o.exhausted());
    }

    @Test void cancelStopsAndResumeFinishes(@TempDir Path dir) throws Exception {
        SearchConfig cfg = SearchFixture.config(SearchFixture.limits(4096), 8, 2, SearchConfig.Strategy.MODEL_BASED, 1, 3);
        SearchInputs in = SearchInputs.prepare(dir, fx.base, fx.train, fx.eval);
        SearchOutcome o;
        try (LocalTrialExecutor ex = new LocalTrialExecutor(new FakeRunner(150), in.inputsBySha256(), 2)) {
            Search[] s = new Search[1];
            s[0] = new Search(fx.base, in, cfg, ex, List.of(), new SearchListener() {
                @Override public void trial(SearchTrial t) {
                    if (t.done() && t.key() != null) s[0].cancel();
                }
            });
            o = s[0].run();
        }
        assertTrue(o.cancelled());
        assertTrue(o.trials().size() < 8);
        SearchOutcome rest = fx.run(dir, cfg, new FakeRunner(0), 2);
        assertEquals(8, rest.trials().size());
        assertFalse(rest.cancelled());
    }
}
