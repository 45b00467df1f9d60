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
    private static final String LIMIT_COLOR = "#d0433b";
    /** The legend name of a limit line starts with this. */
    public static final String LIMIT_PREFIX = "limit: ";
    private static final String MISFIT_STYLE = " -fx-border-color: " + LIMIT_COLOR + "; -fx-border-width: 2; -fx-border-radius: 9; -fx-border-insets: -4;";

    private final ChartViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NumberAxis x = new NumberAxis();
    private final NumberAxis y = new NumberAxis(0, 100, 10);
    private final LineChart<Number, Number> chart = new LineChart<>(x, y);
    private final ToggleButton byFlash = new ToggleButton("flash");
    private final ToggleButton bySram = new ToggleButton("SRAM");
    private final ToggleButton byMacs = new ToggleButton("MACs");
    private final ToggleButton byLatency = new ToggleButton("latency");
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
        bySram.setId("chartBySram");
        byMacs.setId("chartByMacs");
        byLatency.setId("chartByLatency");
        byFlash.setTooltip(new Tooltip("Accuracy against flash; the dashed red line is the device's flash"));
        bySram.setTooltip(new Tooltip("Accuracy against peak SRAM on this device; the dashed red line is the device's SRAM"));
        byMacs.setTooltip(new Tooltip("Accuracy against MACs per inference"));
        byLatency.setTooltip(new Tooltip("Accuracy against the estimated latency on this device; the dashed red line is the latency budget"));
        byFlash.setSelected(true);
        log.setId("chartLog");
        log.setSelected(true);
        log.setTooltip(new Tooltip("Logarithmic cost axis: compressed variants crowd at the left of a linear one"));
        log.selectedProperty().addListener((o, a, b) -> rebuild());
        SegmentedButton axis = new SegmentedButton(byFlash, bySram, byMacs, byLatency);
        vm.pointCosts().addListener((javafx.collections.MapChangeListener<String, ChartViewModel.PointCost>) c -> queueRebuild());
        vm.limitsProperty().addListener((o, a, b) -> queueRebuild());
        axis.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true);
            else rebuild();
        });
        Label hint = new Label("Click a point to load its plan; ringed red: does not fit");
        hint.getStyleClass().add("panel-note");
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        for (ToggleButton t : new ToggleButton[] {byFlash, bySram, byMacs, byLatency}) t.setMinWidth(Region.USE_PREF_SIZE);
        log.setMinWidth(Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        if (exportButton instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
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

    private ChartViewModel.Axis axis() {
        if (bySram.isSelected()) return ChartViewModel.Axis.SRAM;
        if (byMacs.isSelected()) return ChartViewModel.Axis.MACS;
        if (byLatency.isSelected()) return ChartViewModel.Axis.LATENCY;
        return ChartViewModel.Axis.FLASH;
    }

    private static boolean bytesAxis(ChartViewModel.Axis a) { return a == ChartViewModel.Axis.FLASH || a == ChartViewModel.Axis.SRAM; }

    /** The plotted cost: bytes, MACs, or microseconds for latency (so that log10 of it stays positive). */
    private double cost(ChartViewModel.PlotPoint p, ChartViewModel.Axis a) {
        double c = vm.cost(p, a);
        return a == ChartViewModel.Axis.LATENCY ? c * 1e6 : c;
    }

    /** Axis value of a cost: log10(cost) on the log scale, else KB, millions of MACs or ms. */
    private double xValue(double cost, ChartViewModel.Axis a, boolean logScale) {
        if (logScale) return Math.log10(Math.max(1, cost));
        return switch (a) {
            case FLASH, SRAM -> cost / 1024.0;
            case MACS -> cost / 1e6;
            case LATENCY -> cost / 1e3;
        };
    }

    private static String axisLabel(ChartViewModel.Axis a, boolean logScale) {
        String name = switch (a) {
            case FLASH -> logScale ? "Flash" : "Flash (KB";
            case SRAM -> logScale ? "Peak SRAM on the device" : "Peak SRAM on the device (KB";
            case MACS -> logScale ? "MACs per inference" : "MACs per inference (millions";
            case LATENCY -> logScale ? "Latency on the device" : "Latency on the device (ms";
        };
        return logScale ? name + " (estimate, log scale)" : name + ", estimate)";
    }

    private void rebuild() {
        ChartViewModel.Axis ax = axis();
        boolean flash = bytesAxis(ax);
        boolean logScale = log.isSelected();
        x.setLabel(axisLabel(ax, logScale));
        chart.getData().clear();
        List<Runnable> styling = new ArrayList<>();
        Map<String, String> legend = new java.util.LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int spare = 0;
        int misfits = 0;
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
                double c = cost(p, ax);
                if (!Double.isFinite(c)) continue;
                lo = Math.min(lo, c);
                hi = Math.max(hi, c);
                XYChart.Data<Number, Number> d = new XYChart.Data<>(xValue(c, ax, logScale), 100 * p.accuracy());
                Boolean fits = vm.fits(p);
                boolean misfit = Boolean.FALSE.equals(fits);
                if (misfit) misfits++;
                Node n = pointNode(p, s.kind(), fits);
                d.setNode(n);
                out.getData().add(d);
                String style = pointStyle(s.kind(), p, color) + (misfit ? MISFIT_STYLE : "");
                styling.add(() -> {
                    n.getStyleClass().addAll("chart-point", "point-" + s.kind()); // the chart resets classes on insert
                    if (misfit) n.getStyleClass().add("misfit");
                    n.setStyle(style);
                });
            }
            chart.getData().add(out);
            styling.add(() -> { if (out.getNode() != null) out.getNode().setStyle("-fx-stroke: transparent;"); });
            legend.put(name, "-fx-background-color: " + color + (s.kind().equals("session") || s.kind().equals("current")
                    ? ", white; -fx-background-insets: 0, 2;" : ";"));
        }
        ChartViewModel.Limits lim = vm.limitsProperty().get();
        double limit = lim == null ? Double.NaN : switch (ax) {
            case FLASH -> lim.flashBytes();
            case SRAM -> lim.sramBytes();
            case LATENCY -> lim.latencySeconds() * 1e6;
            case MACS -> Double.NaN;
        };
        if (Double.isFinite(limit) && limit > 0) {
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            String what = switch (ax) {
                case FLASH -> "flash of " + lim.deviceId();
                case SRAM -> "SRAM of " + lim.deviceId();
                default -> "latency budget";
            };
            line.setName(LIMIT_PREFIX + what);
            for (double yv : new double[] {0, 100}) {
                XYChart.Data<Number, Number> d = new XYChart.Data<>(xValue(limit, ax, logScale), yv);
                Region dot = new Region();
                dot.setMouseTransparent(true);
                dot.setVisible(false);
                d.setNode(dot);
                line.getData().add(d);
            }
            chart.getData().add(0, line);
            lo = Math.min(lo, limit);
            hi = Math.max(hi, limit);
            styling.add(() -> {
                if (line.getNode() != null) {
                    line.getNode().setStyle("-fx-stroke: " + LIMIT_COLOR + "; -fx-stroke-width: 1.5px; -fx-stroke-dash-array: 3 3;");
                    line.getNode().setMouseTransparent(true);
                    line.getNode().getStyleClass().add("limit-line");
                }
            });
            legend.put(LIMIT_PREFIX + what, "-fx-background-color: " + LIMIT_COLOR + "; -fx-padding: 1 7 1 7; -fx-background-radius: 0;");
        }
        if (misfits > 0 && lim != null) {
            XYChart.Series<Number, Number> key = new XYChart.Series<>();
            String name = "does not fit " + lim.deviceId() + " (" + misfits + ")";
            key.setName(name);
            chart.getData().add(key);
            legend.put(name, "-fx-background-color: " + LIMIT_COLOR + ", white; -fx-background-insets: 0, 2; -fx-background-radius: 6;");
        }
        List<ChartViewModel.PlotPoint> front = vm.trainedFront(ax);
        if (front.size() >= 2) {
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(PARETO);
            for (ChartViewModel.PlotPoint p : front) {
                XYChart.Data<Number, Number> d = new XYChart.Data<>(xValue(cost(p, ax), ax, logScale), 100 * p.accuracy());
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
        styleAxis(ax, logScale, lo, hi);
        styling.forEach(Runnable::run);
        for (Node n : chart.lookupAll(".chart-legend-item")) {
            if (n instanceof Label l && l.getGraphic() != null && legend.containsKey(l.getText())) l.getGraphic().setStyle(legend.get(l.getText()));
        }
    }

    private void styleAxis(ChartViewModel.Axis ax, boolean logScale, double lo, double hi) {
        boolean flash = bytesAxis(ax);
        boolean latency = ax == ChartViewModel.Axis.LATENCY;
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
                if (latency) return Formats.seconds(c / 1e6);
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

    private Node pointNode(ChartViewModel.PlotPoint p, String kind, Boolean fits) {
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
                + Formats.bytes(p.flashBytes()) + " flash \u00b7 " + Formats.count(p.macs()) + " MACs"
                + (Double.isFinite(vm.cost(p, ChartViewModel.Axis.SRAM)) ? " \u00b7 " + Formats.bytes(vm.cost(p, ChartViewModel.Axis.SRAM))
                        + " SRAM \u00b7 " + Formats.seconds(vm.cost(p, ChartViewModel.Axis.LATENCY)) : "") + " (estimates)"
                + (fits == null ? "" : fits ? "\nfits " + vm.limitsProperty().get().deviceId() : "\ndoes not fit " + vm.limitsProperty().get().deviceId()
                        + " (flash, SRAM or the latency budget)")
                + (p.planText() == null ? "\nclick: where to find this model" : "\nclick to load: " + (p.planText().isEmpty() ? "all dense" : p.planText()))));
        n.setCursor(Cursor.HAND);
        n.setOnMouseClicked(e -> vm.pick(p));
        return n;
    }
}
