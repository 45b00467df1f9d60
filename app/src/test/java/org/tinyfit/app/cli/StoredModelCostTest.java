package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.MatrixSelection;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.views.MainViewModel;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleCatalog;
import org.tinyfit.views.explorer.AccuracyViewModel;
import org.tinyfit.views.explorer.EvalData;
import org.tinyfit.views.explorer.ExplorerViewModel;

/**
 * A stored compressed model (the trained KP digits-fastrnn atlas file) opened in the window's
 * view model costs what {@code tinyfit eval FILE --json} says: the window costs the effective
 * plan (stored structure included), and shows the matrix as the KP it is.
 */
class StoredModelCostTest {
    static final Path KP_FILE = CliHarness.repoHome().resolve("sample-models").resolve("digits-fastrnn").resolve("digits-fastrnn.kp-4x5-8x8.tinyfit");
    static final String DEVICE = "cortex-m4f-32k";

    @TempDir Path tmp;

    @Test
    void windowCostOfAStoredKpModelEqualsTheCli() throws Exception {
        CliHarness.Run run = CliHarness.run("eval", KP_FILE.toString(), "--device", DEVICE, "--limit", "10", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode cli = new ObjectMapper().readTree(run.out());

        ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        try {
            MainViewModel main = on(fx, () -> new MainViewModel(SampleCatalog.of(List.of()), TinyfitFile::read, workers, fx,
                    RecentFiles.none()));
            ExplorerViewModel vm = on(fx, () -> new ExplorerViewModel(main, DeviceCatalog::builtIn, EvalData.fromModelFile(),
                    workers, fx, new ExplorerViewModel.Settings(tmp, DEVICE, 20, 10, 200, 250)));
            on(fx, () -> { main.openFile(KP_FILE); return null; });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (on(fx, () -> vm.costsProperty().get() == null || vm.selectionProperty().get() == null)) {
                assertTrue(System.nanoTime() < deadline, "no cost estimate within 60 s");
                Thread.sleep(20);
            }
            var report = on(fx, () -> vm.costsProperty().get().report());
            assertEquals(cli.get("params").asLong(), report.params(), "params");
            assertEquals(448, report.params(), "the trained model's parameters");
            assertEquals(4 * 5 + 8 * 8, report.matrix("rnn.kernel").params(), "the trained KP factors B 4x5 and C 8x8");
            assertEquals(cli.get("flash_bytes").asLong(), report.flashBytes(), "flash");
            assertEquals(cli.get("sram_bytes").asLong(), report.sramBytes(), "SRAM");
            assertEquals(cli.get("macs").asLong(), report.macs(), "MACs");
            assertEquals(cli.get("latency_ms").asDouble(), report.latencyMs(), 1e-12, "latency");

            MatrixSelection s = on(fx, () -> vm.selectionProperty().get());
            assertEquals("rnn.kernel", s.name());
            assertEquals("kp", s.techniqueId(), "the controls show the stored structure, not dense");
            assertEquals("kp:4x5,8x8", s.plan().technique().text());
            assertEquals(AccuracyViewModel.CAPTION_STORED, on(fx, () -> vm.accuracy().projectedCaptionProperty().get()));

            on(fx, () -> { vm.setBits(8); return null; });
            assertEquals(AccuracyViewModel.CAPTION_PROJECTED, on(fx, () -> vm.accuracy().projectedCaptionProperty().get()),
                    "re-quantizing the stored model is a projection again");
        } finally {
            workers.shutdownNow();
            fx.shutdownNow();
        }
    }

    private static <T> T on(ExecutorService fx, Callable<T> c) throws Exception {
        return fx.submit(c).get(30, TimeUnit.SECONDS);
    }
}
