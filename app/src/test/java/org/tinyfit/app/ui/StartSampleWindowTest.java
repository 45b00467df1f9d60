package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.app.AppServices;
import org.tinyfit.app.TinyFitApp;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;
import org.tinyfit.views.explorer.AccuracyViewModel;
import org.tinyfit.views.explorer.ExplorerViewModel;

/** A newcomer's window: with the shipped samples it opens on the keyword spotter and measures its baseline. */
class StartSampleWindowTest extends FxRobot {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static Locale savedLocale;

    @TempDir Path config;
    private AppServices services;
    private TinyFitApp app;

    @BeforeAll
    static void locale() throws Exception {
        savedLocale = Locale.getDefault();
        Locale.setDefault(Locale.US);
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void restoreLocale() { Locale.setDefault(savedLocale); }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        services.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void opensOnTheKeywordSpotter() throws Exception {
        services = new AppServices(HOME, null, RecentFiles.none());
        assertEquals(null, services.startSample(), "only the user's default services pick a start sample");
        services.setStartSample(AppServices.START_SAMPLE);
        services.setDeviceCatalog(DeviceCatalog::builtIn);
        services.setExplorerSettings(ExplorerViewModel.Settings.defaults(config));
        services.setTrainedCache(new org.tinyfit.model.explore.TrainedCache(config.resolve("trained")));
        app = (TinyFitApp) FxToolkit.setupApplication(() -> new TinyFitApp(services));
        ExplorerViewModel vm = app.getMainView().getExplorer();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.networkProperty().get() != null);
        assertEquals("kws-lstm", vm.networkProperty().get().name());
        ComboBox<SampleModel> picker = lookup("#modelPicker").queryAs(ComboBox.class);
        assertEquals("kws-lstm", picker.getSelectionModel().getSelectedItem().name());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            AccuracyViewModel.Estimate e = vm.accuracy().baselineProperty().get();
            return e != null && !e.running();
        });
        WaitForAsyncUtils.waitForFxEvents();
        // 79.91 % on the 1,080 test clips (sample-models/README.md)
        assertEquals("79.9 %", lookup("#baselineAccuracy").queryAs(Label.class).getText());
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = stage.getScene().snapshot(null));
        BufferedImage bi = SwingFXUtils.fromFXImage(img[0], null);
        Path out = Path.of("target", "screenshots", "start-kws.png");
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(bi, "png", out.toFile()));
    }
}
