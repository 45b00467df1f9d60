package org.tinyfit.views.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;
import org.tinyfit.views.Formats;

/**
 * Accuracy (measured) against flash or MACs (estimates): the atlas's trained variants
 * (one series per technique), retrains of this session, the Pareto front over all
 * trained points, the plans explored in this session (projected, not retrained) and
 * the current plan on top. Clicking a point loads its plan. The cost axis is log10
 * by default (JavaFX has no log axis: values are plotted as log10 with tick labels
 * formatted back). Rebuilt from the view model on every change (a few hundred points
 * at most).
 */
public final class ChartPanel {
    public static final String PARETO = "Pareto front (trained)";
    private static final Map<String, String> COLORS = Map.ofEntries(
            Map.entry("kp", "#3d9a50"), Map.entry("hkp", "#1f9e9e"), Map.entry("dkp", "#c9a227"), Map.entry("lmf", "#9b59b6"),
            Map.entry("prune", "#a0522d"), Map.entry("small", "#7f8c8d"), Map.entry("kp-int8", "#86c98f"), Map.entry("kp-int4", "#e67fa0"));
    private static final String[] SPARE = {"#5d6d7e", "#b9770e", "#6c3483", "#117864", "#cb4335"};
    private static final String SESSION_COLOR = "#2f6fb5";
    private static final String CURRENT_COLOR = "#e8710a";
    private static final String RETRAINED_COLOR = "#d81b60";
    private static final String PARETO_COLOR = "#1e2530";

    private final ChartViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NumberAxis x = new NumberAxis();
    private final NumberAxis y = new NumberAxis(0, 100, 10);
    private final LineChart<Number, Number> chart = new LineChart<>(x, y);
    private final ToggleButton byFlash = new ToggleButton("vs flash");
    private final ToggleButton byMacs = new ToggleButton("vs MACs");
    private final CheckBox log = new CheckBox("log scale");
    private boolean rebuildQueued;

    public ChartPanel(ChartViewModel vm, Node exportButton) {
        this.vm = vm;
        root.setId("chartPanel");
        chart.setId("accuracyChart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setCreateSymbols(true);
        chart.setPadding(new Insets(6, 26, 4, 6)); // room for the last tick label of the cost axis
        chart.setAxisSortingPolicy(LineChart.SortingPolicy.X_AXIS);
        chart.setTitle("Accuracy vs cost: trained (atlas, retrains) and projected (this session)");
        y.setLabel("Accuracy (%, measured)");
        byFlash.setId("chartByFlash");
        byMacs.setId("chartByMacs");
        byFlash.setSelected(true);
        log.setId("chartLog");
        log.setSelected(true);
        log.setTooltip(new Tooltip("Logarithmic cost axis: compressed variants crowd at the left of a linear one"));
        log.selectedProperty().addListener((o, a, b) -> rebuild());
        SegmentedButton axis = new SegmentedButton(byFlash, byMacs);
        axis.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true);
            else rebuild();
        });
        Label hint = new Label("Click a point to load its plan");
        hint.getStyleClass().add("panel-note");
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        HBox bar = new HBox(10, axis, log, hint, sp);
        if (exportButton != null) bar.getChildren().add(exportButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 0, 10));
        root.setTop(bar);
        root.setCenter(chart);
        vm.series().addListener((ListChangeListener<ChartViewModel.PlotSeries>) c -> {
            while (c.next()) {
                for (ChartViewModel.PlotSeries s : c.getAddedSubList()) watch(s);
            }
            queueRebuild();
        });
        vm.series().forEach(this::watch);
        rebuild();
    }

    public Parent getRoot() { return root; }

    /** The chart node (for PNG export). */
    public Node chartNode() { return chart; }

    public LineChart<Number, Number> chart() { return chart; }

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

    private double cost(ChartViewModel.PlotPoint p, boolean flash) { return flash ? p.flashBytes() : p.macs(); }

    /** Axis value of a cost: log10(cost) on the log scale, else KB or millions of MACs. */
    private double xValue(double cost, boolean flash, boolean logScale) {
        if (logScale) return Math.log10(Math.max(1, cost));
        return flash ? cost / 1024.0 : cost / 1e6;
    }

    private void rebuild() {
        boolean flash = !byMacs.isSelected();
        boolean logScale = log.isSelected();
        x.setLabel(flash ? (logScale ? "Flash (estimate, log scale)" : "Flash (KB, estimate)")
                : (logScale ? "MACs per inference (estimate, log scale)" : "MACs per inference (millions, estimate)"));
        chart.getData().clear();
        List<Runnable> styling = new ArrayList<>();
        Map<String, String> legend = new java.util.LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int spare = 0;
        List<ChartViewModel.PlotSeries> ordered = new ArrayList<>();
        for (ChartViewModel.PlotSeries s : vm.series()) if (!s.kind().equals("session") && !s.kind().equals("current")) ordered.add(s);
        for (ChartViewModel.PlotSeries s : vm.series()) if (s.kind().equals("session") || s.kind().equals("current")) ordered.add(s);
        for (ChartViewModel.PlotSeries s : ordered) {
            String color = colorOf(s);
            if (color == null) color = SPARE[spare++ % SPARE.length];
            XYChart.Series<Number, Number> out = new XYChart.Series<>();
            String name = s.name() + (s.kind().equals("current") || s.points().isEmpty() ? "" : " (" + s.points().size() + ")");
            out.setName(name);
            for (ChartViewModel.PlotPoint p : s.points()) {
                if (!p.plottable()) continue;
                double c = cost(p, flash);
                lo = Math.min(lo, c);
                hi = Math.max(hi, c);
                XYChart.Data<Number, Number> d = new XYChart.Data<>(xValue(c, flash, logScale), 100 * p.accuracy());
                Node n = pointNode(p, s.kind());
                d.setNode(n);
                out.getData().add(d);
                String style = pointStyle(s.kind(), p, color);
                styling.add(() -> {
                    n.getStyleClass().addAll("chart-point", "point-" + s.kind()); // the chart resets classes on insert
                    n.setStyle(style);
                });
            }
            chart.getData().add(out);
            styling.add(() -> { if (out.getNode() != null) out.getNode().setStyle("-fx-stroke: transparent;"); });
            legend.put(name, "-fx-background-color: " + color + (s.kind().equals("session") || s.kind().equals("current")
                    ? ", white; -fx-background-insets: 0, 2;" : ";"));
        }
        List<ChartViewModel.PlotPoint> front = vm.trainedFront(flash);
        if (front.size() >= 2) {
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(PARETO);
            for (ChartViewModel.PlotPoint p : front) {
                XYChart.Data<Number, Number> d = new XYChart.Data<>(xValue(cost(p, flash), flash, logScale), 100 * p.accuracy());
                Region dot = new Region(); // the front's vertices are the trained points drawn above; no second symbol
                dot.setMouseTransparent(true);
                dot.setVisible(false);
                d.setNode(dot);
                line.getData().add(d);
            }
            chart.getData().add(0, line);
            styling.add(() -> {
                if (line.getNode() != null) {
                    line.getNode().setStyle("-fx-stroke: " + PARETO_COLOR + "; -fx-stroke-width: 1.5px; -fx-stroke-dash-array: 6 4;");
                    line.getNode().setMouseTransparent(true);
                }
            });
            legend.put(PARETO, "-fx-background-color: " + PARETO_COLOR + "; -fx-padding: 1 7 1 7; -fx-background-radius: 0;");
        }
        styleAxis(flash, logScale, lo, hi);
        styling.forEach(Runnable::run);
        for (Node n : chart.lookupAll(".chart-legend-item")) {
            if (n instanceof Label l && l.getGraphic() != null && legend.containsKey(l.getText())) l.getGraphic().setStyle(legend.get(l.getText()));
        }
    }

    private void styleAxis(boolean flash, boolean logScale, double lo, double hi) {
        if (!logScale) {
            x.setAutoRanging(true);
            x.setForceZeroInRange(true);
            x.setTickLabelFormatter(null);
            return;
        }
        if (!(lo <= hi)) {
            lo = flash ? 1024 : 1000;
            hi = lo * 100;
        }
        double unit = flash ? Math.log10(1024) : 0; // flash ticks at 0.32, 1, 3.2, 10 ... KB
        double a = Math.floor(2 * (Math.log10(Math.max(1, lo)) - unit) - 0.15) / 2 + unit;
        double b = Math.ceil(2 * (Math.log10(Math.max(1, hi)) - unit) + 0.15) / 2 + unit;
        if (b - a < 1) b = a + 1;
        x.setAutoRanging(false);
        x.setForceZeroInRange(false);
        x.setLowerBound(a);
        x.setUpperBound(b);
        x.setTickUnit(b - a > 4 ? 1 : 0.5);
        x.setMinorTickCount(0);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override public String toString(Number v) {
                double c = Math.pow(10, v.doubleValue());
                if (!flash) return compact(c);
                double kb = c / 1024;
                return (kb >= 1000 ? Formats.integer(Math.round(kb)) : compact(kb)) + " KB";
            }

            @Override public Number fromString(String s) { return 0; }
        });
    }

    /** Two significant digits with k / M suffixes: 0.32, 1, 3.2, 10, 32, 320, 1k, 3.2k, 1M. */
    static String compact(double v) {
        String suffix = "";
        if (v >= 1e6) { v /= 1e6; suffix = "M"; } else if (v >= 1e3) { v /= 1e3; suffix = "k"; }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(2));
        return d.stripTrailingZeros().toPlainString() + suffix;
    }

    private static String colorOf(ChartViewModel.PlotSeries s) {
        return switch (s.kind()) {
            case "session" -> SESSION_COLOR;
            case "current" -> CURRENT_COLOR;
            case ChartViewModel.KIND_RETRAINED -> RETRAINED_COLOR;
            default -> COLORS.get(s.name().replaceFirst("^Atlas ", ""));
        };
    }

    private static String pointStyle(String kind, ChartViewModel.PlotPoint p, String color) {
        return switch (kind) {
            case "session" -> "-fx-background-color: " + color + "cc, white; -fx-background-insets: 0, 2;";
            case "current" -> "";
            case ChartViewModel.KIND_RETRAINED -> "-fx-background-color: white, " + color + "; -fx-background-insets: 0, 2;"
                    + " -fx-shape: \"M5,0 L10,5 L5,10 L0,5 Z\"; -fx-pref-width: 13; -fx-pref-height: 13;";
            default -> "-fx-background-color: " + color + "; -fx-pref-width: 10; -fx-pref-height: 10;"
                    + (p.planText() == null ? " -fx-shape: \"M0,0 L10,0 L10,10 L0,10 Z\";" : "");
        };
    }

    private Node pointNode(ChartViewModel.PlotPoint p, String kind) {
        StackPane n = new StackPane();
        n.setUserData(p);
        double size = kind.equals("current") ? 14 : 9;
        n.setPrefSize(size, size);
        boolean trained = kind.equals(ChartViewModel.KIND_ATLAS) || kind.equals(ChartViewModel.KIND_RETRAINED)
                || ChartViewModel.KIND_CURRENT_TRAINED.equals(p.kind());
        String what = trained ? "trained" : "projected, not retrained";
        Tooltip.install(n, new Tooltip(p.label() + "\n"
                + Formats.percent(100 * p.accuracy()) + " " + what + " (95% CI " + Formats.decimal1(100 * p.ciLow()) + "\u2013"
                + Formats.percent(100 * p.ciHigh()) + ", " + Formats.integer(p.samples()) + " samples)\n"
                + Formats.bytes(p.flashBytes()) + " flash \u00b7 " + Formats.count(p.macs()) + " MACs (estimates)"
                + (p.planText() == null ? "\nclick: where to find this model" : "\nclick to load: " + (p.planText().isEmpty() ? "all dense" : p.planText()))));
        n.setCursor(Cursor.HAND);
        n.setOnMouseClicked(e -> vm.pick(p));
        return n;
    }
}
