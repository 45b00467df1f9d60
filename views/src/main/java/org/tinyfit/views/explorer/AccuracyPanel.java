package org.tinyfit.views.explorer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The three accuracies, each labelled with what it is (docs/METHODS.md): projected
 * (before retraining, live), trained ({@link TrainedPanel}: the atlas or a retrain) and
 * quantized only; plus the stored model's baseline. Every number says how many
 * samples it was measured on and carries its 95% interval.
 */
public final class AccuracyPanel {
    private final ExplorerViewModel vm;
    private final AccuracyViewModel acc;
    private final VBox root = new VBox(6);
    private final HeadlineAccuracy head;
    private final Label projected = big("headlineAccuracy");
    private final Label projectedCi = small("headlineInterval");
    private final Label projectedSamples = small("headlineSamples");
    private final Label before = small("beforeRetraining");
    private final Label projectedNote = small("projectedNote");
    private final Label predicted = small("predictedAccuracy");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label quantized = mid("quantizedAccuracy");
    private final Label quantizedDetail = small("quantizedDetail");
    private final Label baseline = mid("baselineAccuracy");
    private final Label baselineDetail = small("baselineDetail");

    public AccuracyPanel(ExplorerViewModel vm) {
        this.vm = vm;
        this.acc = vm.accuracy();
        this.head = vm.headline();
        root.setId("accuracyPanel");
        root.getStyleClass().add("accuracy-panel");
        root.setPadding(new Insets(10, 12, 10, 12));
        Label title = new Label("Accuracy (measured)");
        title.getStyleClass().add("section-title");
        Label data = small("evalData");
        data.textProperty().bind(acc.dataNoteProperty());
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        data.setMinWidth(0);
        HBox top = new HBox(8, title, sp, data, dataMenu());
        top.setAlignment(Pos.BASELINE_LEFT);

        Label pl = caption(AccuracyViewModel.CAPTION_PROJECTED);
        pl.setId("headlineCaption");
        pl.textProperty().bind(head.captionProperty());
        progress.setId("accuracyProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setPrefHeight(6);
        progress.progressProperty().bind(head.progressProperty());
        projected.textProperty().bind(head.valueProperty());
        projectedCi.textProperty().bind(head.intervalProperty());
        projectedSamples.textProperty().bind(head.detailProperty());
        projectedSamples.setWrapText(true);
        projectedSamples.setMinHeight(Region.USE_PREF_SIZE);
        head.staleProperty().addListener((o, a, b) -> {
            projected.getStyleClass().remove("stale");
            if (b) projected.getStyleClass().add("stale");
        });
        before.setWrapText(true);
        before.setMinHeight(Region.USE_PREF_SIZE);
        before.textProperty().bind(head.beforeRetrainingProperty());
        before.visibleProperty().bind(head.beforeRetrainingProperty().isNotEmpty());
        before.managedProperty().bind(before.visibleProperty());
        predicted.getStyleClass().add("prediction");
        predicted.setWrapText(true);
        predicted.setMinHeight(Region.USE_PREF_SIZE);
        predicted.textProperty().bind(vm.prediction().textProperty());
        predicted.visibleProperty().bind(predicted.textProperty().isNotEmpty());
        predicted.managedProperty().bind(predicted.visibleProperty());
        predicted.setTooltip(new javafx.scene.control.Tooltip("A prediction, not a measurement: a Gaussian process fitted on this model's"
                + " trained points (its atlas and the searches run here) estimates the plan's accuracy after training,"
                + " with a 90% interval. Retrain or search to measure it."));
        projectedNote.getStyleClass().add("panel-note");
        projectedNote.textProperty().bind(acc.projectedNoteProperty());
        VBox detail = new VBox(1, projectedCi, projectedSamples);
        HBox.setHgrow(detail, Priority.ALWAYS);
        HBox numberRow = new HBox(10, projected, detail);
        numberRow.setAlignment(Pos.CENTER_LEFT);
        projected.setMinWidth(Region.USE_PREF_SIZE);
        VBox proj = new VBox(2, pl, numberRow, progress, before, predicted, projectedNote);
        proj.getStyleClass().add("accuracy-block");

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(4);
        Label qc = caption("Quantized only"), bc = caption("Baseline (as stored)");
        qc.setMinWidth(Region.USE_PREF_SIZE);
        bc.setMinWidth(Region.USE_PREF_SIZE);
        baselineDetail.setWrapText(true);
        baselineDetail.setMinHeight(Region.USE_PREF_SIZE);
        quantizedDetail.setMinHeight(Region.USE_PREF_SIZE);
        g.addRow(0, qc, quantized, quantizedDetail);
        g.addRow(1, bc, baseline, baselineDetail);
        quantizedDetail.setWrapText(true);
        TrainedPanel trainedPanel = new TrainedPanel(vm.trained());
        Label tc = caption("Trained");
        g.addRow(2, tc, trainedPanel.result());
        GridPane.setColumnSpan(trainedPanel.result(), 2);
        GridPane.setValignment(tc, javafx.geometry.VPos.TOP);
        // a trained result is the headline: the row stays only for why there is none, or the quantized siblings
        tc.visibleProperty().bind(vm.trained().trainedProperty().isNull().or(vm.trained().siblingsProperty().isNotEmpty()));
        tc.managedProperty().bind(tc.visibleProperty());
        projectedNote.managedProperty().bind(projectedNote.textProperty().isNotEmpty());

        javafx.scene.control.Tooltip foot = new javafx.scene.control.Tooltip("The headline is the best trained accuracy of the plan"
                + " (an atlas variant or a retrain here) when there is one, else the projected one.\n"
                + "Projected: the stored weights projected onto the plan's structure and quantized, not retrained; "
                + "at 10\u00d7 or more this usually falls near chance until the structure is trained.\n"
                + "Quantized only: the plan's bit widths on the dense weights.");
        foot.setWrapText(true);
        foot.setMaxWidth(420);
        title.setTooltip(foot);
        pl.setTooltip(foot);
        root.setMinHeight(Region.USE_PREF_SIZE);
        root.getChildren().addAll(top, proj, g, trainedPanel.controls());

        acc.quantizedProperty().addListener((o, a, b) -> refresh());
        acc.quantizedNoteProperty().addListener((o, a, b) -> refresh());
        acc.baselineProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    public Parent getRoot() { return root; }

    /** Attach or detach an evaluation or training set (the forms DataFiles reads). */
    private javafx.scene.control.MenuButton dataMenu() {
        DataViewModel d = vm.data();
        javafx.scene.control.MenuButton m = new javafx.scene.control.MenuButton("Data");
        m.setId("dataMenu");
        m.setMinWidth(Region.USE_PREF_SIZE);
        m.disableProperty().bind(vm.networkProperty().isNull());
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        m.setTooltip(tip);
        Runnable tipText = () -> tip.setText("Evaluation set: " + or(d.statusProperty(DataViewModel.Role.EVAL).get(), "the model's own, if it names one")
                + "\nTraining set: " + or(d.statusProperty(DataViewModel.Role.TRAIN).get(), "the model's own, if it names one")
                + "\nForms: " + org.tinyfit.model.io.DataFiles.FORMS);
        for (DataViewModel.Role r : DataViewModel.Role.values()) {
            d.statusProperty(r).addListener((o, a, b) -> tipText.run());
            javafx.scene.control.MenuItem file = new javafx.scene.control.MenuItem("Attach " + r.title() + " (file or x.npy + y.npy)\u2026");
            file.setId("attach-" + r.id());
            file.setOnAction(e -> {
                javafx.stage.FileChooser c = new javafx.stage.FileChooser();
                c.setTitle("Attach the " + r.title() + ": .safetensors, .npz (x, y), x.npy with y.npy, or .csv (label first)");
                c.getExtensionFilters().addAll(
                        new javafx.stage.FileChooser.ExtensionFilter("Data sets", "*.safetensors", "*.npz", "*.npy", "*.csv"),
                        new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
                vm.main().lastDirectory().ifPresent(dir -> c.setInitialDirectory(dir.toFile()));
                java.util.List<java.io.File> fs = c.showOpenMultipleDialog(root.getScene() == null ? null : root.getScene().getWindow());
                if (fs != null && !fs.isEmpty()) d.attach(r, DataViewModel.argOf(fs.stream().map(java.io.File::toPath).toList()));
            });
            javafx.scene.control.MenuItem folder = new javafx.scene.control.MenuItem("Attach " + r.title() + " folder (x.npy, y.npy)\u2026");
            folder.setId("attachFolder-" + r.id());
            folder.setOnAction(e -> {
                javafx.stage.DirectoryChooser c = new javafx.stage.DirectoryChooser();
                c.setTitle("Attach the " + r.title() + ": a folder holding x.npy and y.npy");
                java.io.File f = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
                if (f != null) d.attach(r, f.getAbsolutePath());
            });
            javafx.scene.control.MenuItem detach = new javafx.scene.control.MenuItem("Detach " + r.title());
            detach.setId("detach-" + r.id());
            detach.disableProperty().bind(d.attachedProperty(r).isNull());
            detach.setOnAction(e -> d.detach(r));
            if (!m.getItems().isEmpty()) m.getItems().add(new javafx.scene.control.SeparatorMenuItem());
            m.getItems().addAll(file, folder, detach);
        }
        tipText.run();
        return m;
    }

    private static String or(String s, String other) { return s == null || s.isEmpty() ? other : s; }

    private static Label caption(String t) {
        Label l = new Label(t);
        l.getStyleClass().add("setting-caption");
        return l;
    }

    private static Label big(String id) { return styled(id, "accuracy-big"); }

    private static Label mid(String id) {
        Label l = styled(id, "accuracy-mid");
        l.setMinWidth(Region.USE_PREF_SIZE); // "93.2 %", never "…"
        return l;
    }

    private static Label small(String id) { return styled(id, "accuracy-small"); }

    private static Label styled(String id, String cls) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(cls);
        return l;
    }

    private void refresh() {
        AccuracyViewModel.Estimate q = acc.quantizedProperty().get();
        if (q != null) {
            quantized.setText(q.percent());
            quantizedDetail.setText(q.interval() + ", " + q.samples());
        } else {
            quantized.setText("\u2014");
            quantizedDetail.setText(acc.quantizedNoteProperty().get());
        }
        AccuracyViewModel.Estimate b = acc.baselineProperty().get();
        baseline.setText(b == null ? "\u2014" : b.percent());
        baselineDetail.setText(b == null ? "" : b.interval() + ", " + b.samples());
    }
}
