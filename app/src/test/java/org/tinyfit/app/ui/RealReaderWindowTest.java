package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.app.AppServices;
import org.tinyfit.app.TinyFitApp;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;

/** The real window with the real .tinyfit reader: a written model loads into the table; a corrupt file shows the reader's message. */
class RealReaderWindowTest extends FxRobot {
    @TempDir Path home;
    private AppServices services;
    private TinyFitApp app;

    @BeforeEach
    void start() throws Exception {
        AppServices.setDefaultLoader(AppServices.FILE_READER);
        Path good = UiFixtures.sample(home, "kws");
        java.util.Random r = new java.util.Random(3);
        float[] w = new float[3 * 5 * (2 + 5)];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        org.tinyfit.model.io.TinyfitFile.write(new org.tinyfit.model.net.Network("kws", 4, 2, java.util.List.of(
                new org.tinyfit.model.net.RnnLayer("gru", org.tinyfit.model.net.CellType.GRU, 2, 5,
                        new org.tinyfit.model.net.DenseOp(w, 15, 7), new float[15], null, false, null),
                new org.tinyfit.model.net.DenseLayer("fc", 5, 2, new org.tinyfit.model.net.DenseOp(new float[10], 2, 5), new float[2],
                        org.tinyfit.model.net.Activation.NONE)), null, java.util.Map.of(), org.tinyfit.model.provenance.Provenance.NONE, java.util.Map.of()), good);
        java.nio.file.Files.writeString(UiFixtures.sample(home, "zbroken"), "this is not a zip");
        FxToolkit.registerPrimaryStage();
        services = new AppServices(home, null, RecentFiles.none());
        services.setDeviceCatalog(org.tinyfit.model.device.DeviceCatalog::builtIn);
        app = (TinyFitApp) FxToolkit.setupApplication(() -> new TinyFitApp(services));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        Stage primary = FxToolkit.toolkitContext().getRegisteredStage();
        interact(() -> Window.getWindows().stream().filter(w -> w != primary && w instanceof Stage)
                .map(w -> (Stage) w).toList().forEach(Stage::close));
        services.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void realModelLoadsAndCorruptFileShowsReaderMessage() throws Exception {
        ComboBox<SampleModel> picker = lookup("#modelPicker").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> picker.getItems().size() == 2);
        interact(() -> picker.getSelectionModel().select(0));
        TableView<?> table = lookup("#layerTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents(); // the rows arrive mid-update: the name is set later in the same fx step
        // gru: 15*7 + 15 = 120; fc: 10 + 2 = 12
        assertTrue(lookup("#statusModel").queryAs(Label.class).getText().contains("kws"));
        interact(() -> picker.getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#loadErrorDialog").tryQuery().isPresent());
        DialogPane dialog = lookup("#loadErrorDialog").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("zbroken.tinyfit: not a .tinyfit file (not a valid zip"), dialog.getContentText());
        assertEquals(2, table.getItems().size(), "the previous model stays");
    }
}
