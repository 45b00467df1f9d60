package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;
import org.tinyfit.views.MainViewModel;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleCatalog;
import org.tinyfit.views.SampleModel;

/** The explorer's "Run on emulated Cortex-M" on digits-fastrnn, with a single thread playing the FX thread. */
class TargetCheckTest {
    static final Path DIGITS = Path.of("..", "sample-models", "digits-fastrnn", "digits-fastrnn.tinyfit").toAbsolutePath().normalize();

    @TempDir Path tmp;
    private ExecutorService fx;
    private ScheduledExecutorService workers;

    @AfterEach
    void tearDown() {
        if (workers != null) workers.shutdownNow();
        if (fx != null) fx.shutdownNow();
    }

    @Test
    void devicesMapToTheirCores() {
        DeviceCatalog cat = DeviceCatalog.builtIn();
        assertEquals(Core.CORTEX_M7, TargetCheck.coreFor(cat.get("nucleo-f746zg")));
        assertEquals(Core.CORTEX_M4, TargetCheck.coreFor(cat.get("nucleo-f446re")));
        assertEquals(Core.CORTEX_M4, TargetCheck.coreFor(cat.get("esp32-s3")));
        assertEquals(Core.CORTEX_M4, TargetCheck.coreFor(null));
    }

    @Test
    void runOnTargetPublishesTheReportOffTheFxThread() throws Exception {
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        workers = Executors.newScheduledThreadPool(2);
        MainViewModel main = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(new SampleModel("digits-fastrnn", DIGITS))),
                TinyfitFile::read, workers, fx, RecentFiles.none()));
        ExplorerViewModel vm = onFx(() -> new ExplorerViewModel(main, DeviceCatalog::builtIn, EvalData.fromModelFile(), workers, fx,
                new ExplorerViewModel.Settings(tmp, "cortex-m4f-32k", 20, 10, 200, 250)));
        onFx(() -> { main.openFile(DIGITS); return null; });
        await(() -> onFx(() -> vm.costsProperty().get() != null));
        onFx(() -> vm.applyPlanText("rnn.kernel=kp:4x5,8x8"));
        await(() -> onFx(() -> vm.costsProperty().get() != null && vm.getPlan().matrices().containsKey("rnn.kernel")));
        Path dir = tmp.resolve("run");
        onFx(() -> { vm.runOnTarget(dir, Core.CORTEX_M4); return null; });
        await(() -> onFx(() -> !vm.targetReportProperty().get().isEmpty()));
        String text = onFx(() -> vm.targetReportProperty().get());
        String msg = onFx(() -> vm.messageProperty().get().text());
        assertTrue(Files.isRegularFile(dir.resolve("tinyfit_model.c")) && Files.isRegularFile(dir.resolve("Makefile")), text);
        if (TargetRun.missing().isEmpty()) {
            assertTrue(text.contains("PASS: 40 of 40 logits bit-identical"), text);
            assertTrue(msg.startsWith("On-target check on cortex-m4: PASS"), msg);
        } else {
            assertTrue(text.contains("apt-get install"), text);
        }
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get(10, TimeUnit.SECONDS);
    }

    private interface Check { boolean ok() throws Exception; }

    private static void await(Check c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!c.ok()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(20);
        }
    }
}
