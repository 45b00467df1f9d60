package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.search.Surrogate;
import org.tinyfit.views.MainViewModel;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleCatalog;
import org.tinyfit.views.SampleModel;

/** Predicted trained accuracy in the explorer: from the shipped atlas, on every plan change, labelled with what it rests on. */
class PredictionViewModelTest {
    static final Path MNIST = Path.of("..", "sample-models", "mnist-lstm", "mnist-lstm.tinyfit").toAbsolutePath().normalize();

    @TempDir Path tmp;
    private ExecutorService fx;
    private ScheduledExecutorService workers;
    private ExplorerViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        workers = Executors.newScheduledThreadPool(2);
        MainViewModel main = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(new SampleModel("mnist-lstm", MNIST))),
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
    void everyPlanGetsAPredictionFromTheAtlasWithItsInterval() throws Exception {
        Network net = TinyfitFile.read(MNIST);
        List<Surrogate.Row> rows = Surrogate.rows(net, Atlas.read(MNIST.resolveSibling(Atlas.FILE)));
        await(() -> onFx(() -> vm.prediction().shownProperty().get() != null));
        onFx(() -> { vm.applyPlanText("lstm.kernel=kp:8x4,64x39;fc.kernel=dense"); return null; });
        await(() -> onFx(() -> {
            var s = vm.prediction().shownProperty().get();
            return s != null && s.plan() == vm.getPlan() && PlanText.format(vm.getPlan()).contains("8x4");
        }));
        var shown = onFx(() -> vm.prediction().shownProperty().get());
        // the same numbers as the surrogate fitted on the atlas directly
        Surrogate.Prediction expected = Surrogate.fit(rows).predict(net, vm.getPlan());
        assertEquals(expected.mean(), shown.prediction().mean(), 1e-12);
        assertEquals(rows.size(), shown.points());
        assertTrue(shown.prediction().low() <= 0.951 && 0.951 <= shown.prediction().high(),
                "the atlas's own 95.1% lies in the interval: " + shown.prediction());
        String text = onFx(() -> vm.prediction().textProperty().get());
        assertTrue(text.startsWith("Predicted after 10 epochs of training: "), text);
        assertTrue(text.contains("trained points (atlas)"), text);

        // a plan far from every trained point: still a prediction, with a wider interval
        onFx(() -> { vm.applyPlanText("lstm.kernel=lmf:2;fc.kernel=dense"); return null; });
        await(() -> onFx(() -> vm.prediction().shownProperty().get() != null && vm.prediction().shownProperty().get().plan() == vm.getPlan()
                && PlanText.format(vm.getPlan()).contains("lmf")));
        var far = onFx(() -> vm.prediction().shownProperty().get());
        assertTrue(far.prediction().high() - far.prediction().low() > 0, far.toString());
    }

    @Test
    void aModelWithoutTrainedPointsHasNoPrediction() throws Exception {
        PredictionViewModel p = onFx(() -> new PredictionViewModel(workers, fx));
        onFx(() -> { p.setModel(TinyfitFile.read(MNIST)); p.plan(vm.getPlan()); return null; });
        Thread.sleep(200);
        assertNull(onFx(() -> p.shownProperty().get()));
        assertEquals("", onFx(() -> p.textProperty().get()));
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get(30, TimeUnit.SECONDS);
    }

    private static void await(Cond cond) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!cond.get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface Cond { boolean get() throws Exception; }
}
