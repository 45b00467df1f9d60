package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.compress.KpOp;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

/** eval --plan --device and train, on CliTest's tiny sample (LSTM kernel 24x9, fc 3x6, 300 samples). */
class PlanCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.io.TempDir static Path home;

    @BeforeAll static void setUp() throws Exception {
        CliTest.home = home;
        CliTest.sampleHome();
    }

    @AfterAll static void tearDown() { CliTest.restore(); }

    @Test void evalWithPlanReportsTheHandComputedCost() throws Exception {
        CliHarness.Run r = CliTest.run("eval", "tiny", "--plan", "lstm.kernel=kp:4x3,6x3/int8;fc.kernel=prune:0.5", "--device", "nucleo-f446re", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("projected", j.get("accuracy_kind").asText());
        assertEquals("nucleo-f446re", j.get("device").asText());
        assertTrue(j.get("estimate").asBoolean());
        // params: B 12 + C 18 + LSTM bias 24 + fc nnz 9 + fc bias 3
        assertEquals(66, j.get("params").asInt());
        // flash: B 12 B + 4 scale, C 18 B + 4; LSTM bias 96; fc 9 floats 36 + bitmap ceil(18/8)=3 (CSR 9+8); fc bias 12
        assertEquals(16 + 22 + 96 + 36 + 3 + 12, j.get("flash_bytes").asInt());
        JsonNode m0 = j.get("matrices").get(0);
        assertEquals("lstm.kernel", m0.get("name").asText());
        assertEquals("kp:4x3,6x3/int8", m0.get("technique").asText());
        assertEquals("[24,9]", m0.get("shape").toString());
        assertEquals(30, m0.get("params").asInt());
        assertEquals(38, m0.get("flash_bytes").asInt());
        // KP MACs per step min(n1*m2*(n2+m1), n2*m1*(n1+m2)) = min(3*6*7, 3*4*9) = 108, times 4 steps
        assertEquals(432, m0.get("macs").asInt());
        assertEquals(9, m0.get("rank_bound").asInt()); // min(4,3)*min(6,3)
        assertEquals("bitmap", j.get("matrices").get(1).get("sparse_index").asText());
        for (String k : new String[] {"sram_bytes", "macs", "ops", "latency_ms", "energy_mj", "fits_flash", "fits_sram"}) assertTrue(j.has(k), k);
    }

    @Test void projectedAccuracyIsThatOfTheReconstructedMatrices() throws Exception {
        String plan = "lstm.kernel=kp:4x3,6x3;fc.kernel=lmf:2";
        CliHarness.Run r = CliTest.run("eval", "tiny", "--plan", plan, "--json");
        assertEquals(0, r.code(), r.err());
        CompressionPlan p = PlanText.parse(plan, CliTest.net);
        Network c = Compressor.apply(CliTest.net, p);
        List<Layer> dense = new ArrayList<>();
        for (Layer l : c.layers()) dense.add(l.withKernel(new DenseOp(l.kernel().toDense(), l.kernel().rows(), l.kernel().cols())));
        Network d = c.withLayers(dense, c.provenance());
        int n = CliTest.data.n();
        float[] x = new float[n * 12];
        for (int i = 0; i < n; i++) CliTest.data.copyInput(i, x, i * 12);
        float[] lg = Inference.logits(d, x, n);
        int correct = 0;
        for (int i = 0; i < n; i++) if (Inference.argmax(lg, i, 3) == CliTest.data.y()[i]) correct++;
        assertEquals((double) correct / n, JSON.readTree(r.out()).get("accuracy").asDouble(), 1e-12);
    }

    @Test void badPlansAndDevicesAreOneLineErrors() {
        CliHarness.Run r = CliTest.run("eval", "tiny", "--plan", "lstm.kernel=kp:5x3,6x3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tinyfit: ") && r.err().contains("24x9"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        r = CliTest.run("eval", "tiny", "--plan", "nosuch.kernel=dense");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("lstm.kernel"), "lists the matrices: " + r.err());
        r = CliTest.run("eval", "tiny", "--device", "nosuch-board");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nosuch-board"), r.err());
    }

    @Test void trainWritesFactorsWithProvenanceAndEvalReproducesItsAccuracy() throws Exception {
        Path dir = CliTest.home.resolve("sample-models/tiny");
        Path out = dir.resolve("tiny-kp.tinyfit");
        CliHarness.Run r = CliTest.run("train", "tiny", "--plan", "lstm.kernel=kp:4x3,6x3/int8", "--epochs", "2", "--seed", "3",
                "--data", dir.resolve("test.safetensors").toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("epoch 2/2"), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("trained", j.get("accuracy_kind").asText());
        assertTrue(j.get("samples_per_second").asDouble() > 0, r.out());
        assertEquals("float32", j.get("precision").asText());
        Network m = TinyfitFile.read(out);
        KpOp kp = assertInstanceOf(KpOp.class, m.layers().get(0).kernel());
        assertEquals(8, kp.bits());
        assertEquals("lstm.kernel=kp:4x3,6x3/int8;fc.kernel=dense", m.provenance().plan());
        assertEquals(3L, m.provenance().seed());
        assertEquals(2, m.provenance().epochs());
        assertEquals(64, m.provenance().trainData().sha256().length());
        assertEquals(64, m.provenance().evalData().sha256().length());
        assertTrue(m.provenance().hyperparameters().quantizationAware(), "an int8 matrix trains quantization-aware");
        assertEquals(null, m.provenance().hyperparameters().dkp(), "no DKP matrix, no DKP settings");
        assertEquals("float32", m.provenance().hyperparameters().extra().get("precision"));
        // the written model evaluates to the accuracy the run reported
        JsonNode e = JSON.readTree(CliTest.run("eval", out.toString(), "--json").out());
        assertEquals(j.get("accuracy").asDouble(), e.get("accuracy").asDouble(), 0.0);
        assertEquals("as-stored", e.get("accuracy_kind").asText());
        assertEquals("lstm.kernel=kp:4x3,6x3/int8;fc.kernel=dense", e.get("plan").asText());
        // bad arguments
        CliHarness.Run bad = CliTest.run("train", "tiny", "--plan", "lstm.kernel=kp:4x3,6x3", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("names no train data set"), bad.err());
        bad = CliTest.run("train", "tiny", "--plan", "lstm.kernel=dense", "--from", "nowhere", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("scratch or projection"), bad.err());
        bad = CliTest.run("train", "tiny", "--plan", "lstm.kernel=dense", "--precision", "half", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--precision must be float32 or float64"), bad.err());
        assertTrue(Files.exists(out));
    }
}
