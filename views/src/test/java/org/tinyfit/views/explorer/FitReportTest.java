package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.views.Formats;

/** The fit verdict of the shipped mnist-lstm: on an Arduino Uno every limit is over, each with its sentence. */
class FitReportTest {
    static final Path MNIST = Path.of("..", "sample-models", "mnist-lstm", "mnist-lstm.tinyfit");

    @Test
    void mnistLstmOnAnArduinoUnoSaysWhyPerLimit() throws Exception {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.US);
        try {
            Network net = TinyfitFile.read(MNIST);
            Device uno = DeviceCatalog.builtIn().find("arduino-uno").orElseThrow();
            CostReport r = CostModel.estimate(net, CompressionPlan.none(), uno, CostOptions.DEFAULT);
            FitReport f = FitReport.of(r, uno, 0.1);
            assertFalse(f.fits());
            assertEquals("Does not fit arduino-uno: flash, SRAM and latency are over", f.verdict());
            assertEquals("SRAM: needs " + Formats.bytes(r.sramBytes()) + " SRAM, the device has 2 KB ("
                    + Formats.bytes(r.sramBytes() - 2048) + " over)", f.limit("SRAM").sentence());
            assertEquals("Flash: needs " + Formats.bytes(r.flashBytes()) + " flash, the device has 32 KB ("
                    + Formats.bytes(r.flashBytes() - 32 * 1024) + " over)", f.limit("flash").sentence());
            assertTrue(f.limit("latency").sentence().startsWith("Latency: takes " + Formats.seconds(r.latencySeconds()) + ", the budget is 100"),
                    f.limit("latency").sentence());
            // the breakdown: every layer's flash, state and scratch; the peak SRAM item by item, adding up
            String b = f.breakdown();
            for (var l : r.layers()) assertTrue(b.contains(l.name()) && b.contains(Formats.bytes(l.flashBytes())), b);
            var s = r.sram();
            assertEquals(r.sramBytes(), s.inputBytes() + s.persistentBytes() + s.scratchBytes() + s.logitsBytes());
            for (String item : new String[] {"input", "state", "scratch", "outputs"}) assertTrue(b.contains("  " + item + " "), b);
            assertTrue(b.contains(Formats.bytes(s.inputBytes()) + "  (the whole input sequence)"), b);

            // the same model fits a device with room, and says so
            Device big = DeviceCatalog.builtIn().devices().stream().max(java.util.Comparator.comparingDouble(Device::flashBytes)).orElseThrow();
            FitReport ok = FitReport.of(CostModel.estimate(net, CompressionPlan.none(), big, CostOptions.DEFAULT), big, 100);
            assertTrue(ok.fits(), ok.text());
            assertTrue(ok.verdict().startsWith("Fits " + big.id()), ok.verdict());
        } finally {
            Locale.setDefault(saved);
        }
    }
}
