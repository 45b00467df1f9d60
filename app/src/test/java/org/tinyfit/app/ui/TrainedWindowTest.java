package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
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
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.TrainedCache;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.Formats;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;
import org.tinyfit.views.explorer.ChartPanel;
import org.tinyfit.views.explorer.ChartViewModel;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.explorer.TrainedViewModel;

/**
 * The trained side of the explorer on the shipped digits-fastrnn (its atlas is complete
 * and it trains in seconds): the atlas accuracy of a shipped plan, a retrain of a plan the
 * atlas lacks (cached in a temporary folder), Cancel, the atlas on the chart, exports.
 * Screenshots: explorer-atlas.png, explorer-retrain.png, explorer-trained.png.
 */
class TrainedWindowTest extends FxRobot {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final Path DIGITS = HOME.resolve("sample-models/digits-fastrnn");
    private static Locale savedLocale;

    @TempDir Path tmp;
    private Window w;
    private AppServices services;
    private TinyFitApp app;
    private Stage stage;
    private ExplorerViewModel vm;
    private TrainedViewModel tv;
    private List<org.tinyfit.views.explorer.Message> messages;

    @BeforeAll
    static void locale() throws Exception {
        savedLocale = Locale.getDefault();
        Window.registerStage();
    }

    @AfterAll
    static void restoreLocale() { Locale.setDefault(savedLocale); }

    @BeforeEach
    void start() throws Exception {
        w = Window.withSample(this, tmp, "digits-fastrnn");
        services = w.services;
        app = w.app;
        stage = w.stage;
        vm = w.vm;
        tv = vm.trained();
        messages = w.messages;
        // the baseline plan keeps every matrix dense: nothing to retrain there, once the training set is read
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tv.atlas() != null
                && tv.retrainNoteProperty().get().equals(TrainedViewModel.NOTHING_TO_RETRAIN));
        assertFalse(tv.canRetrainProperty().get(), "Retrain is disabled on an all-dense plan");
        assertTrue(lookup("#retrainButton").query().isDisabled());
    }

    @AfterEach
    void stop() throws Exception {
        interact(tv::cancelRetrain);
        w.close();
    }

    /** The atlas row of a plan, read from the CSV here (not through the Atlas class): accuracy, ci low, ci high. */
    private static double[] atlasRow(String technique, String plan) throws IOException {
        for (String line : Files.readAllLines(DIGITS.resolve("atlas.csv"))) {
            String head = technique + ",\"" + plan + "\",";
            if (line.startsWith(head)) {
                String[] f = line.substring(head.length()).split(",");
                // params, compression, flash, macs, accuracy, ci low, ci high
                return new double[] {Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])};
            }
        }
        throw new AssertionError("no atlas row for " + plan);
    }

    @Test
    void atlasAccuracyOfAShippedPlanAndTheAtlasOnTheChart() throws Exception {
        // typed into the plan field, as a user would
        interact(() -> lookup("#planField").queryAs(javafx.scene.control.TextField.class).setText("rnn.kernel=kp:4x5,8x8"));
        clickOn("#planField").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> tv.trainedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        double[] row = atlasRow("kp", "rnn.kernel=kp:4x5,8x8;fc.kernel=dense");
        String text = label("#trainedAccuracy").getText();
        assertTrue(text.startsWith("Trained (atlas): " + Formats.percent(100 * row[0]) + " (95% CI " + Formats.decimal1(100 * row[1])
                + "\u2013" + Formats.percent(100 * row[2]) + "), from scratch, 30 epochs, seed 1"), text);
        String sib = label("#trainedSiblings").getText();
        assertTrue(sib.contains("kp-int8") && sib.contains("kp-int4"), sib);

        // the chart: one series per technique of the atlas, the Pareto front over them
        interact(() -> lookup("#panels").queryAs(TabPane.class).getSelectionModel().select(0));
        long atlasRows = Files.readAllLines(DIGITS.resolve("atlas.csv")).size() - 1;
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup(".point-atlas").queryAll().size() == atlasRows);
        List<String> names = vm.chart().series().stream().map(ChartViewModel.PlotSeries::name).toList();
        assertTrue(names.containsAll(List.of("Atlas kp", "Atlas hkp", "Atlas dkp", "Atlas lmf", "Atlas prune", "Atlas small", "Atlas kp-int8")), names.toString());
        var chart = app.getMainView().getChart().chart();
        assertTrue(chart.getData().stream().anyMatch(s -> s.getName().equals(ChartPanel.PARETO)), "a Pareto front");
        List<ChartViewModel.PlotPoint> front = vm.chart().trainedFront(true);
        assertTrue(front.size() >= 2, front.toString());
        for (int i = 1; i < front.size(); i++) {
            assertTrue(front.get(i).flashBytes() >= front.get(i - 1).flashBytes() && front.get(i).accuracy() > front.get(i - 1).accuracy());
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.accuracy().projectedProperty().get() != null
                && !vm.accuracy().projectedProperty().get().running());
        WaitForAsyncUtils.waitForFxEvents();
        shoot("explorer-atlas.png");

        // clicking an atlas point loads its plan; the small model's point says where that model is
        Node int8 = atlasNode(p -> p.planText() != null && p.planText().contains("activations=int8"));
        double[] int8Row = atlasRow("kp-int8", "rnn.kernel=kp:4x5,8x8/int8;fc.kernel=dense/int8;activations=int8");
        clickOn(int8);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.planTextProperty().get().contains("kp:4x5,8x8/int8"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label("#trainedAccuracy").getText()
                .startsWith("Trained (atlas), quantized after training: " + Formats.percent(100 * int8Row[0]) + " (95% CI "));
        String before = vm.planTextProperty().get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.accuracy().projectedProperty().get() != null
                && !vm.accuracy().projectedProperty().get().running()
                && vm.accuracy().projectedProperty().get().planText().equals(before)
                && vm.chart().currentSeries().points().size() == 1); // the chart has settled: no redraw under the click
        WaitForAsyncUtils.waitForFxEvents();
        // the headline is the trained result with its source and interval; the projected one is the line "before retraining"
        assertEquals(Formats.percent(100 * int8Row[0]), label("#headlineAccuracy").getText());
        assertTrue(label("#headlineCaption").getText().startsWith("Trained (atlas), quantized after training"), label("#headlineCaption").getText());
        assertEquals("95% CI " + Formats.decimal1(100 * int8Row[1]) + "\u2013" + Formats.percent(100 * int8Row[2]), label("#headlineInterval").getText());
        String projected = vm.accuracy().projectedProperty().get().percent();
        assertTrue(lookup("#beforeRetraining").query().isVisible());
        assertTrue(label("#beforeRetraining").getText().startsWith("Before retraining (projected): " + projected + " (95% CI "),
                label("#beforeRetraining").getText());
        // the current plan's marker sits at the trained accuracy, not the projected one
        ChartViewModel.PlotPoint cur = vm.chart().currentSeries().points().get(0);
        assertEquals(int8Row[0], cur.accuracy(), 1e-9);
        assertEquals(ChartViewModel.KIND_CURRENT_TRAINED, cur.kind());
        shoot("explorer-headline-trained.png");
        Node small = atlasNode(p -> p.planText() == null);
        clickOn(small);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, vm.planTextProperty().get(), "a smaller model is not a plan: nothing loads");
        assertTrue(vm.messageProperty().get().text().contains("digits-fastrnn.small-13.tinyfit"), vm.messageProperty().get().text());
    }

    @Test
    void retrainAPlanTheAtlasLacks() throws Exception {
        interact(() -> assertTrue(vm.applyPlanText("rnn.kernel=kp:8x4,4x10")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(label("#trainedAccuracy").getText().startsWith(TrainedViewModel.NONE), label("#trainedAccuracy").getText());
        assertTrue(label("#retrainNote").getText().startsWith("\u2248 "), label("#retrainNote").getText());
        interact(() -> tv.epochsProperty().set(3));
        List<String> progress = new CopyOnWriteArrayList<>();
        interact(() -> tv.progressTextProperty().addListener((o, a, b) -> progress.add(b)));
        clickOn("#retrainButton");
        // read on the FX thread: a short retrain may finish at once, and its result is published there in one step
        interact(() -> assertTrue(tv.runningProperty().get() || tv.trainedProperty().get() != null, "the retrain started"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !tv.runningProperty().get());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> tv.trainedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("epoch ") && p.contains("loss") && p.contains("samples/s")), progress.toString());
        // the focus is back on Retrain, and the next estimate comes from this run's speed
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> stage.getScene().getFocusOwner() == lookup("#retrainButton").query());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("focus on " + stage.getScene().getFocusOwner());
        }
        assertTrue(tv.retrainNoteProperty().get().endsWith("(from the speed of the last retrain here)"), tv.retrainNoteProperty().get());

        // the number shown is the cached model's provenance accuracy
        Network base = vm.networkProperty().get();
        String eff = TrainedViewModel.effectiveText(base, vm.getPlan());
        assertEquals("rnn.kernel=kp:8x4,4x10;fc.kernel=dense", eff);
        String key = TrainedCache.key(Files.readAllBytes(DIGITS.resolve("digits-fastrnn.tinyfit")), eff, "scratch", 3, 1);
        Path cached = services.trainedCache().file(key);
        assertTrue(Files.isRegularFile(cached), cached.toString());
        double acc = TrainedCache.accuracy(TinyfitFile.read(cached));
        String text = label("#trainedAccuracy").getText();
        assertTrue(text.startsWith("Retrained on this machine: " + Formats.percent(100 * acc)), text + " vs " + acc);
        assertTrue(text.contains("from scratch, 3 epochs, seed 1"), text);

        // and it joins the chart as a Retrained point
        interact(() -> lookup("#panels").queryAs(TabPane.class).getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup(".point-retrained").queryAll().size() == 1);
        ChartViewModel.PlotPoint p = (ChartViewModel.PlotPoint) lookup(".point-retrained").query().getUserData();
        assertEquals(acc, p.accuracy(), 1e-12);
        assertEquals(eff, p.planText());
        assertTrue(messages.stream().anyMatch(m -> m.text().startsWith("Retrained ") && !m.error()), messages.toString());
        shoot("explorer-trained.png");

        // the headline is the retrain's accuracy
        assertEquals(Formats.percent(100 * acc), label("#headlineAccuracy").getText());
        assertTrue(label("#headlineCaption").getText().startsWith("Retrained on this machine"), label("#headlineCaption").getText());
        assertTrue(label("#headlineSamples").getText().contains("3 epochs"), label("#headlineSamples").getText());

        // leaving the plan and coming back finds it again (session), and a new window finds it in the cache
        interact(vm::undo);
        WaitForAsyncUtils.waitForFxEvents();
        interact(vm::redo);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> tv.trainedProperty().get() != null
                && tv.trainedProperty().get().source() == org.tinyfit.views.explorer.Trained.Source.RETRAINED);

        // results are not keyed by the spinner: another epoch count still shows the retrain (the best, with its epochs)
        interact(() -> tv.epochsProperty().set(10));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(tv.trainedProperty().get(), "the retrain stays when the spinner moves");
        assertEquals(3, tv.trainedProperty().get().epochs());
        // a reload (spinner back at its default) finds every retrain of the plan in the cache
        interact(() -> vm.main().openFile(DIGITS.resolve("digits-fastrnn.tinyfit")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.networkProperty().get() != base && vm.networkProperty().get() != null
                && tv.atlas() != null);
        interact(() -> assertTrue(vm.applyPlanText("rnn.kernel=kp:8x4,4x10")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tv.trainedProperty().get() != null);
        assertEquals(3, tv.trainedProperty().get().epochs());
        assertEquals(30, tv.epochsProperty().get(), "the spinner is at the default again");
        assertEquals(acc, tv.trainedProperty().get().accuracy(), 1e-12);
    }

    @Test
    void cancelLeavesNoResultAndAMessage() throws Exception {
        interact(() -> assertTrue(vm.applyPlanText("rnn.kernel=kp:8x4,4x10")));
        interact(() -> tv.epochsProperty().set(400));
        String history = vm.planTextProperty().get();
        clickOn("#retrainButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> tv.progressTextProperty().get().startsWith("epoch "));
        Thread.sleep(400);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(lookup("#retrainRunning").query().isVisible());
        assertTrue(lookup("#retrainButton").query().isDisabled());
        // the window stays responsive: the cost of a new plan arrives while training runs
        interact(() -> assertTrue(vm.applyPlanText("rnn.kernel=kp:4x4,8x10")));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.costsProperty().get().planText().equals(vm.planTextProperty().get()));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label("#trainedAccuracy").getText().startsWith("Trained (atlas)"));
        interact(vm::undo);
        assertEquals(history, vm.planTextProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        shoot("explorer-retrain.png");
        clickOn("#retrainCancel");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !tv.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(messages.stream().anyMatch(m -> m.text().equals("Retraining cancelled; nothing was stored") && !m.error()), messages.toString());
        assertNull(tv.trainedProperty().get());
        assertTrue(label("#trainedAccuracy").getText().startsWith(TrainedViewModel.NONE));
        assertFalse(lookup("#retrainButton").query().isDisabled());
        assertEquals(history, vm.planTextProperty().get(), "the plan is kept");
        assertTrue(vm.canUndoProperty().get(), "the history is kept");
        Path cache = services.trainedCache().dir();
        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.list(cache)) {
                assertEquals(List.of(), s.toList(), "nothing cached");
            }
        }
        assertTrue(vm.chart().series().stream().noneMatch(s -> s.name().equals(ChartViewModel.RETRAINED)));
    }

    @Test
    void exportsWriteFilesAndSayWhere() throws Exception {
        interact(() -> assertTrue(vm.applyPlanText("rnn.kernel=kp:4x5,8x8")));
        // the plan has a trained atlas variant: exports use its weights, not the projection
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.trained().trainedProperty().get() != null);
        Path c = tmp.resolve("c-out");
        interact(() -> vm.exportC(c));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.messageProperty().get() != null
                && vm.messageProperty().get().text().startsWith("Wrote tinyfit_model.h"));
        assertTrue(Files.isRegularFile(c.resolve("tinyfit_model.c")));
        assertTrue(Files.isRegularFile(c.resolve("tinyfit_model.h")));
        String msg = vm.messageProperty().get().text();
        assertTrue(msg.contains(c.toString()) && msg.contains("SRAM") && msg.contains("Flash"), msg);

        Path model = tmp.resolve("digits-kp.tinyfit");
        interact(() -> vm.exportModel(model));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.isRegularFile(model) && vm.messageProperty().get().text().startsWith("Wrote " + model));
        Network back = TinyfitFile.read(model);
        assertEquals("rnn.kernel=kp:4x5,8x8;fc.kernel=dense", back.provenance().plan());
        assertTrue(vm.messageProperty().get().text().contains("trained weights of atlas variant digits-fastrnn.kp-4x5-8x8.tinyfit"),
                vm.messageProperty().get().text());
        assertEquals(30, back.provenance().epochs(), "the trained variant's provenance, not the baseline's");
        assertEquals(0.9017632241813602, back.provenance().accuracy().value(), 0.0, "measured on the file: the variant's weights, unchanged");
        assertEquals("rnn.kernel=kp:4x5,8x8;fc.kernel=dense",
                PlanText.format(org.tinyfit.model.compress.Compressor.effectivePlan(back, null)));

        Path csv = tmp.resolve("costs.csv");
        interact(() -> vm.exportCostTable(csv));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.isRegularFile(csv) && vm.messageProperty().get().text().startsWith("Wrote " + csv));
        assertTrue(Files.readString(csv).contains("rnn.kernel"));

        // a failure is a message, not a stack trace
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        interact(() -> vm.exportC(file));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.messageProperty().get() != null && vm.messageProperty().get().error());
        String err = vm.messageProperty().get().text();
        assertTrue(err.startsWith("C export failed: ") && !err.contains("at org."), err);
        assertNotNull(lookup("#exportMenu").query());
    }

    /** The atlas point node of the chart as drawn now (a plan change redraws the chart: wait for it to settle). */
    private Node atlasNode(java.util.function.Predicate<ChartViewModel.PlotPoint> which) throws Exception {
        Node[] found = new Node[1];
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            found[0] = lookup(".point-atlas").queryAll().stream()
                    .filter(n -> n.getScene() != null && n.getUserData() instanceof ChartViewModel.PlotPoint p && which.test(p))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private Label label(String id) {
        return lookup(id).queryAs(Label.class);
    }

    private Path shoot(String name) throws IOException {
        Scene scene = stage.getScene();
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = scene.snapshot(null));
        BufferedImage bi = SwingFXUtils.fromFXImage(img[0], null);
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(bi, "png", out.toFile()));
        return out;
    }
}
