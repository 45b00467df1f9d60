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
    private final HBox root = new HBox(8);
    private final BarChart<String, Number> flash = chart("Flash per layer (KB, estimate)", "layerFlashChart");
    private final BarChart<String, Number> macs = chart("MACs per layer (millions, estimate)", "layerMacsChart");

    public LayerBarsPanel(ExplorerViewModel vm) {
        this.vm = vm;
        root.setId("layerBars");
        root.setPadding(new Insets(6));
        HBox.setHgrow(flash, Priority.ALWAYS);
        HBox.setHgrow(macs, Priority.ALWAYS);
        root.getChildren().addAll(flash, macs);
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
        XYChart.Series<String, Number> fp = new XYChart.Series<>(), fd = new XYChart.Series<>();
        XYChart.Series<String, Number> mp = new XYChart.Series<>(), md = new XYChart.Series<>();
        fp.setName("plan");
        fd.setName("dense");
        mp.setName("plan");
        md.setName("dense");
        for (LayerCost l : c.report().layers()) {
            LayerCost d = c.dense().layer(l.name());
            fp.getData().add(new XYChart.Data<>(l.name(), l.flashBytes() / 1024.0));
            fd.getData().add(new XYChart.Data<>(l.name(), d.flashBytes() / 1024.0));
            mp.getData().add(new XYChart.Data<>(l.name(), l.macs() / 1e6));
            md.getData().add(new XYChart.Data<>(l.name(), d.macs() / 1e6));
        }
        flash.getData().addAll(fp, fd);
        macs.getData().addAll(mp, md);
    }
}
