package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * The reproducers of issue 16 through the command line, in a JVM of {@code -Xmx256m} (the
 * surefire execution {@code hostile-input-256m} runs the tests tagged {@code hostile}): each
 * ends with one line on stderr that names the file, and exit code 2; none runs out of memory.
 * The large files are made here, most of them sparse or compressed, never committed.
 */
@Tag("hostile")
class HostileInputCliTest {
    @TempDir static Path dir;
    static Network net;
    static Path model;
    static byte[] onnx;

    @BeforeAll
    static void files() throws Exception {
        Random r = new Random(16);
        int nI = 3, nH = 5, nK = 4, nT = 6;
        float[] w = new float[4 * nH * (nI + nH)], b = new float[4 * nH], fw = new float[nK * nH], fb = new float[nK];
        for (float[] a : List.of(w, b, fw, fb)) for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * 0.7);
        net = new Network("orig", nT, nI, List.of(
                new RnnLayer("lstm", CellType.LSTM, nI, nH, new DenseOp(w, 4 * nH, nI + nH), b, null, false, null),
                new DenseLayer("fc", nH, nK, new DenseOp(fw, nK, nH), fb, Activation.NONE)), null, Map.of(), org.tinyfit.model.provenance.Provenance.NONE, Map.of());
        model = dir.resolve("orig.tinyfit");
        TinyfitFile.write(net, model);
        onnx = OnnxExport.of(net, false).toByteArray();
    }

    /** Runs the CLI; checks exit code 2 and one line on stderr naming {@code file}; returns that line. */
    static String refused(Object file, String... args) {
        CliHarness.Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliHarness.run(args));
        assertEquals(2, r.code(), "exit code; stderr: " + r.err() + " stdout: " + r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("tinyfit: "), err);
        if (file != null) assertTrue(err.contains(file.toString()), "names " + file + ": " + err);
        assertFalse(err.contains("Exception") && err.contains("\tat "), err);
        return err;
    }

    // ------------------------------------------------------------------ ONNX

    private static ModelProto valid() throws IOException {
        return ModelProto.parseFrom(onnx);
    }

    private static TensorProto int64(String name, long... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length);
        for (long x : v) t.addInt64Data(x);
        return t.build();
    }

    /** The valid graph with the Gemm's bias C replaced by {@code bias}, computed by {@code extra} nodes. */
    private static Path onnxWithBias(String file, String bias, List<NodeProto> extra, List<TensorProto> inits) throws IOException {
        GraphProto.Builder g = valid().getGraph().toBuilder();
        List<NodeProto> nodes = new ArrayList<>(g.getNodeList());
        NodeProto gemm = nodes.remove(nodes.size() - 1);
        nodes.addAll(extra);
        nodes.add(gemm.toBuilder().setInput(2, bias).build());
        g.clearNode().addAllNode(nodes).addAllInitializer(inits);
        Path p = dir.resolve(file);
        Files.write(p, valid().toBuilder().setGraph(g).build().toByteArray());
        return p;
    }

    private static NodeProto node(String op, String out, AttributeProto attr, String... in) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName("/" + out).addOutput(out);
        for (String s : in) n.addInput(s);
        if (attr != null) n.addAttribute(attr);
        return n.build();
    }

    private static AttributeProto fill(int type) {
        TensorProto.Builder v = TensorProto.newBuilder().setDataType(type).addDims(1);
        if (type == 7) v.addInt64Data(0); else v.addFloatData(0f);
        return AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(v).build();
    }

    @Test
    void constantOfShapeAtTheElementLimitIsRefusedInBytes() throws Exception {
        for (int type : new int[] {1, 7}) {
            Path p = onnxWithBias("cos" + type + ".onnx", "big", List.of(node("ConstantOfShape", "big", fill(type), "shape")),
                    List.of(int64("shape", 134_217_728L)));
            String err = refused(p, "import", p.toString(), "--out", dir.resolve("x.tinyfit").toString());
            assertTrue(err.contains("ConstantOfShape") && err.contains("more than this process can afford"), err);
        }
    }

    @Test
    void threeFoldedConstantsUnderTheOldFoldingLimitAreRefused() throws Exception {
        List<NodeProto> n = List.of(node("ConstantOfShape", "a", fill(1), "shape"), node("ConstantOfShape", "b", fill(1), "shape"),
                node("ConstantOfShape", "c", fill(1), "shape"), node("Add", "ab", null, "a", "b"), node("Add", "big", null, "ab", "c"));
        Path p = onnxWithBias("three.onnx", "big", n, List.of(int64("shape", 40_000_000L)));
        assertTrue(refused(p, "eval", p.toString()).contains("more than this process can afford"));
    }

    @Test
    void gemmWithoutWeightIsAMessage() throws Exception {
        for (String variant : new String[] {"missing", "empty"}) {
            GraphProto.Builder g = valid().getGraph().toBuilder();
            int last = g.getNodeCount() - 1;
            NodeProto gemm = g.getNode(last);
            NodeProto.Builder nb = gemm.toBuilder().clearInput().addInput(gemm.getInput(0));
            if (variant.equals("empty")) nb.addInput("").addInput(gemm.getInput(2));
            g.setNode(last, nb);
            Path p = dir.resolve("gemm-" + variant + ".onnx");
            Files.write(p, valid().toBuilder().setGraph(g).build().toByteArray());
            assertTrue(refused(p, "info", p.toString()).contains("the Gemm weight B is missing"), variant);
        }
    }

    @Test
    void largeFileWithAnUnusedInitializerIsRefusedBeforeItIsRead() throws Exception {
        // the valid model, then a second graph field (protobuf merges it) holding a 200 MB
        // initializer that no node uses; the zeros are a hole in a sparse file
        long data = 200L << 20;
        ByteArrayOutputStream tensorHead = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tensorHead);
        t.writeString(8, "unused");
        t.writeInt32(2, 1);
        t.writeInt64(1, data / 4);
        t.writeTag(9, 2);
        t.writeUInt64NoTag(data);
        t.flush();
        long tensorLen = tensorHead.size() + data;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        CodedOutputStream h = CodedOutputStream.newInstance(head);
        h.writeTag(7, 2); // ModelProto.graph
        h.writeUInt64NoTag(1 + CodedOutputStream.computeUInt64SizeNoTag(tensorLen) + tensorLen);
        h.writeTag(5, 2); // GraphProto.initializer
        h.writeUInt64NoTag(tensorLen);
        h.flush();
        Path p = dir.resolve("unused-200mb.onnx");
        try (OutputStream o = Files.newOutputStream(p)) {
            o.write(onnx);
            o.write(head.toByteArray());
            o.write(tensorHead.toByteArray());
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(f.length() + data);
        }
        String err = refused(p, "import", p.toString(), "--out", dir.resolve("y.tinyfit").toString());
        assertTrue(err.contains("more than this process can afford"), err);
    }

    // ------------------------------------------------------------------ .tinyfit and safetensors

    private static byte[] header(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + j.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(j.length).put(j);
        return b.array();
    }

    private static byte[] modelJson() throws IOException {
        try (var z = new java.util.zip.ZipFile(model.toFile())) {
            return z.getInputStream(z.getEntry("model.json")).readAllBytes();
        }
    }

    @Test
    void weightsThatInflateTo900MbAreRefusedBeforeTheyAreRead() throws Exception {
        long n = 900L << 20;
        Path p = dir.resolve("bomb.tinyfit");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.setLevel(java.util.zip.Deflater.BEST_SPEED); // 3x faster than the default level on zeros
            z.putNextEntry(new ZipEntry("model.json"));
            z.write(modelJson());
            z.putNextEntry(new ZipEntry("weights.safetensors"));
            z.write(header("{\"lstm.kernel\":{\"dtype\":\"U8\",\"shape\":[" + n + "],\"data_offsets\":[0," + n + "]}}"));
            byte[] zeros = new byte[1 << 20];
            for (long i = 0; i < n; i += zeros.length) z.write(zeros);
        }
        assertTrue(Files.size(p) < 8L << 20, "a small file: " + Files.size(p));
        String err = refused(p, "info", p.toString());
        assertTrue(err.contains("weights.safetensors") && err.contains("more than this process can afford"), err);
    }

    @Test
    void hostileSafetensorsHeadersAreRefusedWithoutATree() throws Exception {
        // a JSON array of zeros, far under the old 100 MB header limit, as a data set and inside a model
        StringBuilder zeros = new StringBuilder(12 << 20).append('[');
        for (int i = 0; i < 6_000_000; i++) zeros.append(i == 0 ? "0" : ",0");
        byte[] arr = header(zeros.append(']').toString());
        zeros.setLength(0);
        Path ds = dir.resolve("zeros.safetensors");
        Files.write(ds, arr);
        assertTrue(refused(ds, "eval", model.toString(), "--data", ds.toString()).contains("header must be a JSON object"));
        Path inZip = dir.resolve("zeros.tinyfit");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(inZip))) {
            z.putNextEntry(new ZipEntry("model.json"));
            z.write(modelJson());
            z.putNextEntry(new ZipEntry("weights.safetensors"));
            z.write(arr);
        }
        assertTrue(refused(inZip, "info", inZip.toString()).contains("header must be a JSON object"));
        // a million metadata keys (the nine million do not fit the 16 MB header cap at all)
        StringBuilder meta = new StringBuilder(16 << 20).append("{\"__metadata__\":{");
        for (int i = 0; i < 1_000_000; i++) meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"\"");
        Path many = dir.resolve("meta.safetensors");
        Files.write(many, header(meta.append("}}").toString()));
        meta.setLength(0);
        assertTrue(refused(many, "eval", model.toString(), "--data", many.toString()).contains("more than 10000 entries"));
        // a 99 MB header length is refused before it is read
        Path big = dir.resolve("big-header.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(99L << 20).array());
            f.setLength(8 + (99L << 20));
        }
        assertTrue(refused(big, "eval", model.toString(), "--data", big.toString()).contains("exceeds the limit"));
    }

    @Test
    void truncatedModelNamesTheFile() throws Exception {
        byte[] all = Files.readAllBytes(model);
        for (int cut : new int[] {all.length / 3, all.length / 2, all.length - 30}) {
            Path p = dir.resolve("cut" + cut + ".tinyfit");
            Files.write(p, java.util.Arrays.copyOf(all, cut));
            String err = refused(p, "info", p.toString());
            assertFalse(err.contains("cannot read (EOFException)"), err);
        }
    }

    // ------------------------------------------------------------------ names and writes

    @Test
    void hostileModelNamesNeverWriteOutsideTheFolder() throws Exception {
        Path out = Files.createDirectories(dir.resolve("export-here"));
        for (String name : new String[] {"../../../../tmp/x", dir.resolve("abs").toString()}) {
            Path m = dir.resolve("named.tinyfit");
            TinyfitFile.write(net.withName(name), m);
            CliHarness.Run r = CliHarness.run("export", m.toString(), "--format", "tinyfit", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            CliHarness.Run c = CliHarness.run("export", m.toString(), "--format", "csv", "--out", out.toString());
            assertEquals(0, c.code(), c.err());
        }
        try (var l = Files.list(out)) {
            List<Path> files = l.toList();
            assertEquals(4, files.size(), files.toString());
            for (Path f : files) assertEquals(out, f.getParent());
        }
        assertFalse(Files.exists(dir.resolve("abs.tinyfit")));
        String err = refused(null, "import", dir.resolve("none.onnx").toString(), "--out", dir.resolve("n.tinyfit").toString());
        assertTrue(err.contains("no such file"), err);
        Path onnxFile = dir.resolve("named.onnx");
        Files.write(onnxFile, onnx);
        err = refused(null, "import", onnxFile.toString(), "--out", dir.resolve("n.tinyfit").toString(), "--name", "../../x");
        assertTrue(err.contains("the model name '../../x' must not contain '/'"), err);
    }

    // ------------------------------------------------------------------ plans, devices, data

    @Test
    void hugeAndEmptyPlanFilesAreRefused() throws Exception {
        for (String f : new String[] {"huge.json", "huge.plan"}) {
            Path p = dir.resolve(f);
            try (RandomAccessFile r = new RandomAccessFile(p.toFile(), "rw")) {
                r.write('{');
                r.setLength(3L << 30); // 3 GB, sparse
            }
            assertTrue(refused(p, "eval", model.toString(), "--plan", p.toString()).contains("larger than the limit"));
        }
        Path empty = dir.resolve("empty.plan");
        Files.writeString(empty, " \n\t\n");
        assertTrue(refused(empty, "eval", model.toString(), "--plan", empty.toString()).contains("empty"));
    }

    @Test
    void longPlanNumberIsLinearAndCapped() {
        String plan = "lstm.kernel=prune:" + "0".repeat(60_000) + "x";
        String err = refused(null, "eval", model.toString(), "--plan", plan);
        assertTrue(err.contains("must be a decimal number") && err.length() < 400, err.length() + " characters");
    }

    @Test
    void devZeroAsDeviceFileIsBounded() {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) return;
        assertTrue(refused(zero, "devices", "--devices", zero.toString()).contains("larger than the limit"));
    }

    @Test
    void folderAsDataAndMissingNamesAreClear() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data-folder"));
        assertTrue(refused(folder, "eval", model.toString(), "--data", folder.toString()).contains("is a folder"));
        String bad = dir.resolve("caf\uFFFD.tinyfit").toString();
        assertTrue(refused(null, "info", bad).contains("not valid"));
    }
}
