package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.views.Formats;
import org.tinyfit.views.explorer.ChartPanel;
import org.tinyfit.views.explorer.FitReport;

/** Why a model does not fit: mnist-lstm on an Arduino Uno (2 KB SRAM, 32 KB flash). Screenshot: explorer-misfit.png. */
class FitWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception { w = Window.withSample(this, tmp, "mnist-lstm"); }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void aSentencePerLimitTooltipsAndABreakdownPerLayer() throws Exception {
        interact(() -> w.vm.selectDevice("arduino-uno"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.costsProperty().get().device().id().equals("arduino-uno")
                && w.vm.fitProperty().get() != null && w.vm.fitProperty().get().verdict().contains("arduino-uno"));
        WaitForAsyncUtils.waitForFxEvents();
        CostReport r = w.vm.costsProperty().get().report();
        FitReport f = w.vm.fitProperty().get();
        assertEquals("Does not fit arduino-uno: flash, SRAM and latency are over", w.label("#fitVerdict").getText());
        String reasons = w.label("#fitReasons").getText();
        assertTrue(reasons.contains("SRAM: needs " + Formats.bytes(r.sramBytes()) + " SRAM, the device has 2 KB"), reasons);
        assertTrue(reasons.contains("Flash: needs " + Formats.bytes(r.flashBytes()) + " flash, the device has 32 KB"), reasons);
        assertEquals(3, reasons.lines().count(), reasons);
        // the cost rows say what they count and the limit's sentence
        String tip = w.label("#metric-sram-name").getTooltip().getText();
        assertTrue(tip.startsWith("Peak SRAM: the input tensor") && tip.contains(f.limit("SRAM").sentence()), tip);
        // the chart: SRAM as an axis with the device's SRAM as a line; the plans that do not fit are ringed
        w.tab("tabChart");
        clickOn("#chartBySram");
        var chart = w.app.getMainView().getChart().chart();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chart.getData().stream()
                .anyMatch(s -> s.getName().equals(ChartPanel.LIMIT_PREFIX + "SRAM of arduino-uno"))
                && !lookup(".misfit").queryAll().isEmpty());
        assertTrue(chart.getXAxis().getLabel().startsWith("Peak SRAM"), chart.getXAxis().getLabel());
        w.shoot("explorer-misfit.png");
        clickOn("#chartByLatency");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chart.getData().stream()
                .anyMatch(s -> s.getName().equals(ChartPanel.LIMIT_PREFIX + "latency budget")));
        clickOn("#chartByFlash");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chart.getData().stream()
                .anyMatch(s -> s.getName().equals(ChartPanel.LIMIT_PREFIX + "flash of arduino-uno")));

        clickOn("#fitBreakdownButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#fitBreakdown").tryQuery().isPresent());
        String text = lookup("#fitBreakdown").queryAs(TextArea.class).getText();
        assertTrue(text.startsWith(f.verdict()), text);
        assertTrue(text.contains("lstm") && text.contains("fc") && text.contains("scratch") && text.contains("outputs"), text);
        w.shoot("explorer-breakdown.png");
        interact(() -> lookup("#fitBreakdownDialog").query().getScene().getWindow().hide());

        // the default device: the verdict follows
        interact(() -> w.vm.selectDevice("cortex-m4f-32k"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.label("#fitVerdict").getText().contains("cortex-m4f-32k"));
        assertTrue(w.label("#fitVerdict").getText().startsWith("Does not fit cortex-m4f-32k: flash"), w.label("#fitVerdict").getText());
    }
}
