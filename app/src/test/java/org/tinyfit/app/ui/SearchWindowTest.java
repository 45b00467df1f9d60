package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.ScatterChart;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.model.search.SearchTrial;
import org.tinyfit.views.search.SearchViewModel;

/**
 * The Search tab as a user drives it: digits-fastrnn on the default device, a two-trial search of
 * one-epoch trainings; the table and chart fill in, a trial opens in the explorer and the search
 * tab keeps its results. Screenshots: search-1280x800.png, search-1024x700.png.
 */
class SearchWindowTest extends FxRobot {
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @AfterEach
    void stop() throws Exception { w.close(); }

    @Test
    void aSearchFillsTheTableAndATrialOpensInTheExplorer() throws Exception {
        w = Window.withSample(this, tmp, "digits-fastrnn");
        w.resize(1280, 800);
        w.tab("tabSearch");
        SearchViewModel s = w.vm.search();
        assertEquals(w.vm.deviceProperty().get().sramBytes(), (double) org.tinyfit.model.search.SizeText.parse(s.maxSramProperty().get()),
                "the SRAM limit starts at the device's");
        interact(() -> {
            for (String t : SearchViewModel.TECHNIQUES) s.techniqueProperty(t).set(t.equals("kp"));
            s.bitsProperty(8).set(false);
            spinner("#searchMinutes").getValueFactory().setValue(0);
            spinner("#searchMaxTrials").getValueFactory().setValue(2);
            spinner("#searchEpochs").getValueFactory().setValue(1);
        });
        assertEquals(2, s.maxTrialsProperty().get());
        Button start = lookup("#searchStart").queryButton();
        assertFalse(start.isDisabled(), "Start is enabled with a model loaded");
        interact(start::fire); // fired, not clicked: a window another test left on screen could take a click
        assertTrue(s.runningProperty().get() || s.outcomeProperty().get() != null, "the search started: " + s.statusProperty().get());
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> s.outcomeProperty().get() != null && !s.runningProperty().get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome: running " + s.runningProperty().get() + ", status '" + s.statusProperty().get()
                    + "', trials " + s.trials() + ", messages " + w.messages, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<SearchTrial> table = lookup("#searchTrials").queryAs(TableView.class);
        assertEquals(2, table.getItems().stream().filter(SearchTrial::done).count(), table.getItems().toString());
        for (SearchTrial t : table.getItems()) assertTrue(t.flashBytes() <= w.vm.deviceProperty().get().flashBytes(), t.toString());
        String status = w.label("#searchStatus").getText();
        assertTrue(status.startsWith("Done") && status.contains("best that fits"), status);
        @SuppressWarnings("unchecked")
        ScatterChart<Number, Number> chart = lookup("#searchChart").queryAs(ScatterChart.class);
        int points = chart.getData().stream().mapToInt(x -> x.getData().size()).sum();
        assertEquals(2, points, "a point per trained trial");
        assertEquals(1, chart.getData().get(2).getData().size(), "the best that fits is marked");
        w.shoot("search-1280x800.png");
        w.resize(1024, 700);
        WaitForAsyncUtils.waitForFxEvents();
        Node startNode = lookup("#searchStart").query();
        assertTrue(startNode.getBoundsInLocal().getWidth() > 20 && startNode.localToScene(startNode.getBoundsInLocal()).getMaxX() <= 1024,
                "Start stays in view at 1024x700");
        w.shoot("search-1024x700.png");

        // the search's results are trained results of their plans: dialling the best one in shows it as the headline
        SearchTrial best = s.bestProperty().get();
        interact(() -> w.vm.applyPlanText(best.plan()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.trained().trainedProperty().get() != null);
        assertEquals(best.accuracy(), w.vm.trained().trainedProperty().get().accuracy(), 1e-12);
        assertEquals(1, w.vm.trained().trainedProperty().get().epochs());

        // open the best trial: the explorer shows the trained model; the Search tab keeps its search
        interact(() -> table.getSelectionModel().select(best));
        interact(() -> lookup("#searchOpen").queryButton().fire());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.networkProperty().get() != null
                && w.app.getMainView().getViewModel().modelPathProperty().get() != null
                && w.app.getMainView().getViewModel().modelPathProperty().get().startsWith(s.folderProperty().get()));
        assertEquals("digits-fastrnn", s.baseProperty().get().name(), "the search's base model stays");
        assertEquals(2, table.getItems().size(), "and its trials");
        assertNotEquals(0, w.vm.networkProperty().get().params());
        assertFalse(s.runningProperty().get());
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> spinner(String id) { return lookup(id).queryAs(Spinner.class); }
}
