package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

class CliTest {
    @TempDir static Path home;
    static Network net;
    static Dataset data;
    static String oldHome;

    static CliHarness.Run run(String... args) { return CliHarness.run(args); }

    @BeforeAll
    static void sampleHome() throws Exception {
        Random r = new Random(5);
        float[] w = new float[4 * 6 * (3 + 6)];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        float[] fw = new float[3 * 6];
        for (int i = 0; i < fw.length; i++) fw[i] = (float) r.nextGaussian();
        net = new Network("tiny", 4, 3, List.of(
                new RnnLayer("lstm", CellType.LSTM, 3, 6, new DenseOp(w, 24, 9), new float[24], null, false, null),
                new DenseLayer("fc", 6, 3, new DenseOp(fw, 3, 6), new float[3], Activation.NONE)),
                List.of("a", "b", "c"), Map.of(), Provenance.fromMap(Map.of("seed", 1)), Map.of("eval", "test.safetensors"));
        int n = 300;
        byte[] x = new byte[n * 12];
        r.nextBytes(x);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(3);
        data = new Dataset("test", n, 4, 3, x, null, y, 1f / 255, List.of("a", "b", "c"), Map.of("source", "random"));
        Path dir = home.resolve("sample-models/tiny");
        Files.createDirectories(dir);
        TinyfitFile.write(net, dir.resolve("tiny.tinyfit"));
        DatasetFile.write(data, dir.resolve("test.safetensors"));
        oldHome = CliHarness.setHome(home);
    }

    @AfterAll
    static void restore() { CliHarness.restoreHome(oldHome); }

    @Test
    void infoListsLayersMatricesAndParams() throws Exception {
        CliHarness.Run r = run("info", "tiny");
        assertEquals(0, r.code(), r.err());
        // lstm: 24*9 + 24 = 240; fc: 18 + 3 = 21; total 261
        assertTrue(r.out().contains("params    261"), r.out());
        assertTrue(r.out().contains("lstm.kernel"));
        assertTrue(r.out().contains("24x9"));
        JsonNode j = new ObjectMapper().readTree(run("info", "tiny", "--json").out());
        assertEquals(261, j.get("params").asInt());
        assertEquals("fc.kernel", j.get("layers").get(1).get("matrix").asText());
        assertEquals("[3,6]", j.get("layers").get(1).get("shape").toString());
        assertTrue(j.get("datasets").get("eval").get("exists").asBoolean());
    }

    @Test
    void evalJsonMatchesAnIndependentCount() throws Exception {
        float[] x = new float[data.n() * 12];
        for (int i = 0; i < data.n(); i++) data.copyInput(i, x, i * 12);
        float[] logits = Inference.logits(net, x, data.n());
        int correct = 0;
        for (int i = 0; i < data.n(); i++) if (Inference.argmax(logits, i, 3) == data.y()[i]) correct++;
        CliHarness.Run r = run("eval", "tiny", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("tiny", j.get("model").asText());
        assertEquals(261, j.get("params").asInt());
        assertEquals((double) correct / data.n(), j.get("accuracy").asDouble(), 1e-12);
        assertEquals(300, j.get("samples").asInt());
        assertEquals("as-stored", j.get("accuracy_kind").asText());
        assertTrue(j.get("accuracy_ci").get(0).asDouble() < j.get("accuracy").asDouble());
        CliHarness.Run lim = run("eval", home.resolve("sample-models/tiny/tiny.tinyfit").toString(), "--limit", "50", "--json");
        assertEquals(50, new ObjectMapper().readTree(lim.out()).get("samples").asInt());
        CliHarness.Run text = run("eval", "tiny");
        assertTrue(text.out().contains("measured on 300 samples"), text.out());
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        CliHarness.Run r = run("info", "nosuch");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tinyfit: 'nosuch' is neither a file nor a sample model (sample models: tiny)"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Path junk = home.resolve("junk.tinyfit");
        Files.writeString(junk, "not a zip");
        r = run("eval", junk.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tinyfit: " + junk + ": not a .tinyfit file"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        r = run("eval", "tiny", "--limit", "0");
        assertEquals(2, r.code());
        assertEquals("tinyfit: --limit must be positive, got 0", r.err().strip());
        r = run("eval", "tiny", "--data", home.resolve("missing.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.safetensors: no such file"), r.err());
        r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unmatched argument"), r.err());
    }
}
