package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.model.device.DataType;

/** Calibrate: it says what it changes, a bad value keeps the dialog open (in milliseconds), and Reset undoes it. */
class CalibrateWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception { w = Window.withSample(this, tmp, "digits-fastrnn"); }

    @AfterEach
    void stop() throws Exception { w.close(); }

    private DialogPane dialog() throws Exception {
        clickOn("#calibrateButton");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#calibrateDialog").tryQuery().isPresent());
        return lookup("#calibrateDialog").queryAs(DialogPane.class);
    }

    @Test
    void sayWhatItChangesRefuseBadValuesAndReset() throws Exception {
        String id = w.vm.deviceProperty().get().id();
        double before = w.vm.deviceProperty().get().macPerCycle(DataType.FLOAT32);
        DialogPane d = dialog();
        String scope = lookup("#calibrateScope").queryAs(Label.class).getText();
        assertTrue(scope.startsWith("Calibration sets " + id + "'s mac_per_cycle_") && scope.contains("every plan")
                && scope.contains("devices.json") && scope.contains("Reset to catalog values"), scope);
        assertTrue(((Button) d.lookupButton(d.getButtonTypes().get(0))).isDisabled(), "nothing to reset yet");
        // not a number, then an impossible one: the dialog stays, the error is in milliseconds
        interact(() -> lookup("#calibrateMs").queryAs(TextField.class).setText("fast"));
        clickOn((Button) d.lookupButton(ButtonType.OK));
        assertTrue(d.getScene().getWindow().isShowing());
        assertTrue(lookup("#calibrateError").queryAs(Label.class).getText().contains("milliseconds"), lookup("#calibrateError").queryAs(Label.class).getText());
        interact(() -> lookup("#calibrateMs").queryAs(TextField.class).setText("0.000001"));
        clickOn((Button) d.lookupButton(ButtonType.OK));
        assertTrue(d.getScene().getWindow().isShowing());
        String err = lookup("#calibrateError").queryAs(Label.class).getText();
        assertTrue(err.contains(" ms") && !err.contains("seconds"), err);
        // a good value: calibrated and saved
        double est = w.vm.costsProperty().get().report().latencyMs();
        interact(() -> lookup("#calibrateMs").queryAs(TextField.class).setText(Double.toString(est * 2)));
        clickOn((Button) d.lookupButton(ButtonType.OK));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.deviceProperty().get().calibrated());
        assertTrue(Files.readString(tmp.resolve("config").resolve("devices.json")).contains(id));

        // Reset to catalog values: the device is the catalog's again, and leaves the user file
        DialogPane again = dialog();
        Button reset = (Button) again.lookupButton(again.getButtonTypes().get(0));
        assertFalse(reset.isDisabled());
        clickOn(reset);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !w.vm.deviceProperty().get().calibrated());
        assertTrue(w.vm.deviceProperty().get().macPerCycle(DataType.FLOAT32) == before);
        assertFalse(Files.readString(tmp.resolve("config").resolve("devices.json")).contains("\"" + id + "\""));
        assertTrue(w.vm.messageProperty().get().text().startsWith("Reset " + id + " to the catalog values"), w.vm.messageProperty().get().text());
    }
}
