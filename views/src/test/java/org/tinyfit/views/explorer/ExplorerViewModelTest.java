package org.tinyfit.views.explorer;

import org.tinyfit.model.explore.MatrixSelection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.views.MainViewModel;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleCatalog;
import org.tinyfit.views.SampleModel;

/** The explorer's view model on the real mnist-lstm, with a single thread playing the FX thread. */
class ExplorerViewModelTest {
    static final Path MNIST = Path.of("..", "sample-models", "mnist-lstm", "mnist-lstm.tinyfit").toAbsolutePath().normalize();

    @TempDir Path tmp;
    private ExecutorService fx;
    private ScheduledExecutorService workers;
    private MainViewModel main;
    private ExplorerViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        workers = Executors.newScheduledThreadPool(2);
        main = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(new SampleModel("mnist-lstm", MNIST))),
                TinyfitFile::read, workers, fx, RecentFiles.none()));
        vm = onFx(() -> new ExplorerViewModel(main, DeviceCatalog::builtIn, EvalData.fromModelFile(), workers, fx,
                new ExplorerViewModel.Settings(tmp, "cortex-m4f-32k", 20, 10, 200, 250)));
        onFx(() -> { main.openFile(MNIST); return null; });
        await(() -> onFx(() -> vm.costsProperty().get() != null && vm.selectionProperty().get() != null));
    }

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
        fx.shutdownNow();
    }

    @Test
    void kpStepsAndUndoPublishCostModelNumbers() throws Exception {
        assertEquals("lstm.kernel", onFx(() -> vm.selectedMatrixProperty().get()));
        assertEquals("cortex-m4f-32k", onFx(() -> vm.deviceProperty().get().id()));
        CostReport dense = onFx(() -> vm.costsProperty().get().report());
        var net = onFx(() -> vm.networkProperty().get());
        var dev = DeviceCatalog.builtIn().get("cortex-m4f-32k");
        assertEquals(CostModel.estimate(net, CompressionPlan.none(), dev, CostOptions.DEFAULT).flashBytes(), dense.flashBytes());
        assertEquals(4L * 81_674, dense.flashBytes(), "all float32: 4 bytes per parameter");

        onFx(() -> { vm.setTechnique("kp"); return null; });
        MatrixSelection s = onFx(() -> vm.selectionProperty().get());
        assertEquals("kp", s.techniqueId());
        assertTrue(s.shapeIndex() >= 0);
        var shape = s.shapes().get(s.shapeIndex());
        assertEquals("kp:4x4,128x39", shape.text(), "the widest shape near 16x");
        CompressionPlan kp = onFx(vm::getPlan);
        assertEquals(PlanText.parse("lstm.kernel=" + shape.text(), net), kp);
        awaitCostsFor(kp);
        assertEquals(CostModel.estimate(net, kp, dev, CostOptions.DEFAULT).flashBytes(), onFx(() -> vm.costsProperty().get().report().flashBytes()));

        onFx(() -> { vm.setShapeIndex(s.shapeIndex() + 1); return null; });
        CompressionPlan next = onFx(vm::getPlan);
        assertNotEquals(kp, next);
        awaitCostsFor(next);
        CostReport r = onFx(() -> vm.costsProperty().get().report());
        CostReport expected = CostModel.estimate(net, next, dev, CostOptions.DEFAULT);
        assertEquals(expected.flashBytes(), r.flashBytes());
        assertEquals(expected.macs(), r.macs());
        // table rows follow the plan
        assertEquals("kp", onFx(() -> vm.layerRows().get(0).technique()));

        onFx(() -> { vm.undo(); return null; });
        assertEquals(kp, onFx(vm::getPlan));
        awaitCostsFor(kp);
        onFx(() -> { vm.undo(); return null; });
        assertEquals(CompressionPlan.none(), onFx(vm::getPlan));
        assertFalse(onFx(() -> vm.canUndoProperty().get()));
        onFx(() -> { vm.redo(); return null; });
        assertEquals(kp, onFx(vm::getPlan));
    }

    @Test
    void projectedAccuracyArrivesFirstFromTheSubsetThenTheWholeSet() throws Exception {
        onFx(() -> { vm.applyPlanText("lstm.kernel=dense/int8"); return null; });
        String text = onFx(() -> vm.planTextProperty().get());
        assertEquals("lstm.kernel=dense/int8", text);
        await(() -> onFx(() -> {
            var e = vm.accuracy().projectedProperty().get();
            return e != null && e.planText().equals(text) && !e.running();
        }));
        var e = onFx(() -> vm.accuracy().projectedProperty().get());
        assertEquals(2000, e.progress().count());
        assertTrue(e.progress().accuracy() > 0.9, "int8 weights cost almost nothing: " + e.progress().accuracy());
        assertTrue(e.progress().ciLow() < e.progress().accuracy() && e.progress().accuracy() < e.progress().ciHigh());
        await(() -> onFx(() -> vm.accuracy().baselineProperty().get() != null && !vm.accuracy().baselineProperty().get().running()));
        // the baseline (the stored model) is 96.95 % on the 2,000 test samples (sample-models/README.md)
        assertEquals(0.9695, onFx(() -> vm.accuracy().baselineProperty().get().progress().accuracy()), 1e-9);
        // the session scatter got the plan
        await(() -> onFx(() -> vm.chart().sessionSeries().points().stream().anyMatch(p -> p.planText().equals(text))));
        // dense/int8 only quantizes: no separate "quantized only" number
        assertEquals("same as projected: the plan only quantizes", onFx(() -> vm.accuracy().quantizedNoteProperty().get()));
        // KP at int8: "quantized only" is the dense/int8 plan measured above (cached, at once)
        onFx(() -> { vm.applyPlanText("lstm.kernel=kp:8x4,64x39/int8"); return null; });
        var q = onFx(() -> vm.accuracy().quantizedProperty().get());
        assertEquals(text, q.planText());
        assertEquals(e.progress(), q.progress());
    }

    @Test
    void invalidPlanTextIsAMessageAndKeepsThePlan() throws Exception {
        onFx(() -> { vm.setTechnique("lmf"); return null; });
        CompressionPlan before = onFx(vm::getPlan);
        assertTrue(before.forMatrix("lstm.kernel").technique() instanceof TechniqueSpec.Lmf);
        boolean ok = onFx(() -> vm.applyPlanText("lstm.kernel=kp:7x4,64x39"));
        assertFalse(ok);
        assertEquals(before, onFx(vm::getPlan));
        String err = onFx(() -> vm.planErrorProperty().get());
        assertTrue(err.contains("M1*M2 must equal 512"), err);
        assertTrue(onFx(() -> vm.messageProperty().get().error()));
        // the corrected plan takes the rejection's banner and error away; other messages stay
        assertTrue(onFx(() -> vm.applyPlanText("lstm.kernel=kp:8x4,64x39")));
        assertEquals("", onFx(() -> vm.planErrorProperty().get()));
        assertEquals(null, onFx(() -> vm.messageProperty().get()));
        onFx(() -> { vm.post("exported", false); return null; });
        assertTrue(onFx(() -> vm.applyPlanText("lstm.kernel=kp:16x12,32x13")));
        assertEquals("exported", onFx(() -> vm.messageProperty().get().text()));
    }

    @Test
    void sessionRoundTrip() throws Exception {
        onFx(() -> { vm.setTechnique("prune"); vm.setBits(8); vm.setActivations(Activations.INT8); vm.selectDevice("nucleo-f446re"); return null; });
        CompressionPlan p = onFx(vm::getPlan);
        Path file = tmp.resolve("s.tfsession.json");
        onFx(() -> { vm.saveSession(file); return null; });
        await(() -> java.nio.file.Files.exists(file));
        onFx(() -> { vm.undo(); vm.undo(); vm.undo(); vm.selectDevice("arduino-uno"); return null; });
        assertEquals(CompressionPlan.none(), onFx(vm::getPlan));
        onFx(() -> { vm.openSession(file); return null; });
        await(() -> onFx(() -> p.equals(vm.getPlan())));
        assertEquals("nucleo-f446re", onFx(() -> vm.deviceProperty().get().id()));
        assertTrue(onFx(() -> vm.canUndoProperty().get()));
        onFx(() -> { vm.undo(); return null; });
        assertEquals(Activations.FLOAT32, onFx(() -> vm.getPlan().activations()));
    }

    @Test
    void calibrationSavesTheDeviceAndSelectsIt() throws Exception {
        double before = onFx(() -> vm.deviceProperty().get().macPerCycleF32());
        double estimate = onFx(() -> vm.costsProperty().get().report().latencyMs());
        onFx(() -> { vm.calibrate(estimate * 2, org.tinyfit.model.device.DataType.FLOAT32); return null; });
        await(() -> onFx(() -> vm.deviceProperty().get().calibrated()));
        double after = onFx(() -> vm.deviceProperty().get().macPerCycleF32());
        assertTrue(after < before, after + " < " + before);
        assertTrue(java.nio.file.Files.exists(tmp.resolve("devices.json")));
        var reloaded = DeviceCatalog.load(tmp, List.of()).get("cortex-m4f-32k");
        assertEquals(after, reloaded.macPerCycleF32(), 1e-12);
        onFx(() -> { vm.calibrate(1e-6, org.tinyfit.model.device.DataType.FLOAT32); return null; });
        await(() -> onFx(() -> vm.messageProperty().get() != null && vm.messageProperty().get().error()));
        assertTrue(onFx(() -> vm.messageProperty().get().text()).contains("impossible under the model"));
    }

    @Test
    void matrixPicturesOfKp() throws Exception {
        // a plan the atlas lacks: the projection's pictures
        onFx(() -> { vm.applyPlanText("lstm.kernel=kp:8x12,64x13"); return null; });
        await(() -> onFx(() -> {
            var p = vm.matrixView().picturesProperty().get();
            return p != null && p.planText().equals("kp:8x12,64x13");
        }));
        var p = onFx(() -> vm.matrixView().picturesProperty().get());
        assertFalse(p.trained());
        assertEquals(156, p.original().width());
        assertEquals(512, p.original().height());
        assertEquals(List.of("B", "C"), p.parts().stream().map(MatrixViewModel.Picture::title).toList());
        assertEquals(96, p.spectrum().length, "R is 96 x 832: 96 singular values");
        assertTrue(p.relError() > 0 && p.relError() < 1);
        double tail = 0, all = 0;
        for (int i = 0; i < p.spectrum().length; i++) { all += p.spectrum()[i] * p.spectrum()[i]; if (i > 0) tail += p.spectrum()[i] * p.spectrum()[i]; }
        assertEquals(Math.sqrt(tail / all), p.relError(), 1e-3, "error of the nearest KP = the spectrum's tail (Van Loan-Pitsianis)");

        // a plan with a trained atlas variant: its trained factors, not the projection
        try {
            await(() -> onFx(() -> vm.trained().atlas() != null && !vm.trained().atlas().entries().isEmpty()), 120); // slow on a busy machine
        } catch (AssertionError e) {
            throw new AssertionError("atlas " + onFx(() -> vm.trained().atlas() == null ? "not read" : vm.trained().atlas().entries().size() + " rows")
                    + "; trained: " + onFx(() -> vm.trained().textProperty().get()) + "; message: " + onFx(() -> vm.messageProperty().get()));
        }
        onFx(() -> { vm.applyPlanText("lstm.kernel=kp:8x4,64x39"); return null; });
        try {
            await(() -> onFx(() -> {
                var q = vm.matrixView().picturesProperty().get();
                return q != null && q.planText().equals("kp:8x4,64x39") && q.trained();
            }));
        } catch (AssertionError e) {
            throw new AssertionError(onFx(() -> vm.matrixView().statusProperty().get() + " / " + vm.trained().trainedProperty().get()));
        }
        var q = onFx(() -> vm.matrixView().picturesProperty().get());
        assertEquals("W\u2032 (trained)", q.reconstruction().title());
        assertEquals(List.of("B", "C"), q.parts().stream().map(MatrixViewModel.Picture::title).toList());
    }

    private void awaitCostsFor(CompressionPlan p) throws Exception {
        await(() -> onFx(() -> vm.costsProperty().get() != null && vm.costsProperty().get().plan().equals(p)));
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get(10, TimeUnit.SECONDS);
    }

    private interface Check { boolean ok() throws Exception; }

    private static void await(Check c) throws Exception { await(c, 30); }

    private static void await(Check c, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.ok()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }
}
