package org.tinyfit.views;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

/**
 * The main window content: a tool bar with the model picker and Open, the layer
 * table with room on the right for later panels, and a status bar. Binds to
 * {@link MainViewModel} and forwards user actions to it; nothing else.
 */
public final class MainView {
    public static final String STYLESHEET = MainView.class.getResource("main.css").toExternalForm();

    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ComboBox<SampleModel> picker = new ComboBox<>();
    private final TableView<LayerRow> table = new TableView<>();
    private final TabPane panels = new TabPane();
    private final StatusBar statusBar = new StatusBar();
    private Alert errorAlert;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("tinyfit-main");
        root.getStylesheets().add(STYLESHEET);
        root.setTop(buildToolBar());
        SplitPane split = new SplitPane(buildModelPane(), buildPanels());
        split.setId("mainSplit");
        split.setDividerPositions(0.62);
        SplitPane.setResizableWithParent(panels, false);
        root.setCenter(split);
        root.setBottom(buildStatusBar());
        vm.lastErrorProperty().addListener((obs, old, err) -> {
            if (err != null) showError(err);
        });
        root.sceneProperty().addListener((obs, old, scene) -> installShortcuts(scene));
    }

    public Parent getRoot() { return root; }

    public MainViewModel getViewModel() { return vm; }

    /** The right-hand tab area where later panels (compression, metrics, charts) go. */
    public TabPane getPanels() { return panels; }

    // ---- top bar ----

    private ToolBar buildToolBar() {
        Label label = new Label("Model");
        label.getStyleClass().add("toolbar-label");
        picker.setId("modelPicker");
        picker.setItems(vm.samples());
        picker.setPromptText("Choose a sample model");
        picker.setPrefWidth(260);
        picker.setVisibleRowCount(12);
        picker.valueProperty().bindBidirectional(vm.selectedSampleProperty());
        picker.setCellFactory(lv -> new SampleCell());
        picker.setButtonCell(new ListCell<>() {
            @Override protected void updateItem(SampleModel s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? picker.getPromptText() : s.name());
            }
        });
        picker.setTooltip(new Tooltip("Sample models shipped with TinyFit"));
        picker.disableProperty().bind(Bindings.isEmpty(vm.samples()));

        Button open = new Button("Open\u2026");
        open.setId("openButton");
        open.setTooltip(new Tooltip("Open a .tinyfit model file (Ctrl+O)"));
        open.setOnAction(e -> chooseFile());

        MenuButton recent = new MenuButton("Recent");
        recent.setId("recentMenu");
        recent.disableProperty().bind(Bindings.isEmpty(vm.recentFiles()));
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : vm.recentFiles()) {
                MenuItem item = new MenuItem(p.getFileName() + "  \u2014  " + p.getParent());
                item.setMnemonicParsing(false);
                item.setOnAction(e -> vm.openFile(p));
                recent.getItems().add(item);
            }
        };
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label title = new Label();
        title.getStyleClass().add("toolbar-model");
        title.textProperty().bind(vm.modelDescriptionProperty());

        ToolBar bar = new ToolBar(label, picker, open, recent, new Separator(Orientation.VERTICAL), spacer, title);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private void installShortcuts(Scene scene) {
        if (scene == null) return;
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open model");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Models (*.tinyfit, *.onnx, *.h5)", "*.tinyfit", "*.onnx", "*.h5", "*.hdf5"),
                new FileChooser.ExtensionFilter("TinyFit models (*.tinyfit)", "*.tinyfit"),
                new FileChooser.ExtensionFilter("ONNX models, imported (*.onnx)", "*.onnx"),
                new FileChooser.ExtensionFilter("Keras models, imported (*.h5)", "*.h5", "*.hdf5"));
        vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
        File f = chooser.showOpenDialog(window());
        if (f != null) vm.openFile(f.toPath());
    }

    // ---- centre ----

    private Parent buildModelPane() {
        Label name = new Label();
        name.setId("modelName");
        name.getStyleClass().add("model-title");
        name.textProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty())
                .then("No model loaded").otherwise(vm.modelNameProperty()));
        Label path = new Label();
        path.getStyleClass().add("model-path");
        path.textProperty().bind(Bindings.createStringBinding(
                () -> vm.modelPathProperty().get() == null ? "Pick a sample model or open a model (.tinyfit, .onnx, .h5)"
                        : vm.modelPathProperty().get().toString(), vm.modelPathProperty()));
        VBox header = new VBox(2, name, path);
        header.getStyleClass().add("model-header");

        table.setId("layerTable");
        table.setItems(vm.layers());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label("No model loaded.\nPick a sample model above or use Open\u2026");
        placeholder.getStyleClass().add("table-placeholder");
        table.setPlaceholder(placeholder);
        table.getColumns().add(textColumn("Layer", LayerRow::layer, 120));
        table.getColumns().add(textColumn("Type", LayerRow::type, 80));
        table.getColumns().add(textColumn("Matrix", LayerRow::matrix, 150));
        TableColumn<LayerRow, String> shape = textColumn("Shape", LayerRow::shape, 100);
        shape.getStyleClass().add("numeric");
        table.getColumns().add(shape);
        table.getColumns().add(numberColumn("Params", LayerRow::params, Formats::integer, 100,
                "Stored values: kernel weights, biases and scalars (exact)"));
        TableColumn<LayerRow, Double> share = numberColumn("Share", LayerRow::share, Formats::percent, 120,
                "Share of the model's parameters");
        share.setCellFactory(col -> new ShareCell());
        table.getColumns().add(share);

        VBox box = new VBox(header, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.getStyleClass().add("model-pane");
        return box;
    }

    private static TableColumn<LayerRow, String> textColumn(String title, Function<LayerRow, String> f, double width) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setId(columnId(title));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(50);
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
        c.setMinWidth(60);
        return c;
    }

    private static String columnId(String title) { return "col" + title; }

    private Parent buildPanels() {
        panels.setId("panels");
        panels.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        panels.getTabs().addAll(
                placeholderTab("Compression", "Compression controls appear here: Kronecker factors, rank, sparsity, bit width."),
                placeholderTab("Metrics", "Flash, SRAM, MACs, latency and energy of the compressed model."),
                placeholderTab("Charts", "Pareto fronts and sweeps."));
        panels.setMinWidth(260);
        return panels;
    }

    private static Tab placeholderTab(String title, String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("panel-placeholder");
        StackPane p = new StackPane(l);
        p.setPadding(new Insets(24));
        StackPane.setAlignment(l, Pos.TOP_LEFT);
        Tab t = new Tab(title, p);
        t.setId("tab" + title);
        return t;
    }

    // ---- status bar ----

    private StatusBar buildStatusBar() {
        statusBar.setId("statusBar");
        statusBar.textProperty().bind(vm.statusTextProperty());
        statusBar.progressProperty().bind(Bindings.when(vm.busyProperty()).then(-1.0).otherwise(0.0));

        Label model = new Label();
        model.setId("statusModel");
        model.textProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty())
                .then("no model").otherwise(vm.modelNameProperty()));
        Label params = new Label();
        params.setId("statusParams");
        params.textProperty().bind(Bindings.createStringBinding(
                () -> vm.getNetwork() == null ? "\u2014" : Formats.params(vm.totalParamsProperty().get()),
                vm.totalParamsProperty(), vm.networkProperty()));
        Label note = new Label();
        note.setId("statusNumbers");
        note.getStyleClass().add("status-note");
        note.textProperty().bind(vm.numbersNoteProperty());
        note.setTooltip(new Tooltip("Parameter counts come from the stored weights and are exact.\n"
                + "Cost figures (flash, SRAM, latency, energy) are estimates from the cost model."));
        statusBar.getRightItems().addAll(sep(), model, sep(), params, sep(), note);
        return statusBar;
    }

    private static Separator sep() {
        Separator s = new Separator(Orientation.VERTICAL);
        s.getStyleClass().add("status-separator");
        return s;
    }

    // ---- errors ----

    private void showError(LoadError err) {
        String file = err.path() == null || err.path().getFileName() == null ? "the model"
                : err.path().getFileName().toString();
        if (errorAlert == null) {
            errorAlert = new Alert(Alert.AlertType.ERROR);
            errorAlert.setTitle("TinyFit");
            errorAlert.getDialogPane().setId("loadErrorDialog");
            errorAlert.getDialogPane().getStylesheets().add(STYLESHEET);
            errorAlert.getDialogPane().setMinWidth(420);
            Window w = window();
            if (w != null) errorAlert.initOwner(w);
        }
        errorAlert.setHeaderText("Could not load " + file);
        errorAlert.setContentText(err.message());
        if (!errorAlert.isShowing()) errorAlert.show();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** Percentage text with a small bar in front of it (bars line up: the text has a fixed width). */
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

    private static final class SampleCell extends ListCell<SampleModel> {
        @Override protected void updateItem(SampleModel s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty || s == null ? null : s.name());
        }
    }
}
