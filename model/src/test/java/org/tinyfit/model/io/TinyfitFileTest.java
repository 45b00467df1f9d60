package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

class TinyfitFileTest {
    @TempDir Path dir;

    private static Network net(CellType cell, boolean lbr, long seed) {
        Random r = new Random(seed);
        List<Layer> layers = List.of(TestNets.rnn(r, "rnn", cell, 3, 5, lbr), TestNets.rnn(r, "rnn2", CellType.LSTM, 5, 4, false),
                TestNets.dense(r, "hid", 4, 6, Activation.RELU), TestNets.dense(r, "fc", 6, 3, Activation.NONE));
        return new Network("m-" + cell.id(), 7, 3, layers, List.of("a", "b", "c"),
                Map.of("task", "test", "nested", Map.of("k", List.of(1, 2))),
                Provenance.fromMap(Map.of("seed", 42, "plan", "dense")), Map.of("eval", "test.safetensors"));
    }

    private static void assertSameNetwork(Network a, Network b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.features(), b.features());
        assertEquals(a.classNames(), b.classNames());
        assertEquals(a.metadata(), b.metadata());
        assertEquals(a.provenance(), b.provenance());
        assertEquals(a.datasets(), b.datasets());
        assertEquals(a.layers().size(), b.layers().size());
        for (int i = 0; i < a.layers().size(); i++) {
            Layer x = a.layers().get(i), y = b.layers().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.typeId(), y.typeId());
            assertArrayEquals(x.kernel().toDense(), y.kernel().toDense());
            if (x instanceof RnnLayer rx) {
                RnnLayer ry = (RnnLayer) y;
                assertArrayEquals(rx.bias(), ry.bias());
                assertArrayEquals(rx.recurrentBiasH(), ry.recurrentBiasH());
                assertEquals(rx.linearBeforeReset(), ry.linearBeforeReset());
                assertArrayEquals(rx.scalars(), ry.scalars());
            } else {
                assertArrayEquals(((DenseLayer) x).bias(), ((DenseLayer) y).bias());
                assertEquals(((DenseLayer) x).activation(), ((DenseLayer) y).activation());
            }
        }
    }

    @Test
    void roundTripEveryCellTypeWithIdenticalPredictions() throws IOException {
        long seed = 1;
        for (CellType cell : CellType.values()) {
            for (boolean lbr : cell == CellType.GRU ? new boolean[] {false, true} : new boolean[] {false}) {
                Network n = net(cell, lbr, seed++);
                Path f = dir.resolve(cell.id() + lbr + ".tinyfit");
                TinyfitFile.write(n, f);
                Network back = TinyfitFile.read(f);
                assertSameNetwork(n, back);
                float[] x = TestNets.rand(new Random(seed), 5 * 21, 1);
                assertArrayEquals(Inference.logits(n, x, 5), Inference.logits(back, x, 5));
                // the same model gives the same bytes
                Path g = dir.resolve("again.tinyfit");
                TinyfitFile.write(back, g);
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
            }
        }
    }

    @Test
    void weightsMetadataIsWrittenInAFixedOrder() throws IOException {
        // Map.of iterates in an order that changes from run to run: the same model must give the same bytes in every run
        Path f = dir.resolve("order.tinyfit");
        TinyfitFile.write(TestNets.classifier(3, 4, 2, 3, 0), f);
        try (var zip = new java.util.zip.ZipFile(f.toFile())) {
            byte[] w = zip.getInputStream(zip.getEntry(TinyfitFile.WEIGHTS)).readAllBytes();
            String header = new String(w, 8, (int) java.nio.ByteBuffer.wrap(w, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(header.contains("{\"format\":\"pt\",\"producer\":\"TinyFit\"}"), header);
        }
    }

    @Test
    void denseOnlyClassifierRoundTrips() throws IOException {
        Network n = TestNets.classifier(3, 4, 2, 3, 0);
        Path f = dir.resolve("flat.tinyfit");
        TinyfitFile.write(n, f);
        assertSameNetwork(n, TinyfitFile.read(f));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path f = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private String fails(Path f) {
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> TinyfitFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    /** model.json and weights of a valid model, for tampering. */
    private Map.Entry<String, byte[]> valid() {
        var enc = TinyfitFile.encode(net(CellType.LSTM, false, 9));
        return Map.entry(new String(enc.getKey(), StandardCharsets.UTF_8), Safetensors.toBytes(enc.getValue(), Map.of()));
    }

    @Test
    void rejectsBadModelFilesWithMessages() throws IOException {
        assertThrows(NoSuchFileException.class, () -> TinyfitFile.read(dir.resolve("missing.tinyfit")));
        Path notZip = dir.resolve("text.tinyfit");
        Files.writeString(notZip, "hello");
        assertTrue(fails(notZip).startsWith(": not a .tinyfit file (not a valid zip"));
        var v = valid();
        assertEquals(": no model.json inside (not a .tinyfit model?)", fails(zip("a.tinyfit", Map.of("weights.safetensors", v.getValue()))));
        assertEquals(": no weights.safetensors inside (not a .tinyfit model?)", fails(zip("b.tinyfit", Map.of("model.json", v.getKey().getBytes()))));
        assertTrue(fails(zip("c.tinyfit", Map.of("model.json", "{oops".getBytes(), "weights.safetensors", v.getValue())))
                .startsWith("!model.json: not valid JSON"));
        String unknownType = v.getKey().replace("\"type\" : \"lstm\"", "\"type\" : \"transformer\"");
        assertEquals("!model.json: layer 'rnn' has unknown type 'transformer' (supported: lstm, gru, fastrnn, fastgrnn, dense)",
                fails(zip("d.tinyfit", Map.of("model.json", unknownType.getBytes(), "weights.safetensors", v.getValue()))));
        String wrongHidden = v.getKey().replaceFirst("\"hidden\" : 5", "\"hidden\" : 6");
        assertEquals("!model.json: layer 'rnn': tensor 'rnn.kernel' has 160 values, expected 216",
                fails(zip("e.tinyfit", Map.of("model.json", wrongHidden.getBytes(), "weights.safetensors", v.getValue()))));
        String unknownTechnique = v.getKey().replaceFirst("\"technique\" : \"dense\"", "\"technique\" : \"tt\"");
        assertTrue(fails(zip("f.tinyfit", Map.of("model.json", unknownTechnique.getBytes(), "weights.safetensors", v.getValue())))
                .startsWith("!model.json: rnn.kernel uses technique 'tt', which this TinyFit cannot read"));
        String badVersion = v.getKey().replace("\"version\" : 1", "\"version\" : 7");
        assertEquals("!model.json: format version 7 is not supported (this TinyFit reads version 1)",
                fails(zip("g.tinyfit", Map.of("model.json", badVersion.getBytes(), "weights.safetensors", v.getValue()))));
        String badShape = v.getKey().replace("\"input\" : 4,", "\"input\" : 9,");
        assertTrue(fails(zip("h.tinyfit", Map.of("model.json", badShape.getBytes(), "weights.safetensors", v.getValue())))
                .startsWith("!model.json: layer 'hid': tensor 'hid.kernel' has 24 values, expected 54"));
        byte[] truncated = java.util.Arrays.copyOf(v.getValue(), v.getValue().length - 10);
        assertTrue(fails(zip("i.tinyfit", Map.of("model.json", v.getKey().getBytes(), "weights.safetensors", truncated)))
                .startsWith("!weights.safetensors: tensor"));
        String escape = v.getKey().replace("\"test.safetensors\"", "\"../../etc/passwd\"");
        assertEquals("!model.json: data set file '../../etc/passwd' must be a plain name next to the model",
                fails(zip("j.tinyfit", Map.of("model.json", escape.getBytes(), "weights.safetensors", v.getValue()))));
    }

    @Test
    void zipBombEntryIsCappedByActualBytes() throws IOException {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Path f = dir.resolve("bomb.tinyfit");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
                z.putNextEntry(new ZipEntry("model.json"));
                byte[] spaces = new byte[1 << 20];
                java.util.Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < 20; i++) z.write(spaces); // 20 MB of spaces: compresses to a few KB
                z.closeEntry();
            }
            assertTrue(Files.size(f) < 1 << 20);
            String m = fails(f);
            assertTrue(m.equals("!model.json: decompresses to more than the limit of 16777216 bytes")
                    || m.startsWith("!model.json: is "), m);
        });
    }

    @Test
    void datasetRoundTripAndValidation() throws IOException {
        Dataset d = new Dataset("digits", 3, 2, 2, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255}, null, new int[] {0, 2, 1}, 1f / 16,
                List.of("zero", "one", "two"), Map.of("source", "unit test", "licence", "CC0"));
        Path f = dir.resolve("digits.safetensors");
        DatasetFile.write(d, f);
        Dataset back = DatasetFile.read(f);
        assertEquals("digits", back.name());
        assertArrayEquals(d.xU8(), back.xU8());
        assertArrayEquals(d.y(), back.y());
        assertEquals(d.scale(), back.scale());
        assertEquals(d.classNames(), back.classNames());
        assertEquals("unit test", back.metadata().get("source"));
        float[] in = new float[4];
        back.copyInput(2, in, 0);
        assertEquals(255f / 16, in[3]);
        assertEquals(64, DatasetFile.sha256(f).length());

        Path bad = dir.resolve("bad.safetensors");
        Safetensors.write(bad, List.of(Safetensors.Tensor.f32("x", new float[4], 1, 2, 2)), Map.of());
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> DatasetFile.read(bad));
        assertEquals(bad + ": no tensor 'y' (labels [N]); tensors: [x]", e.getMessage());
        Safetensors.write(bad, List.of(Safetensors.Tensor.f32("x", new float[4], 2, 2), Safetensors.Tensor.bytes("y", new byte[2], false, 2)), Map.of());
        e = assertThrows(TinyfitFormatException.class, () -> DatasetFile.read(bad));
        assertEquals(bad + ": x must have shape [N, T, I], got rank 2", e.getMessage());
        Safetensors.write(bad, List.of(Safetensors.Tensor.f32("x", new float[4], 1, 2, 2), Safetensors.Tensor.bytes("y", new byte[] {5}, false, 1)),
                Map.of("class_names", "[\"a\",\"b\"]"));
        e = assertThrows(TinyfitFormatException.class, () -> DatasetFile.read(bad));
        assertEquals(bad + ": label 5 of sample 0 is outside the 2 class names", e.getMessage());
        Safetensors.write(bad, List.of(Safetensors.Tensor.f32("x", new float[4], 1, 2, 2), Safetensors.Tensor.bytes("y", new byte[] {0}, false, 1)),
                Map.of("scale", "-1"));
        e = assertThrows(TinyfitFormatException.class, () -> DatasetFile.read(bad));
        assertEquals(bad + ": metadata scale must be a positive finite number, got -1", e.getMessage());
        Safetensors.write(bad, List.of(Safetensors.Tensor.f32("x", new float[4], 1, 2, 2), Safetensors.Tensor.bytes("y", new byte[] {0, 1}, false, 2)), Map.of());
        e = assertThrows(TinyfitFormatException.class, () -> DatasetFile.read(bad));
        assertEquals(bad + ": x has 1 samples but y has 2", e.getMessage());
    }

    @SuppressWarnings("unused")
    private static void write(Path f, byte[] b) throws IOException {
        try (OutputStream o = Files.newOutputStream(f)) { o.write(b); }
    }
}
