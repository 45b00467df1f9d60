package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlainDecimal;
import org.tinyfit.model.plan.PlanException;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;

/** Issue 16 at the level of the readers and writers: each break with its reproducer. */
class HardeningTest {
    @TempDir Path dir;

    static Network net() {
        Random r = new Random(16);
        return new Network("m", 5, 4, List.of(TestNets.rnn(r, "rnn", CellType.LSTM, 4, 8, false), TestNets.dense(r, "fc", 8, 3, Activation.NONE)),
                List.of("a", "b", "c"), Map.of(), org.tinyfit.model.provenance.Provenance.NONE, Map.of());
    }

    /** A .tinyfit whose model.json and tensors went through {@code edit}. */
    private Path model(String file, Network net, java.util.function.UnaryOperator<String> jsonEdit,
                       java.util.function.UnaryOperator<List<Safetensors.Tensor>> tensorEdit) throws IOException {
        var enc = TinyfitFile.encode(net);
        String json = jsonEdit.apply(new String(enc.getKey(), StandardCharsets.UTF_8));
        byte[] weights = Safetensors.toBytes(tensorEdit.apply(new ArrayList<>(enc.getValue())), Map.of());
        Path p = dir.resolve(file);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("model.json"));
            z.write(json.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("weights.safetensors"));
            z.write(weights);
        }
        return p;
    }

    private static List<Safetensors.Tensor> replace(List<Safetensors.Tensor> ts, String name, Safetensors.Tensor t) {
        List<Safetensors.Tensor> out = new ArrayList<>();
        for (Safetensors.Tensor x : ts) out.add(x.name().equals(name) ? t : x);
        return out;
    }

    private static String fails(Path p) {
        return assertThrows(TinyfitFormatException.class, () -> TinyfitFile.read(p)).getMessage();
    }

    // ------------------------------------------------------------------ accepted but wrong

    @Test
    void denseKernelMustHaveItsExactShape() throws IOException {
        Network n = net();
        float[] w = n.layers().get(1).kernel().toDense(); // fc: 3 x 8
        for (long[] shape : new long[][] {{8, 3}, {24}, {3, 8, 1}}) {
            Path p = model("shape.tinyfit", n, s -> s, ts -> replace(ts, "fc.kernel", Safetensors.Tensor.f32("fc.kernel", w, shape)));
            String m = fails(p);
            assertTrue(m.contains("tensor 'fc.kernel' has shape " + java.util.Arrays.toString(shape) + ", expected [3, 8]"), m);
        }
        // a bias must be a vector too
        float[] b = new float[3];
        Path p = model("bias.tinyfit", n, s -> s, ts -> replace(ts, "fc.bias", Safetensors.Tensor.f32("fc.bias", b, 1, 3)));
        assertTrue(fails(p).contains("tensor 'fc.bias' has shape [1, 3], expected [3]"));
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTheTensorName() throws IOException {
        Network n = net();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] w = n.layers().get(0).kernel().toDense().clone();
            w[17] = bad;
            long[] shape = {32, 12};
            Path p = model("nan.tinyfit", n, s -> s, ts -> replace(ts, "rnn.kernel", Safetensors.Tensor.f32("rnn.kernel", w, shape)));
            String m = fails(p);
            assertTrue(m.contains("tensor 'rnn.kernel' holds") && m.contains("(value 17 of 384)"), m);
        }
        float[] b = new float[3];
        b[1] = Float.NaN;
        Path p = model("nanbias.tinyfit", n, s -> s, ts -> replace(ts, "fc.bias", Safetensors.Tensor.f32("fc.bias", b, 3)));
        assertTrue(fails(p).contains("tensor 'fc.bias' holds NaN"));
    }

    @Test
    void outOfRangeSettingsInModelFilesAreRefusedWithTheirRange() throws IOException {
        Network pruned = Compressor.apply(net(), PlanText.parse("rnn.kernel=prune:0.5"));
        Path p = model("sparsity.tinyfit", pruned, s -> s.replaceFirst("\"sparsity\" : [0-9.]+", "\"sparsity\" : 2"), ts -> ts);
        assertTrue(fails(p).contains("\"sparsity\" is 2, must be in [0, 1)"), fails(p));
        Network dkp = Compressor.apply(net(), PlanText.parse("rnn.kernel=dkp:4x2,8x6:0.1"));
        Path d = model("density.tinyfit", dkp, s -> s.replaceFirst("\"density\" : [0-9.]+", "\"density\" : 1.5"), ts -> ts);
        assertTrue(fails(d).contains("\"density\" is 1.5, must be in (0, 1]"), fails(d));
        // the untouched files read back
        TinyfitFile.read(model("ok.tinyfit", pruned, s -> s, ts -> ts));
    }

    // ------------------------------------------------------------------ safetensors header

    private static byte[] st(String header, int data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    /** The message of reading {@code b} as a stream (a zip entry); small inputs also as bytes (a file). */
    private static String stFails(byte[] b) {
        String m = assertThrows(TinyfitFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(b), "s", new MemoryBudget(1 << 30))).getMessage();
        if (b.length < 1 << 16) {
            String m2 = assertThrows(TinyfitFormatException.class, () -> Safetensors.read(b, "s")).getMessage();
            assertEquals(m, m2);
        }
        assertTrue(m.startsWith("s: "), m);
        return m.substring(3);
    }

    @Test
    void headerBudgets() {
        assertEquals("__metadata__ has more than 10000 entries",
                stFails(st("{\"__metadata__\":{" + String.join(",", Stream.iterate(0, i -> i + 1).limit(10_001).map(i -> "\"k" + i + "\":\"\"").toList()) + "}}", 0)));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= Safetensors.MAX_TENSORS; i++) many.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}");
        assertEquals("header lists more than the limit of 100000 tensors", stFails(st(many.append('}').toString(), 0)));
        assertEquals("tensor 'x' has rank 9, more than 8", stFails(st("{\"x\":{\"dtype\":\"U8\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,1]}}", 1)));
        assertEquals("header must be a JSON object", stFails(st("[0,0,0,0]", 0)));
        // unknown fields are skipped, and every token of them counts
        StringBuilder deep = new StringBuilder("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"pad\":[");
        for (int i = 0; i < SafetensorsHeader.MAX_TOKENS; i++) deep.append(i == 0 ? "0" : ",0");
        String m = stFails(st(deep.append("]}}").toString(), 1));
        assertTrue(m.startsWith("header has more than 2500000 JSON tokens"), m);
        assertEquals("header is not valid JSON (text after the object)", stFails(st("{} {}", 0)));
    }

    @Test
    void streamedWeightsAreCheckedForTruncationAndTrailingBytes() throws IOException {
        byte[] ok = Safetensors.toBytes(List.of(Safetensors.Tensor.f32("a", new float[] {1, 2}, 2)), Map.of());
        var c = Safetensors.read(new ByteArrayInputStream(ok), "s", new MemoryBudget(1 << 20));
        assertArrayEquals(new float[] {1, 2}, c.tensors().get("a").toFloats());
        byte[] more = java.util.Arrays.copyOf(ok, ok.length + 3);
        assertTrue(assertThrows(TinyfitFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(more), "s", new MemoryBudget(1 << 20)))
                .getMessage().contains("trailing bytes"));
        byte[] less = java.util.Arrays.copyOf(ok, ok.length - 3);
        assertTrue(assertThrows(TinyfitFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(less), "s", new MemoryBudget(1 << 20)))
                .getMessage().contains("(truncated file?)"));
        String m = assertThrows(TinyfitFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(ok), "s", new MemoryBudget(1 << 20, 4)))
                .getMessage();
        assertTrue(m.contains("the tensors' data needs 8 bytes, more than this process can afford"), m);
    }

    // ------------------------------------------------------------------ bounded reads

    @Test
    void boundedReadCountsWhatArrives() throws IOException {
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertEquals(0, Files.size(zero));
            String m = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(TinyfitFormatException.class, () -> BoundedRead.bytes(zero, 1 << 20, "a plan file")).getMessage());
            assertEquals("/dev/zero: is larger than the limit of 1048576 bytes for a plan file", m);
            Path link = dir.resolve("link.json");
            Files.createSymbolicLink(link, zero);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> org.tinyfit.model.device.DeviceJson.read(link)).getMessage()
                    .startsWith(link + ": is larger than the limit"));
        }
        Path f = dir.resolve("latin1.plan");
        Files.write(f, new byte[] {'*', '=', (byte) 0xe9});
        assertEquals(f + ": is not UTF-8 text (not a plan file?)", assertThrows(TinyfitFormatException.class, () -> PlanFile.read(f)).getMessage());
        Files.writeString(f, "  \n\n ");
        assertTrue(assertThrows(TinyfitFormatException.class, () -> PlanFile.read(f)).getMessage().contains("the plan file is empty"));
        Files.writeString(f, "rnn.kernel=lmf:2\nfc.kernel=dense\n");
        CompressionPlan p = PlanFile.read(f);
        assertTrue(PlanText.format(p).contains("rnn.kernel=lmf:2"), PlanText.format(p));
        assertTrue(assertThrows(TinyfitFormatException.class, () -> BoundedRead.bytes(dir, 10, "a plan file")).getMessage().endsWith("is a folder, not a plan file"));
    }

    // ------------------------------------------------------------------ plan numbers

    @Test
    void planDecimalsAreLinearAndCapped() {
        for (String ok : new String[] {"0.9", ".5", "1e-4", "3", "2.", "1E+2", "0.25e1"}) assertTrue(PlainDecimal.matches(ok), ok);
        for (String bad : new String[] {"", ".", "e5", "1e", "1e+", "-1", "0x1", "1.2.3", "1 ", "0".repeat(33)}) assertFalse(PlainDecimal.matches(bad), bad);
        String digits = "0".repeat(60_000) + "x";
        String m = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(PlanException.class, () -> PlanText.parse("rnn.kernel=prune:" + digits)).getMessage());
        assertTrue(m.length() < 300 && m.contains("(60001 characters)"), m);
    }

    // ------------------------------------------------------------------ writes

    @Test
    void atomicWriteReplacesWholeFilesAndLeavesNoTemporaries() throws IOException {
        Path csv = dir.resolve("costs.csv");
        AtomicWrite.writeString(csv, "old\n");
        AtomicWrite.writeString(csv, "new\n");
        assertEquals("new\n", Files.readString(csv));
        // a temporary of a killed process, two hours old, goes with the next write of the same file
        Path stale = dir.resolve(".costs.csv.123." + "x" + AtomicWrite.TMP_SUFFIX);
        Files.writeString(stale, "partial");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        AtomicWrite.writeString(csv, "newer\n");
        assertFalse(Files.exists(stale));
        // a folder of files: when one cannot be replaced, none is, and no temporary stays
        Path out = Files.createDirectories(dir.resolve("c"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tinyfit_model.h", "h1");
        files.put("tinyfit_model.c", "c1");
        AtomicWrite.writeFolder(out, files);
        Files.createDirectories(out.resolve("main.c").resolve("sub"));
        files.put("tinyfit_model.h", "h2");
        files.put("main.c", "m2");
        assertThrows(IOException.class, () -> AtomicWrite.writeFolder(out, files));
        assertEquals("h1", Files.readString(out.resolve("tinyfit_model.h")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.filter(x -> x.getFileName().toString().endsWith(AtomicWrite.TMP_SUFFIX)).toList());
        }
        assertEquals(0, AtomicWrite.inFlight().size());
        // a name the user chose may hold anything a file name may; a long one gets a shorter temporary
        Path spaced = dir.resolve("my costs (v2) \u00e9.csv");
        AtomicWrite.writeString(spaced, "x");
        Path longName = dir.resolve("n".repeat(240) + ".csv");
        AtomicWrite.writeString(longName, "y");
        assertEquals("y", Files.readString(longName));
        assertThrows(IllegalArgumentException.class, () -> AtomicWrite.writeFolder(out, Map.of("../x", "z")));
    }

    @Test
    void namesBecomeFileNamesInsideTheFolder() {
        Path out = dir.resolve("out");
        for (String hostile : new String[] {"../../../../tmp/x", "/tmp/x", "..", ".", "", "a\u0000b", "con\\..\\x", "\u00e9t\u00e9"}) {
            Path f = SafeNames.inside(out, hostile, ".tinyfit");
            assertEquals(out, f.getParent(), hostile);
            assertTrue(SafeNames.isPlainFileName(f.getFileName().toString()), f.toString());
        }
        assertEquals("mnist-lstm.tinyfit", SafeNames.fileName("mnist-lstm", ".tinyfit"));
        assertTrue(SafeNames.nameProblem("../../x").contains("'/'"));
        assertTrue(SafeNames.nameProblem("a\u0000b").contains("control"));
        assertEquals(null, SafeNames.nameProblem("my model (v2)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ImportOptions(null, "../../x")).getMessage()
                .startsWith("the model name '../../x' must not contain '/'"));
    }
}
