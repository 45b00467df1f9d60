package org.tinyfit.views.explorer;

import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.tinyfit.model.cost.LayerCost;

/** Flash and MACs per layer, the plan against the dense model (estimates). */
public final class LayerBarsPanel {
    private final ExplorerViewModel vm;
    private final javafx.scene.layout.VBox root = new javafx.scene.layout.VBox(4);
    private final HBox charts = new HBox(8);
    private final javafx.scene.control.CheckBox log = new javafx.scene.control.CheckBox("log scale");
    private final BarChart<String, Number> flash = chart("Flash per layer (KB, estimate)", "layerFlashChart");
    private final BarChart<String, Number> macs = chart("MACs per layer (millions, estimate)", "layerMacsChart");

    public LayerBarsPanel(ExplorerViewModel vm) {
        this.vm = vm;
        root.setId("layerBars");
        root.setPadding(new Insets(6));
        HBox.setHgrow(flash, Priority.ALWAYS);
        HBox.setHgrow(macs, Priority.ALWAYS);
        charts.getChildren().addAll(flash, macs);
        javafx.scene.layout.VBox.setVgrow(charts, Priority.ALWAYS);
        log.setId("layerLog");
        log.setSelected(true);
        log.setTooltip(new javafx.scene.control.Tooltip("Logarithmic axis: a compressed layer's bar stays visible beside the dense one"));
        log.selectedProperty().addListener((o, a, b) -> refresh());
        root.getChildren().addAll(log, charts);
        root.getStyleClass().add("layer-bars");
        vm.costsProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    public Parent getRoot() { return root; }

    private static BarChart<String, Number> chart(String title, String id) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis());
        c.setTitle(title);
        c.setId(id);
        c.setAnimated(false);
        c.setBarGap(2);
        c.setCategoryGap(14);
        return c;
    }

    private void refresh() {
        CostViewModel.Costs c = vm.costsProperty().get();
        flash.getData().clear();
        macs.getData().clear();
        if (c == null) return;
        boolean lg = log.isSelected();
        XYChart.Series<String, Number> fp = new XYChart.Series<>(), fd = new XYChart.Series<>();
        XYChart.Series<String, Number> mp = new XYChart.Series<>(), md = new XYChart.Series<>();
        fp.setName("plan");
        fd.setName("dense");
        mp.setName("plan");
        md.setName("dense");
        double fMin = Double.POSITIVE_INFINITY, fMax = 1, mMin = Double.POSITIVE_INFINITY, mMax = 1;
        for (LayerCost l : c.report().layers()) {
            LayerCost d = c.dense().layer(l.name());
            fp.getData().add(new XYChart.Data<>(l.name(), value(l.flashBytes(), 1024.0, lg)));
            fd.getData().add(new XYChart.Data<>(l.name(), value(d.flashBytes(), 1024.0, lg)));
            mp.getData().add(new XYChart.Data<>(l.name(), value(l.macs(), 1e6, lg)));
            md.getData().add(new XYChart.Data<>(l.name(), value(d.macs(), 1e6, lg)));
            fMin = Math.min(fMin, Math.max(1, l.flashBytes()));
            fMax = Math.max(fMax, d.flashBytes());
            mMin = Math.min(mMin, Math.max(1, l.macs()));
            mMax = Math.max(mMax, Math.max(d.macs(), l.macs()));
        }
        axis(flash, lg, fMin, fMax, true);
        axis(macs, lg, mMin, mMax, false);
        flash.setTitle(lg ? "Flash per layer (estimate, log scale)" : "Flash per layer (KB, estimate)");
        macs.setTitle(lg ? "MACs per layer (estimate, log scale)" : "MACs per layer (millions, estimate)");
        flash.getData().addAll(fp, fd);
        macs.getData().addAll(mp, md);
    }

    /** log10 of the value (at least 1) on the log scale, else the value in the axis's unit. */
    private static double value(double v, double unit, boolean log) {
        return log ? Math.log10(Math.max(1, v)) : v / unit;
    }

    private static void axis(BarChart<String, Number> chart, boolean log, double lo, double hi, boolean bytes) {
        NumberAxis y = (NumberAxis) chart.getYAxis();
        if (!log) {
            y.setAutoRanging(true);
            y.setTickLabelFormatter(null);
            return;
        }
        double unit = bytes ? Math.log10(1024) : 0; // bytes: ticks at 0.1, 1, 10, 100 ... KB
        double a = Math.max(bytes ? unit - 1 : 0, unit + Math.floor(Math.log10(lo) - unit) - 1);
        double b = unit + Math.ceil(Math.log10(hi) - unit + 0.05);
        y.setAutoRanging(false);
        y.setLowerBound(a);
        y.setUpperBound(Math.max(a + 1, b));
        y.setTickUnit(1);
        y.setMinorTickCount(0);
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override public String toString(Number v) {
                double x = Math.pow(10, v.doubleValue());
                return bytes ? ChartPanel.compact(x / 1024) + " KB" : ChartPanel.compact(x);
            }

            @Override public Number fromString(String s) { return 0; }
        });
    }
}
