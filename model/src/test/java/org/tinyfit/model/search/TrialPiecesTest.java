package org.tinyfit.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.provenance.ModelKind;

/** The local executor, the training runner, the journal and the trial plan text. */
class TrialPiecesTest {
    static SearchFixture fx;

    @BeforeAll static void load() throws Exception { fx = new SearchFixture(); }

    @Test void unknownInputHashFailsClearly(@TempDir Path dir) throws Exception {
        SearchInputs in = SearchInputs.prepare(dir, fx.base, fx.train, fx.eval);
        String other = "ab".repeat(32);
        TrialSpec spec = new TrialSpec("s-1", in.modelSha256(), other, in.evalSha256(), "rnn.kernel=dense", 1, 1);
        try (LocalTrialExecutor ex = new LocalTrialExecutor(new FakeRunner(0), in.inputsBySha256(), 1)) {
            TrialResult r = ex.submit(spec).get(30, TimeUnit.SECONDS);
            assertFalse(r.ok());
            assertTrue(r.message().contains(other) && r.message().contains("train set"), r.message());
            assertEquals("local, 1 slot", ex.describe());
        }
    }

    @Test void trainingRunnerRecordsSearchProvenance(@TempDir Path dir) throws Exception {
        SearchInputs in = SearchInputs.prepare(dir, fx.base, fx.train, fx.eval);
        TrialSpec spec = new TrialSpec("s-test", in.modelSha256(), in.trainSha256(), in.evalSha256(),
                "@lr=0.02;rnn.kernel=kp:4x5,8x8;fc.kernel=dense", 1, 3);
        TrialResult r;
        try (LocalTrialExecutor ex = new LocalTrialExecutor(new TrainingTrialRunner(), in.inputsBySha256(), 1)) {
            r = ex.submit(spec).get(120, TimeUnit.SECONDS);
        }
        assertTrue(r.ok(), r.message());
        Path f = dir.resolve("t.tinyfit");
        Files.write(f, r.model());
        Network n = TinyfitFile.read(f);
        assertEquals(ModelKind.TRAINED, n.provenance().kind());
        assertEquals(in.trainSha256(), n.provenance().trainData().sha256());
        assertEquals(in.evalSha256(), n.provenance().evalData().sha256());
        assertEquals(3L, n.provenance().seed());
        @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) n.provenance().extra().get("search");
        assertEquals("s-test", s.get("id"));
        assertEquals(spec.key(), s.get("trial"));
        assertEquals(1, ((Number) s.get("fidelity_epochs")).intValue());
        assertEquals(SearchInputs.EVAL, n.datasets().get("eval"));
        // the same trial again gives the same model
        TrialResult again = new TrainingTrialRunner().run(spec, in.model(), in.train(), in.eval(), () -> false);
        assertEquals(r.accuracy(), again.accuracy());
        // a small baseline trains too
        TrialSpec small = new TrialSpec("s-test", in.modelSha256(), in.trainSha256(), in.evalSha256(), "@small=8;@lr=0.02;dense", 1, 3);
        TrialResult sr = new TrainingTrialRunner().run(small, in.model(), in.train(), in.eval(), () -> false);
        assertTrue(sr.ok(), sr.message());
        // a bad plan fails, does not throw
        TrialSpec bad = new TrialSpec("s-test", in.modelSha256(), in.trainSha256(), in.evalSha256(), "rnn.kernel=kp:3x3,3x3", 1, 3);
        TrialResult br = new TrainingTrialRunner().run(bad, in.model(), in.train(), in.eval(), () -> false);
        assertFalse(br.ok());
        assertTrue(br.message().contains("kp:3x3,3x3"), br.message());
    }

    @Test void journalDropsATornLastLine(@TempDir Path dir) throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.append(Map.of("type", "header", "search", "s-1"));
            j.append(Map.of("type", "done", "key", "k1"));
        }
        Files.writeString(dir.resolve(Journal.FILE), "{\"type\":\"done\",\"ke", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try (Journal j = Journal.open(dir)) {
            assertTrue(j.hadTornTail());
            assertEquals(2, j.entries().size());
            j.append(Map.of("type", "done", "key", "k2"));
        }
        assertEquals(3, Journal.read(dir).size());
        String text = Files.readString(dir.resolve(Journal.FILE));
        assertTrue(text.endsWith("}\n") && text.lines().reduce((a, b) -> b).orElseThrow().contains("\"k2\""), text);
        assertEquals("k2", Journal.read(dir).get(2).get("key"));
    }

    @Test void trialPlanText() {
        TrialPlan p = TrialPlan.parse("@small=13;@lr=0.02;@batch=32;*=dense/int8;activations=int8");
        assertEquals(13, p.hidden());
        assertEquals(0.02, p.lr());
        assertEquals(32, p.batch());
        assertEquals("*=dense/int8;activations=int8", p.planText());
        assertEquals(p, TrialPlan.parse(p.text()));
        assertEquals("dense", TrialPlan.parse("@lr=0.1").planText());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TrialPlan.parse("@foo=1;dense"))
                .getMessage().contains("@foo"));
    }
}
