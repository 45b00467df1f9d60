package org.tinyfit.views;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.tinyfit.views.explorer.ExplorerViewModel;

/**
 * The layer table: one row per layer under the current plan (technique, bits, exact
 * params, flash share), kept in step with the explorer's selected matrix both ways.
 */
final class LayerTable {
    private final ExplorerViewModel explorer;
    private final TableView<LayerRow> table = new TableView<>();
    private boolean syncingSelection;

    LayerTable(ExplorerViewModel explorer) {
        this.explorer = explorer;
        table.setId("layerTable");
        table.setItems(explorer.layerRows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label("No model loaded.\nPick a sample model above or use Open\u2026");
        placeholder.getStyleClass().add("table-placeholder");
        table.setPlaceholder(placeholder);
        table.getColumns().add(textColumn("Layer", LayerRow::layer, 64));
        table.getColumns().add(textColumn("Type", LayerRow::type, 56));
        TableColumn<LayerRow, String> shape = textColumn("Shape", LayerRow::shape, 74);
        shape.getStyleClass().add("numeric");
        table.getColumns().add(shape);
        table.getColumns().add(textColumn("Technique", LayerRow::technique, 76));
        table.getColumns().add(textColumn("Bits", LayerRow::bitsText, 46));
        table.getColumns().add(numberColumn("Params", LayerRow::params, Formats::integer, 70,
                "Stored values under the plan: kernel weights, biases and scalars (exact)"));
        TableColumn<LayerRow, Double> share = numberColumn("Flash", LayerRow::share, Formats::percent, 104,
                "Share of the model's flash under the plan (estimate)");
        share.setCellFactory(col -> new ShareCell());
        table.getColumns().add(share);
        table.setFixedCellSize(26);
        table.prefHeightProperty().bind(Bindings.max(3, Bindings.size(table.getItems())).multiply(26).add(30));
        table.setMaxHeight(Region.USE_PREF_SIZE);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncingSelection && row != null) explorer.selectedMatrixProperty().set(row.matrix());
        });
        explorer.selectedMatrixProperty().addListener((o, a, m) -> syncTableSelection());
        table.getItems().addListener((ListChangeListener<LayerRow>) c -> syncTableSelection());

    }

    TableView<LayerRow> node() { return table; }

    private void syncTableSelection() {
        String m = explorer.selectedMatrixProperty().get();
        syncingSelection = true;
        try {
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).matrix().equals(m)) {
                    if (table.getSelectionModel().getSelectedIndex() != i) table.getSelectionModel().select(i);
                    return;
                }
            }
            table.getSelectionModel().clearSelection();
        } finally {
            syncingSelection = false;
        }
    }

    private static TableColumn<LayerRow, String> textColumn(String title, Function<LayerRow, String> f, double width) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setId(columnId(title));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(40);
        return c;
    }

    private static <N extends Number> TableColumn<LayerRow, N> numberColumn(String title, Function<LayerRow, N> f,
            Function<N, String> fmt, double width, String tip) {
        TableColumn<LayerRow, N> c = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        c.setGraphic(header);
        c.setId(columnId(title));
        c.getStyleClass().add("numeric");
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override protected void updateItem(N v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : fmt.apply(v));
            }
        });
        c.setPrefWidth(width);
        c.setMinWidth(50);
        return c;
    }

    private static String columnId(String title) { return "col" + title; }

    private static final class ShareCell extends TableCell<LayerRow, Double> {
        private static final double BAR = 40;
        private final Region bar = new Region();
        private final StackPane track = new StackPane(bar);
        private final Label value = new Label();
        private final HBox box = new HBox(8, track, value);

        ShareCell() {
            bar.getStyleClass().add("share-bar");
            track.getStyleClass().add("share-track");
            track.setMinSize(BAR, 8);
            track.setPrefSize(BAR, 8);
            track.setMaxSize(BAR, 8);
            StackPane.setAlignment(bar, Pos.CENTER_LEFT);
            bar.setMaxHeight(8);
            value.getStyleClass().add("share-value");
            value.setMinWidth(52);
            value.setAlignment(Pos.CENTER_RIGHT);
            box.setAlignment(Pos.CENTER_RIGHT);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override protected void updateItem(Double v, boolean empty) {
            super.updateItem(v, empty);
            if (empty || v == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(Formats.percent(v)); // for accessibility and copy; the graphic shows it
                value.setText(getText());
                double w = Math.max(1, Math.min(100, v) / 100 * BAR);
                bar.setMinWidth(w);
                bar.setPrefWidth(w);
                bar.setMaxWidth(w);
                setGraphic(box);
            }
        }
    }

}
