package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.app.AppServices;
import org.tinyfit.app.TinyFitApp;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;
import org.tinyfit.views.explorer.ExplorerViewModel;

/**
 * Export > Run on emulated Cortex-M... on the shipped digits-fastrnn: the core dialog (cancelled),
 * then a run (the folder chooser is native, so the test calls the view model as the menu does) whose
 * report opens in a dialog; writes target/screenshots/on-target-report.png.
 */
class TargetWindowTest extends FxRobot {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static Locale savedLocale;

    @TempDir Path config;
    private AppServices services;
    private TinyFitApp app;
    private ExplorerViewModel vm;

    @BeforeAll
    static void locale() throws Exception {
        savedLocale = Locale.getDefault();
        Locale.setDefault(Locale.US);
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void restoreLocale() { Locale.setDefault(savedLocale); }

    private Window w;

    @BeforeEach
    void start() throws Exception {
        w = Window.withSample(this, config, "digits-fastrnn");
        services = w.services;
        app = w.app;
        vm = w.vm;
    }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void coreDialogThenReportDialog() throws Exception {
        clickOn("#exportMenu");
        clickOn("#runOnTarget");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#runOnTargetDialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ChoiceBox<Core> core = lookup("#runOnTargetCore").queryAs(ChoiceBox.class);
        assertEquals(Core.CORTEX_M4, core.getValue(), "cortex-m4f-32k runs on the Cortex-M4 board");
        assertTrue(lookup("#runOnTargetFast").tryQuery().isPresent());
        snapshot(core.getScene(), "on-target-dialog.png");
        clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();

        Path dir = config.resolve("run");
        interact(() -> vm.runOnTarget(dir, Core.CORTEX_M4));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> lookup("#targetReportText").tryQuery().isPresent());
        TextArea text = lookup("#targetReportText").queryAs(TextArea.class);
        if (TargetRun.missing().isEmpty()) assertTrue(text.getText().contains("PASS: 40 of 40 logits bit-identical"), text.getText());
        else assertTrue(text.getText().contains("apt-get install"), text.getText());
        snapshot(text.getScene(), "on-target-report.png");
        clickOn("Close");
    }

    private void snapshot(Scene scene, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = scene.snapshot(null));
        BufferedImage bi = SwingFXUtils.fromFXImage(img[0], null);
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(bi, "png", out.toFile()));
    }
}
