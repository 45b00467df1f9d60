package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Export C: a folder of its own named after the model and plan, the number of test vectors, trained or projected weights. */
class ExportCWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception { w = Window.withSample(this, tmp, "digits-fastrnn"); }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void aNamedFolderSamplesAndWeights() throws Exception {
        interact(() -> w.vm.applyPlanText("rnn.kernel=kp:4x5,8x8"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.trained().trainedProperty().get() != null);
        // the dialog offers the named folder and the trained weights
        clickOn("#exportMenu");
        clickOn("#exportC");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#exportCDialog").tryQuery().isPresent());
        String name = lookup("#exportCName").queryAs(TextField.class).getText();
        assertEquals(w.vm.defaultCFolder(), name);
        assertTrue(name.startsWith("digits-fastrnn-") && name.endsWith("-c"), name);
        assertTrue(lookup("#exportCTrained").queryAs(CheckBox.class).isSelected());
        DialogPane d = lookup("#exportCDialog").queryAs(DialogPane.class);
        interact(() -> ((javafx.scene.control.Button) d.lookupButton(ButtonType.CANCEL)).fire());

        // projected weights, 3 test vectors, into parent/name
        interact(() -> w.vm.exportC(tmp, name, 3, false));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().startsWith("Wrote tinyfit_model"));
        String msg = w.vm.messageProperty().get().text();
        assertTrue(Files.isRegularFile(tmp.resolve(name).resolve("tinyfit_model.c")), msg);
        assertTrue(msg.contains("the first 3 samples") && msg.contains("projected onto the plan, not retrained"), msg);
        interact(() -> w.vm.exportC(tmp, "trained-c", 8, true, w.vm.compilerAvailable()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().contains("trained-c"));
        String t = w.vm.messageProperty().get().text();
        assertTrue(t.contains("trained weights of atlas variant"), t);
        // with a compiler on the PATH: compiled, and with the cross compiler the object's sizes
        if (w.vm.compilerAvailable()) assertTrue(t.contains("Compiled with arm-none-eabi-gcc") && t.contains("bss ") || t.contains("Compiles with the host's cc"), t);
        // a path is not a folder name
        interact(() -> w.vm.exportC(tmp, "../elsewhere", 8, true));
        assertTrue(w.vm.messageProperty().get().error() && w.vm.messageProperty().get().text().contains("plain name"));
    }
}
