package org.tinyfit.views.explorer;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.SegmentedButton;
import org.tinyfit.views.Formats;

/**
 * Accuracy (measured, projected) against flash or MACs (estimates): one series per
 * {@link ChartViewModel.PlotSeries}, the current plan on top. Clicking a point
 * loads its plan. Rebuilt from the view model on every change (a few hundred
 * points at most).
 */
public final class ChartPanel {
    private final ChartViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NumberAxis x = new NumberAxis();
    private final NumberAxis y = new NumberAxis(0, 100, 10);
    private final ScatterChart<Number, Number> chart = new ScatterChart<>(x, y);
    private final ToggleButton byFlash = new ToggleButton("vs flash");
    private final ToggleButton byMacs = new ToggleButton("vs MACs");
    private boolean rebuildQueued;

    public ChartPanel(ChartViewModel vm, Node exportButton) {
        this.vm = vm;
        root.setId("chartPanel");
        chart.setId("accuracyChart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setTitle("Accuracy before retraining vs cost");
        x.setForceZeroInRange(true);
        y.setLabel("Projected accuracy (%, measured)");
        byFlash.setId("chartByFlash");
        byMacs.setId("chartByMacs");
        byFlash.setSelected(true);
        SegmentedButton axis = new SegmentedButton(byFlash, byMacs);
        axis.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true);
            else rebuild();
        });
        Label hint = new Label("Click a point to load its plan");
        hint.getStyleClass().add("panel-note");
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        HBox bar = new HBox(10, axis, hint, sp);
        if (exportButton != null) bar.getChildren().add(exportButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 0, 10));
        root.setTop(bar);
        root.setCenter(chart);
        vm.series().addListener((ListChangeListener<ChartViewModel.PlotSeries>) c -> {
            while (c.next()) {
                for (ChartViewModel.PlotSeries s : c.getAddedSubList()) watch(s);
            }
            rebuild();
        });
        vm.series().forEach(this::watch);
        rebuild();
    }

    public Parent getRoot() { return root; }

    /** The chart node (for PNG export). */
    public Node chartNode() { return chart; }

    public ScatterChart<Number, Number> chart() { return chart; }

    private void watch(ChartViewModel.PlotSeries s) {
        s.points().addListener((ListChangeListener<ChartViewModel.PlotPoint>) c -> queueRebuild());
    }

    private void queueRebuild() {
        if (rebuildQueued) return;
        rebuildQueued = true;
        javafx.application.Platform.runLater(() -> {
            rebuildQueued = false;
            rebuild();
        });
    }

    private void rebuild() {
        boolean flash = !byMacs.isSelected();
        x.setLabel(flash ? "Flash (KB, estimate)" : "MACs per inference (millions, estimate)");
        chart.getData().clear();
        java.util.List<Runnable> styling = new java.util.ArrayList<>();
        for (ChartViewModel.PlotSeries s : vm.series()) {
            XYChart.Series<Number, Number> out = new XYChart.Series<>();
            out.setName(s.name() + (s.kind().equals("current") || s.points().isEmpty() ? "" : " (" + s.points().size() + ")"));
            for (ChartViewModel.PlotPoint p : s.points()) {
                if (!p.plottable()) continue;
                XYChart.Data<Number, Number> d = new XYChart.Data<>(flash ? p.flashBytes() / 1024.0 : p.macs() / 1e6, 100 * p.accuracy());
                Node n = pointNode(p, s.kind());
                d.setNode(n);
                out.getData().add(d);
                styling.add(() -> n.getStyleClass().addAll("chart-point", "point-" + s.kind())); // the chart resets classes on insert
            }
            chart.getData().add(out);
        }
        styling.forEach(Runnable::run);
    }

    private Node pointNode(ChartViewModel.PlotPoint p, String kind) {
        StackPane n = new StackPane();
        n.setUserData(p);
        double size = kind.equals("current") ? 14 : 9;
        n.setPrefSize(size, size);
        Tooltip.install(n, new Tooltip(p.label() + "\n"
                + Formats.percent(100 * p.accuracy()) + " projected (95% CI " + Formats.decimal1(100 * p.ciLow()) + "\u2013"
                + Formats.percent(100 * p.ciHigh()) + ", " + Formats.integer(p.samples()) + " samples)\n"
                + Formats.bytes(p.flashBytes()) + " flash \u00b7 " + Formats.count(p.macs()) + " MACs (estimates)"
                + (p.planText() == null ? "" : "\nclick to load: " + (p.planText().isEmpty() ? "all dense" : p.planText()))));
        if (p.planText() != null) {
            n.setCursor(Cursor.HAND);
            n.setOnMouseClicked(e -> vm.pick(p));
        }
        return n;
    }
}
