package org.tinyfit.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.model.provenance.Provenance;

/** The one export path of the CLI and the window: effective plan, provenance of the written model, test vectors. */
class ExportServiceTest {
    @TempDir Path dir;
    static final Device DEV = DeviceCatalog.builtIn().get("nucleo-f746zg");
    static final MatrixPlan KP = new MatrixPlan(new TechniqueSpec.Kp(8, 3, 5, 5), 32);
    Dataset data;
    Path trainedFile;
    Network trained;

    /** A "trained" KP model (rnn0.kernel 40x15 stored as KP) beside its eval set, with a trainer's provenance. */
    @BeforeEach
    void setUp() throws IOException {
        Network net = TestNets.classifier(5, 6, 5, 3, 10, CellType.LSTM);
        Network kp = Compressor.apply(net, new CompressionPlan(Map.of("rnn0.kernel", KP), Activations.FLOAT32));
        int n = 40;
        byte[] x = new byte[n * 6 * 5];
        new Random(2).nextBytes(x);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        data = new Dataset("test", n, 6, 5, x, null, y, 1f / 255, List.of("0", "1", "2"), Map.of());
        DatasetFile.write(data, dir.resolve("test.safetensors"));
        Provenance prov = Provenance.trained(PlanText.format(Compressor.effectivePlan(kp, null)), "scratch", "test",
                new Provenance.DataRef("train", null, 100L, "abc"), new Provenance.DataRef("test", null, 40L, null), 3, 7, null,
                new Provenance.Accuracy(0.5, 0.4, 0.6), 1, "t", "2026-01-01");
        trained = kp.withProvenance(prov).withDatasets(Map.of("eval", "test.safetensors"));
        trainedFile = dir.resolve("test.kp.tinyfit");
        TinyfitFile.write(trained, trainedFile);
    }

    static double accuracy(Network n, Dataset d) {
        return new StreamingEvaluator().evaluate(n, d, null, () -> false).accuracy();
    }

    @Test void aStoredCompressedModelIsCostAsStoredUnderAnEmptyPlan() throws IOException {
        for (CompressionPlan p : java.util.Arrays.asList(null, CompressionPlan.none())) {
            var r = ExportService.costs(new ExportService.Source(trained, trainedFile, p), DEV, CostOptions.DEFAULT, dir.resolve("c.csv")).report();
            var expected = CostModel.estimate(trained, Compressor.effectivePlan(trained, null), DEV, CostOptions.DEFAULT);
            assertEquals(expected.params(), r.params());
            assertEquals(trained.params(), r.params(), "the KP factors, not a dense matrix");
            assertEquals(expected.flashBytes(), r.flashBytes());
            assertTrue(Files.readString(dir.resolve("c.csv")).contains("kp"));
        }
    }

    @Test void quantizingATrainedModelRecordsItsOwnAccuracyAndItsParent() throws IOException {
        CompressionPlan q = PlanText.parse("rnn0.kernel=kp:8x3,5x5/int4", trained);
        Path out = dir.resolve("test.kp-int4.tinyfit");
        ExportService.ModelExported x = ExportService.model(new ExportService.Source(trained, trainedFile, q), out, "v");
        Network back = TinyfitFile.read(out);
        Provenance p = back.provenance();
        assertEquals(ModelKind.QUANTIZED_AFTER_TRAINING, p.kind());
        assertEquals("rnn0.kernel=kp:8x3,5x5/int4;fc.kernel=dense", p.plan(), "the effective plan, stored fc included");
        assertEquals(PlanText.format(Compressor.effectivePlan(back, null)), p.plan());
        assertEquals("test.kp.tinyfit", p.parent().file());
        assertEquals(ModelKind.TRAINED, p.parent().kind());
        assertEquals(0.5, p.parent().accuracy().value());
        assertEquals(accuracy(back, data), p.accuracy().value(), 0.0, "measured on the file as written");
        assertEquals(x.accuracy().accuracy(), p.accuracy().value(), 0.0);
        assertEquals(40L, p.evalData().samples());
        assertEquals(DatasetFile.sha256(dir.resolve("test.safetensors")), p.evalData().sha256());
        assertEquals(3L, p.seed(), "the training record of the weights stays");
        assertEquals(7, p.epochs());
        assertEquals("v", p.tool());
        assertTrue(p.method().startsWith("quantized after training"), p.method());
        assertEquals(Map.of("eval", "test.safetensors"), back.datasets());
        assertTrue(x.droppedDatasets().isEmpty());
    }

    @Test void projectingOntoANewStructureIsAProjection() throws IOException {
        CompressionPlan lmf = PlanText.parse("rnn0.kernel=lmf:2", trained);
        Path sub = Files.createDirectories(dir.resolve("elsewhere"));
        ExportService.ModelExported x = ExportService.model(new ExportService.Source(trained, trainedFile, lmf), sub.resolve("m.tinyfit"), "v");
        Provenance p = TinyfitFile.read(sub.resolve("m.tinyfit")).provenance();
        assertEquals(ModelKind.PROJECTED, p.kind());
        assertEquals("rnn0.kernel=lmf:2;fc.kernel=dense", p.plan());
        // measured on the source's eval set though the new file is elsewhere, and it names no data set it cannot find
        assertEquals(accuracy(x.model(), data), p.accuracy().value(), 0.0);
        assertEquals(Map.of("eval", "test.safetensors"), x.droppedDatasets());
        assertTrue(x.model().datasets().isEmpty());
    }

    @Test void theModelAsStoredKeepsItsProvenance() throws IOException {
        for (CompressionPlan p : java.util.Arrays.asList(null, CompressionPlan.none())) {
            Path out = dir.resolve("same.tinyfit");
            ExportService.model(new ExportService.Source(trained, trainedFile, p), out, "v");
            Provenance back = TinyfitFile.read(out).provenance();
            assertEquals(ModelKind.TRAINED, back.kind());
            assertNull(back.parent());
            assertEquals(accuracy(trained, data), back.accuracy().value(), 0.0);
            assertEquals(trained.provenance().seed(), back.seed());
        }
    }

    @Test void withoutAnEvalSetNothingIsMeasuredAndNothingIsCopied() throws IOException {
        Network noData = trained.withDatasets(Map.of());
        CompressionPlan q = PlanText.parse("rnn0.kernel=kp:8x3,5x5/int8", noData);
        ExportService.ModelExported x = ExportService.model(new ExportService.Source(noData, null, q), dir.resolve("q.tinyfit"), "v");
        assertNull(x.accuracy());
        Provenance p = TinyfitFile.read(dir.resolve("q.tinyfit")).provenance();
        assertNull(p.accuracy(), "not the parent's accuracy");
        assertEquals(0.5, p.parent().accuracy().value());
        assertNull(p.parent().file(), "a network in no file");
    }

    @Test void cExportTakesItsTestVectorFromTheEvalSetElseRandomInputs() throws IOException {
        ExportService.CExported x = ExportService.c(new ExportService.Source(trained, trainedFile, null), DEV, dir.resolve("c"), null, 4, "test");
        assertEquals("the first 4 samples of test", x.testVector().source());
        assertTrue(Files.isRegularFile(dir.resolve("c").resolve(CExport.SOURCE)));
        assertEquals(PlanText.format(Compressor.effectivePlan(trained, null)), PlanText.format(x.result().plan()));
        float[] first = new float[4 * 30];
        for (int i = 0; i < 4; i++) data.copyInput(i, first, i * 30);
        assertArrayEquals(first, x.testVector().inputs());
        ExportService.CExported r = ExportService.c(new ExportService.Source(trained, null, null), DEV, dir.resolve("r"), null, 3, "test");
        assertEquals("3 random N(0,1) inputs (seed 1; no eval set)", r.testVector().source());
        assertEquals(ExportService.testVector(trained, null, 3).inputs().length, r.testVector().inputs().length);
        Files.writeString(dir.resolve("file"), "x");
        assertThrows(IOException.class, () -> ExportService.c(new ExportService.Source(trained, null, null), DEV, dir.resolve("file"), null, 3, "t"));
    }
}
