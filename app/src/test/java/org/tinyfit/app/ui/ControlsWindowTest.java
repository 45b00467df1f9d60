package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.model.plan.Footprint;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.views.Formats;
import org.tinyfit.views.explorer.ExplorerViewModel;

/** The compression controls on mnist-lstm: hybrid KP's numbers, the shape stepper, typing B's shape, "apply to all" with one RNN matrix. */
class ControlsWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception {
        w = Window.withSample(this, tmp, "mnist-lstm");
        interact(() -> w.vm.selectedMatrixProperty().set("lstm.kernel"));
    }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void hybridKpShowsItsOwnNumbers() throws Exception {
        clickOn("#technique-kp");
        clickOn("#technique-hkp");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.costsProperty().get().planText().contains("hkp"));
        WaitForAsyncUtils.waitForFxEvents();
        TechniqueSpec t = w.vm.getPlan().forMatrix("lstm.kernel").technique();
        Footprint f = t.footprint(512, 156);
        long params = w.vm.costsProperty().get().report().matrix("lstm.kernel").params();
        assertEquals(f.params(), params, "the technique's footprint is the matrix's");
        String detail = w.label("#shapeDetail").getText(), text = w.label("#shapeText").getText();
        assertTrue(lookup("#shapeDetail").query().isVisible(), "the shape's numbers are shown");
        assertTrue(detail.contains(Formats.params(params)), detail + " vs " + params);
        assertTrue(text.contains(Formats.factor(512.0 * 156 / params)), text);
    }

    @Test
    void theStepperWalksDistinctCostsByDefaultAndTakesATypedShape() throws Exception {
        clickOn("#technique-kp");
        WaitForAsyncUtils.waitForFxEvents();
        var s = w.vm.selectionProperty().get();
        int distinct = ExplorerViewModel.shapeSteps(s, false).size(), all = s.shapes().size();
        assertTrue(distinct < all, distinct + " of " + all);
        Slider slider = lookup("#shapeSlider").queryAs(Slider.class);
        assertEquals(distinct - 1, slider.getMax(), 0);
        // each step changes the cost
        long params = w.vm.selectionProperty().get().shape().params(), macs = w.vm.selectionProperty().get().shape().macs();
        for (int i = 0; i < 5; i++) {
            clickOn("#shapeMore");
            var k = w.vm.selectionProperty().get().shape();
            assertTrue(k.params() != params || k.macs() != macs, "a step to a shape of the same cost: " + k);
            params = k.params();
            macs = k.macs();
        }
        clickOn("#allShapes");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(all - 1, slider.getMax(), 0);
        // B typed as m1 x n1
        interact(() -> lookup("#shapeField").queryAs(TextField.class).setText("16 x 12"));
        clickOn("#shapeField").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w.vm.planTextProperty().get().contains("kp:16x12,32x13"), w.vm.planTextProperty().get());
        interact(() -> lookup("#shapeField").queryAs(TextField.class).setText("7x4"));
        clickOn("#shapeField").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w.label("#shapeError").getText().startsWith("B 7\u00d74 is not a factor shape here"), w.label("#shapeError").getText());
        assertTrue(w.vm.planTextProperty().get().contains("kp:16x12,32x13"), "the plan is kept");

        // one RNN matrix: "apply to all" says so
        clickOn("#applyAllRnn");
        assertTrue(w.vm.messageProperty().get().text().startsWith("The model has one RNN matrix, lstm.kernel"), w.vm.messageProperty().get().text());
    }
}
