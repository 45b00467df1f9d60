package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.model.provenance.Provenance;

/** Open... on an .onnx file imports it into the window; an unsupported one shows the importer's message. */
class ImportWindowTest extends FxRobot {
    @TempDir Path home;
    private AppServices services;
    private TinyFitApp app;
    private Path onnx, bad;

    @BeforeEach
    void start() throws Exception {
        AppServices.setDefaultLoader(AppServices.FILE_READER);
        Files.createDirectories(home.resolve("sample-models"));
        Random r = new Random(2);
        float[] w = new float[4 * 3 * 5];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        Network net = new Network("n", 4, 2, List.of(
                new RnnLayer("lstm", CellType.LSTM, 2, 3, new DenseOp(w, 12, 5), new float[12], null, false, null),
                new DenseLayer("fc", 3, 2, new DenseOp(new float[6], 2, 3), new float[2], Activation.NONE)), null, Map.of(), Provenance.NONE, Map.of());
        onnx = home.resolve("speech-lstm.onnx");
        Files.write(onnx, org.tinyfit.app.cli.OnnxExportAccess.bytes(net, false));
        bad = home.resolve("open-steps.onnx");
        Files.write(bad, org.tinyfit.app.cli.OnnxExportAccess.bytes(net, true));
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
    void onnxOpensAndAnOpenTimeDimensionExplainsItself() throws Exception {
        interact(() -> app.getMainView().getViewModel().openFile(onnx));
        TableView<?> table = lookup("#layerTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents(); // the rows arrive mid-update: the name is set later in the same fx step
        assertTrue(lookup("#statusModel").queryAs(Label.class).getText().contains("speech-lstm"));
        interact(() -> app.getMainView().getViewModel().openFile(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#loadErrorDialog").tryQuery().isPresent());
        DialogPane dialog = lookup("#loadErrorDialog").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("--steps"), dialog.getContentText());
    }
}
