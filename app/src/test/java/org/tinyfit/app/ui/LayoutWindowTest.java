package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.Region;
import org.controlsfx.control.SegmentedButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window at 1280 x 800 and at 1024 x 700 with KP chosen on mnist-lstm: every button reads in full, the plan field,
 * Undo and Redo are in view, the Matrix tab's spectrum and Export PNG fit, and a message moves no click target.
 * Screenshots: layout-1280.png, layout-1024.png, layout-matrix-1024.png, layout-layers.png.
 */
class LayoutWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception { w = Window.withSample(this, tmp, "mnist-lstm"); }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void bothSizesShowEverything() throws Exception {
        interact(() -> w.vm.selectedMatrixProperty().set("lstm.kernel"));
        interact(() -> w.vm.setTechnique("kp"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.costsProperty().get().planText().contains("kp:"));
        check(1280, 800);
        check(1024, 700);
    }

    private void check(double width, double height) throws Exception {
        w.resize(width, height);
        assertEquals(width, w.stage.getScene().getWidth(), 1);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.accuracy().baselineProperty().get() != null
                && !w.vm.accuracy().baselineProperty().get().running());
        WaitForAsyncUtils.waitForFxEvents();
        int size = (int) width;
        List<String> problems = new ArrayList<>();
        // buttons and numbers read in full
        for (ToggleButton b : lookup("#techniqueSelector").queryAs(SegmentedButton.class).getButtons()) full(b, problems);
        for (String id : new String[] {"#retrainButton", "#undoButton", "#redoButton", "#calibrateButton", "#exportMenu", "#dataMenu",
                "#baselineAccuracy", "#quantizedAccuracy", "#headlineAccuracy", "#fitBreakdownButton", "#chartByFlash", "#chartByLatency"}) {
            full(lookup(id).query(), problems);
        }
        // in view: inside the window, and not scrolled away
        for (String id : new String[] {"#planField", "#undoButton", "#redoButton", "#calibrateButton", "#technique-prune",
                "#shapeSlider", "#exportChartPng"}) {
            inView(lookup(id).query(), problems);
        }
        w.shoot("layout-" + size + ".png");

        // a message does not move what is under the pointer
        Bounds before = scene(lookup("#technique-kp").query());
        Bounds undo = scene(lookup("#undoButton").query());
        interact(() -> w.vm.post("A message, long enough to wrap on a narrow window: " + "words ".repeat(30), true));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, scene(lookup("#technique-kp").query()), "the compression controls stay put under a message");
        assertEquals(undo, scene(lookup("#undoButton").query()));
        interact(() -> w.vm.dismissMessage());

        // the Matrix tab: the spectrum and Export PNG fit
        w.tab("tabMatrix");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.matrixView().picturesProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        inView(lookup("#exportMatrixPng").query(), problems);
        Bounds spectrum = scene(lookup("#spectrumCanvas").query());
        if (spectrum.getMaxX() > width + 0.5) problems.add("spectrum ends at x " + spectrum.getMaxX() + " of " + width);
        w.shoot("layout-matrix-" + size + ".png");
        w.tab("tabLayers");
        WaitForAsyncUtils.waitForFxEvents();
        w.shoot("layout-layers-" + size + ".png");
        // the legend's "plan" is the colour of the plan's bars, and the scale is logarithmic (compressed bars stay visible)
        assertTrue(lookup("#layerLog").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        Region bar = lookup("#layerFlashChart .default-color0.chart-bar").queryAs(Region.class);
        Region symbol = lookup("#layerFlashChart .default-color0.chart-legend-item-symbol").queryAs(Region.class);
        javafx.scene.paint.Color legend = (javafx.scene.paint.Color) symbol.getBackground().getFills().get(0).getFill();
        javafx.scene.paint.Paint fill = bar.getBackground().getFills().get(0).getFill();
        javafx.scene.paint.Color mid = fill instanceof javafx.scene.paint.LinearGradient g ? g.getStops().get(g.getStops().size() / 2).getColor()
                : (javafx.scene.paint.Color) fill; // the bar is a gentle gradient of its colour
        assertTrue(Math.abs(mid.getRed() - legend.getRed()) < 0.03 && Math.abs(mid.getGreen() - legend.getGreen()) < 0.03
                && Math.abs(mid.getBlue() - legend.getBlue()) < 0.03, mid + " vs " + legend);
        w.tab("tabChart");
        assertTrue(problems.isEmpty(), size + ": " + problems);
    }

    private static Bounds scene(Node n) { return n.localToScene(n.getBoundsInLocal()); }

    private static void full(Node n, List<String> problems) {
        if (n instanceof Region r && r.getWidth() + 0.5 < r.prefWidth(-1)) {
            problems.add((n.getId() == null ? ((Labeled) n).getText() : n.getId()) + " is " + r.getWidth() + " wide, needs " + r.prefWidth(-1));
        }
    }

    private void inView(Node n, List<String> problems) {
        Bounds b = scene(n);
        double sw = w.stage.getScene().getWidth(), sh = w.stage.getScene().getHeight();
        if (!n.isVisible() || b.getMinX() < 0 || b.getMaxX() > sw + 0.5 || b.getMinY() < 0 || b.getMaxY() > sh + 0.5) {
            problems.add(n.getId() + " at " + b + " is outside " + sw + " x " + sh);
        }
        // inside a scroll pane: within its viewport
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.ScrollPane sp) {
                Bounds v = sp.localToScene(sp.getLayoutBounds());
                if (b.getMinY() < v.getMinY() - 0.5 || b.getMaxY() > v.getMaxY() + 0.5) problems.add(n.getId() + " is scrolled out of view");
            }
        }
    }
}
