package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;

/** Compressed models store their factors and come back with identical predictions. */
class CompressedFileTest {
    @TempDir Path dir;

    static final TechniqueSpec[] SPECS = {
        new TechniqueSpec.Dense(), new TechniqueSpec.Kp(16, 2, 2, 7), new TechniqueSpec.Hkp(4, 14, 7, 2, 2),
        new TechniqueSpec.Dkp(8, 7, 4, 2, 0.05), new TechniqueSpec.Lmf(3), new TechniqueSpec.Pruned(0.9)};

    @Test void everyTechniqueAndBitWidthRoundTrips() throws Exception {
        Network net = TestNets.classifier(41, 4, 6, 3, 8, CellType.LSTM); // rnn0.kernel 32 x 14
        float[] x = TestNets.rand(new Random(5), 3 * 24, 1.0);
        int i = 0;
        for (TechniqueSpec t : SPECS) for (int bits : new int[] {32, 16, 8, 4, 2}) for (Activations act : Activations.values()) {
            CompressionPlan plan = new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(t, bits),
                    "fc.kernel", new MatrixPlan(new TechniqueSpec.Dense(), bits)), act);
            Network c = Compressor.apply(net, plan);
            Path f = dir.resolve("m" + (i++) + ".tinyfit");
            TinyfitFile.write(c, f);
            Network back = TinyfitFile.read(f);
            String what = t + " " + bits + " " + act;
            assertArrayEquals(Inference.logits(c, x, 3), Inference.logits(back, x, 3), 0f, what);
            assertEquals(c.layers().get(0).kernel().storedValues(), back.layers().get(0).kernel().storedValues(), what);
            if (c.layers().get(0).kernel() instanceof CompressedOp co) {
                CompressedOp bo = assertInstanceOf(CompressedOp.class, back.layers().get(0).kernel());
                assertEquals(co.plan(), bo.plan(), what);
                assertEquals(co.runsInt8(), bo.runsInt8(), what);
            }
        }
    }

    @Test void factorsAreStoredNotTheReconstruction() throws Exception {
        Network net = TestNets.classifier(42, 4, 6, 3, 8, CellType.GRU); // 24 x 14
        Network c = Compressor.apply(net, new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(12, 7, 2, 2), 8)), Activations.FLOAT32));
        Path f = dir.resolve("kp.tinyfit");
        TinyfitFile.write(c, f);
        Safetensors.Contents w = Safetensors.read(unzip(f, TinyfitFile.WEIGHTS), "weights");
        assertFalse(w.tensors().containsKey("rnn0.kernel"));
        assertEquals(Safetensors.DType.I8, w.tensors().get("rnn0.kernel.b").dtype());
        assertArrayEquals(new long[] {12, 7}, w.tensors().get("rnn0.kernel.b").shape());
        assertArrayEquals(new long[] {2, 2}, w.tensors().get("rnn0.kernel.c").shape());
        String json = new String(unzip(f, TinyfitFile.MODEL_JSON), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"technique\":\"kp\"") || json.contains("\"technique\" : \"kp\""), json);
    }

    @Test void inconsistentKernelsAreRejectedWithTheMatrixName() throws Exception {
        Network net = TestNets.classifier(43, 4, 6, 3, 8, CellType.LSTM);
        Network c = Compressor.apply(net, new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Pruned(0.5), 8)), Activations.FLOAT32));
        Path f = dir.resolve("p.tinyfit");
        TinyfitFile.write(c, f);
        String json = new String(unzip(f, TinyfitFile.MODEL_JSON), StandardCharsets.UTF_8);
        // a kp kernel whose factors don't multiply out, a bit width out of range, a missing scale
        for (String bad : new String[] {
                json.replaceFirst("\"bits\"\\s*:\\s*8", "\"bits\":9"),
                json.replaceFirst("\"scales\"\\s*:\\s*\\{[^}]*}", "\"scales\":{}"),
                json.replaceFirst("\"row_ptr\"\\s*:\\s*\"rnn0.kernel.row_ptr\"", "\"row_ptr\":\"rnn0.kernel.col\"")}) {
            assertTrue(!bad.equals(json), "the test edit applies");
            Path g = dir.resolve("bad.tinyfit");
            rezip(f, g, bad);
            Exception e = assertThrows(java.io.IOException.class, () -> TinyfitFile.read(g));
            assertTrue(e.getMessage().contains("rnn0.kernel") && e.getMessage().contains("bad.tinyfit"), e.getMessage());
        }
    }

    static byte[] unzip(Path f, String entry) throws Exception {
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(f))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) if (e.getName().equals(entry)) return z.readAllBytes();
        }
        throw new AssertionError("no " + entry);
    }

    static void rezip(Path f, Path g, String modelJson) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            z.putNextEntry(new ZipEntry(TinyfitFile.MODEL_JSON));
            z.write(modelJson.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry(TinyfitFile.WEIGHTS));
            z.write(unzip(f, TinyfitFile.WEIGHTS));
        }
        Files.write(g, bo.toByteArray());
    }
}
