package org.tinyfit.views.explorer;

import org.tinyfit.model.explore.MatrixSelection;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.LayerCost;
import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.model.device.Device;
import org.tinyfit.views.Formats;

/**
 * The analytic numbers of the plan (all estimates, docs/COST_MODEL.md) for the whole
 * model and for the selected matrix, each with a bar: flash and SRAM against the
 * device, latency against the latency budget (red when over), the others against
 * the dense model. Labels have ids {@code metric-NAME-model} and {@code metric-NAME-matrix}.
 */
public final class MetricsPanel {
    public static final String[] METRICS = {"params", "compression", "flash", "sram", "macs", "ops", "latency", "energy"};
    private static final String[] NAMES = {"Params", "Compression", "Flash", "Peak SRAM", "MACs", "Ops", "Latency", "Energy"};

    private final ExplorerViewModel vm;
    private final VBox root = new VBox(6);
    private final Label[] model = new Label[METRICS.length];
    private final Label[] matrix = new Label[METRICS.length];
    private final LimitBar[] modelBar = new LimitBar[METRICS.length];
    private final LimitBar[] matrixBar = new LimitBar[METRICS.length];
    private final Label matrixHeader = new Label("Matrix");
    private final Label note = new Label();
    private final Label verdict = new Label();
    private final Label reasons = new Label();
    private final Label[] names = new Label[METRICS.length];
    private static final String[] WHAT = {
        "Stored values of every kernel, bias and scalar under the plan (exact count)",
        "Flash of the dense float32 model divided by the flash of the plan",
        "Weights, indices, scales, biases and scalars in flash; the device's flash is the limit",
        "Peak SRAM: the input tensor, every RNN layer's state, the largest scratch of one layer and the logits; the device's SRAM is the limit",
        "Multiply-accumulates of one inference (RNN kernels times the steps)",
        "2 \u00d7 MACs + element-wise operations + nonlinearities",
        "Estimated time of one inference at the device's clock and MACs per cycle; the latency budget is the limit",
        "Latency \u00d7 the device's active power"};

    public MetricsPanel(ExplorerViewModel vm) {
        this.vm = vm;
        root.setId("metricsPanel");
        root.getStyleClass().add("metrics-panel");
        root.setPadding(new Insets(10, 12, 10, 12));
        Label title = new Label("Cost (estimates)");
        title.getStyleClass().add("section-title");
        Spinner<Double> budget = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.1, 100_000, 100, 10));
        budget.setId("latencyBudget");
        budget.setEditable(true);
        budget.setPrefWidth(90);
        budget.getValueFactory().valueProperty().addListener((o, a, b) -> { if (b != null) vm.latencyBudgetMsProperty().set(b); });
        Label bl = new Label("latency budget (ms)");
        bl.getStyleClass().add("setting-caption");
        Region sp = new Region();
        HBox.setHgrow(sp, Priority.ALWAYS);
        Button breakdown = new Button("Breakdown\u2026");
        breakdown.setId("fitBreakdownButton");
        breakdown.setTooltip(new Tooltip("Flash and SRAM buffers per layer (input, state, scratch, outputs), as an analyze report lists them"));
        breakdown.disableProperty().bind(vm.fitProperty().isNull());
        breakdown.setOnAction(e -> showBreakdown());
        breakdown.setMinWidth(Region.USE_PREF_SIZE);
        budget.setMinWidth(Region.USE_PREF_SIZE);
        bl.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, title, sp, bl, budget, breakdown);
        head.setAlignment(Pos.CENTER_LEFT);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(5);
        g.getStyleClass().add("metrics-grid");
        ColumnConstraints c0 = new ColumnConstraints(96);
        ColumnConstraints c1 = new ColumnConstraints(88);
        c1.setHalignment(HPos.RIGHT);
        // the bars give way in a narrow window; the numbers never do
        ColumnConstraints c2 = new ColumnConstraints(LimitBar.MIN_WIDTH + 10, LimitBar.WIDTH + 30, LimitBar.WIDTH + 30);
        ColumnConstraints c3 = new ColumnConstraints(88);
        c3.setHalignment(HPos.RIGHT);
        ColumnConstraints c4 = new ColumnConstraints(LimitBar.MIN_WIDTH, LimitBar.WIDTH, LimitBar.WIDTH);
        g.getColumnConstraints().addAll(c0, c1, c2, c3, c4);
        Label mh = new Label("Whole model");
        mh.getStyleClass().add("column-caption");
        matrixHeader.getStyleClass().add("column-caption");
        matrixHeader.setId("metricsMatrixHeader");
        g.add(mh, 1, 0, 2, 1);
        g.add(matrixHeader, 3, 0, 2, 1);
        GridPane.setHalignment(mh, HPos.RIGHT);
        GridPane.setHalignment(matrixHeader, HPos.RIGHT);
        for (int i = 0; i < METRICS.length; i++) {
            Label name = new Label(NAMES[i]);
            name.getStyleClass().add("metric-name");
            name.setId("metric-" + METRICS[i] + "-name");
            name.setTooltip(new Tooltip(WHAT[i]));
            names[i] = name;
            model[i] = value("metric-" + METRICS[i] + "-model");
            matrix[i] = value("metric-" + METRICS[i] + "-matrix");
            modelBar[i] = new LimitBar();
            modelBar[i].setId("bar-" + METRICS[i] + "-model");
            matrixBar[i] = new LimitBar();
            matrixBar[i].setId("bar-" + METRICS[i] + "-matrix");
            g.addRow(i + 1, name, model[i], modelBar[i], matrix[i], matrixBar[i]);
        }
        note.getStyleClass().add("panel-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        verdict.setId("fitVerdict");
        verdict.getStyleClass().add("fit-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        reasons.setId("fitReasons");
        reasons.getStyleClass().add("fit-reasons");
        reasons.setWrapText(true);
        reasons.setMinHeight(Region.USE_PREF_SIZE);
        reasons.managedProperty().bind(reasons.visibleProperty());
        title.setTooltip(new Tooltip());
        title.getTooltip().textProperty().bind(note.textProperty());
        root.getChildren().addAll(head, g, verdict, reasons);
        vm.costsProperty().addListener((o, a, b) -> refresh());
        vm.selectionProperty().addListener((o, a, b) -> refresh());
        vm.latencyBudgetMsProperty().addListener((o, a, b) -> refresh());
        vm.fitProperty().addListener((o, a, b) -> refreshFit());
        refresh();
        refreshFit();
    }

    public Parent getRoot() { return root; }

    private static Label value(String id) {
        Label l = new Label("\u2014");
        l.setId(id);
        l.getStyleClass().add("metric-value");
        return l;
    }

    /** The label of a metric ("flash", ...), for the whole model or the selected matrix. */
    public Label label(String metric, boolean wholeModel) {
        for (int i = 0; i < METRICS.length; i++) if (METRICS[i].equals(metric)) return wholeModel ? model[i] : matrix[i];
        throw new IllegalArgumentException(metric);
    }

    private void refresh() {
        CostViewModel.Costs c = vm.costsProperty().get();
        MatrixSelection s = vm.selectionProperty().get();
        if (c == null) {
            for (int i = 0; i < METRICS.length; i++) {
                model[i].setText("\u2014");
                matrix[i].setText("\u2014");
                modelBar[i].set(Double.NaN, false, null);
                matrixBar[i].set(Double.NaN, false, null);
            }
            note.setText("Load a model and pick a device.");
            return;
        }
        CostReport r = c.report();
        CostReport d = c.dense();
        Device dev = c.device();
        double budget = vm.latencyBudgetMsProperty().get() / 1000.0;
        String budgetText = Formats.seconds(budget) + " budget";
        set(0, true, Formats.integer(r.params()), (double) r.params() / d.params(), false, "of the dense model's " + Formats.integer(d.params()));
        set(1, true, Formats.factor(r.flashCompression()), Double.NaN, false, null);
        model[1].setTooltip(new Tooltip("flash of the dense float32 model / flash of the plan; params: " + Formats.factor(r.paramCompression())));
        set(2, true, Formats.bytes(r.flashBytes()), r.flashBytes() / dev.flashBytes(), true,
                "of " + Formats.bytes(dev.flashBytes()) + " flash on " + dev.id() + " (" + Formats.integer(r.flashBytes()) + " bytes)");
        set(3, true, Formats.bytes(r.sramBytes()), r.sramBytes() / dev.sramBytes(), true,
                "of " + Formats.bytes(dev.sramBytes()) + " SRAM on " + dev.id() + ": input " + Formats.bytes(r.sram().inputBytes())
                        + ", state " + Formats.bytes(r.sram().persistentBytes()) + ", scratch " + Formats.bytes(r.sram().scratchBytes())
                        + " (" + r.sram().scratchLayer() + "), logits " + Formats.bytes(r.sram().logitsBytes()));
        set(4, true, Formats.count(r.macs()), (double) r.macs() / d.macs(), false, "of the dense model's " + Formats.integer(d.macs()) + " MACs (" + Formats.integer(r.macs()) + ")");
        set(5, true, Formats.count(r.ops()), (double) r.ops() / d.ops(), false, "of the dense model's " + Formats.integer(d.ops()) + " ops");
        set(6, true, Formats.seconds(r.latencySeconds()), r.latencySeconds() / budget, true, "of the " + budgetText + " at " + Formats.decimal1(dev.clockMhz()) + " MHz");
        set(7, true, Formats.joules(r.energyJoules()), r.energyJoules() / d.energyJoules(), false, "of the dense model's " + Formats.joules(d.energyJoules()) + " at " + Formats.decimal1(dev.activeMw()) + " mW");

        MatrixCost mc = s == null ? null : r.matrix(s.name());
        LayerCost lc = s == null ? null : r.layer(s.layer());
        matrixHeader.setText(s == null ? "Matrix" : s.name());
        if (mc == null || lc == null) {
            for (int i = 0; i < METRICS.length; i++) {
                matrix[i].setText("\u2014");
                matrixBar[i].set(Double.NaN, false, null);
            }
        } else {
            long mn = (long) mc.rows() * mc.cols();
            double lat = lc.cycles() / (dev.clockMhz() * 1e6);
            set(0, false, Formats.integer(mc.params()), (double) mc.params() / mn, false, "of the dense matrix's " + Formats.integer(mn) + " values");
            set(1, false, Formats.factor(mc.flashCompression()), Double.NaN, false, null);
            set(2, false, Formats.bytes(mc.flashBytes()), mc.flashBytes() / dev.flashBytes(), true,
                    "of " + Formats.bytes(dev.flashBytes()) + " flash (" + Formats.integer(mc.flashBytes()) + " bytes"
                            + (mc.sparseIndex() == null ? "" : ", " + mc.sparseIndex() + " index " + Formats.bytes(mc.sparseIndexBytes())) + ")");
            set(3, false, Formats.bytes(lc.scratchBytes()), lc.scratchBytes() / dev.sramBytes(), true,
                    "scratch of layer " + lc.name() + " while it runs (of " + Formats.bytes(dev.sramBytes()) + " SRAM)");
            MatrixCost dm = d.matrix(s.name());
            set(4, false, Formats.count(mc.macs()), CostTexts.macsShare(mc, dm), false, CostTexts.macsDetail(mc, dm));
            set(5, false, Formats.count(2 * mc.macs()), CostTexts.macsShare(mc, dm), false, "2 \u00d7 MACs of this matrix");
            set(6, false, Formats.seconds(lat), lat / budget, true, "layer " + lc.name() + " (matrix, nonlinearities, element-wise) of the " + budgetText);
            set(7, false, Formats.joules(lat * dev.activeMw() / 1000), lat / r.latencySeconds(), false, "share of the model's energy");
        }
        note.setText("Estimates from the cost model on " + dev.name() + " (" + dev.id() + (dev.calibrated() ? ", calibrated" : "")
                + "). Bars: flash and SRAM against the device, latency against the budget (red when over); the others against the dense model.");
    }

    private void refreshFit() {
        FitReport f = vm.fitProperty().get();
        verdict.getStyleClass().removeAll("fits", "misfit");
        if (f == null) {
            verdict.setText("");
            reasons.setText("");
            reasons.setVisible(false);
            return;
        }
        verdict.setText(f.verdict());
        verdict.getStyleClass().add(f.fits() ? "fits" : "misfit");
        java.util.List<String> over = new java.util.ArrayList<>();
        for (FitReport.Limit l : f.limits()) if (!l.fits()) over.add(l.sentence());
        reasons.setText(String.join("\n", over));
        reasons.setVisible(!over.isEmpty());
        int[] rows = {2, 3, 6};
        String[] limits = {"flash", "SRAM", "latency"};
        for (int k = 0; k < rows.length; k++) names[rows[k]].getTooltip().setText(WHAT[rows[k]] + ".\n" + f.limit(limits[k]).sentence());
    }

    private void showBreakdown() {
        FitReport f = vm.fitProperty().get();
        if (f == null) return;
        javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(f.text() + "\n\n" + f.breakdown());
        text.setId("fitBreakdown");
        text.setEditable(false);
        text.setStyle("-fx-font-family: monospace;");
        text.setPrefColumnCount(84);
        text.setPrefRowCount(Math.min(30, (int) (f.text() + f.breakdown()).lines().count() + 3));
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        a.setTitle("TinyFit");
        a.setHeaderText("Cost breakdown (estimates)");
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId("fitBreakdownDialog");
        a.setResizable(true);
        if (root.getScene() != null) a.initOwner(root.getScene().getWindow());
        a.show();
    }

    private void set(int i, boolean whole, String text, double fraction, boolean hard, String tip) {
        Label l = whole ? model[i] : matrix[i];
        l.setText(text);
        l.getStyleClass().remove("over");
        if (hard && fraction > 1) l.getStyleClass().add("over");
        String pct = Double.isFinite(fraction) ? Formats.percent(100 * fraction) + " " : "";
        (whole ? modelBar[i] : matrixBar[i]).set(fraction, hard, tip == null ? null : pct + tip);
    }
}
