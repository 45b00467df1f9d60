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

/** The window before the file reader is merged: picking a sample explains that no reader is installed. */
class NoReaderWindowTest extends FxRobot {
    @TempDir Path home;
    private AppServices services;
    private TinyFitApp app;

    @BeforeEach
    void start() throws Exception {
        AppServices.setDefaultLoader(AppServices.NO_READER);
        UiFixtures.sample(home, "kws");
        FxToolkit.registerPrimaryStage();
        services = new AppServices(home, null, RecentFiles.none());
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
    void pickingASampleShowsNoModelReaderInstalled() throws Exception {
        ComboBox<SampleModel> picker = lookup("#modelPicker").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> picker.getItems().size() == 1);
        interact(() -> picker.getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#loadErrorDialog").tryQuery().isPresent());
        DialogPane dialog = lookup("#loadErrorDialog").queryAs(DialogPane.class);
        assertEquals("no model reader installed: cannot read kws.tinyfit", dialog.getContentText());
        assertTrue(lookup("#layerTable").queryAs(TableView.class).getItems().isEmpty());
        assertEquals("no model", lookup("#statusModel").queryAs(Label.class).getText());
    }
}
