package org.tinyfit.views;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.tinyfit.views.search.SearchPanel;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import org.controlsfx.control.StatusBar;
import org.tinyfit.model.device.Device;
import org.tinyfit.views.explorer.AccuracyPanel;
import org.tinyfit.views.explorer.ChartPanel;
import org.tinyfit.views.explorer.CompressionControls;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.explorer.LayerBarsPanel;
import org.tinyfit.views.explorer.MatrixPanel;
import org.tinyfit.views.explorer.MetricsPanel;

/**
 * The main window content: a tool bar with the model picker and Open, the layer
 * table with room on the right for later panels, and a status bar. Binds to
 * {@link MainViewModel} and forwards user actions to it; nothing else.
 */
/**
 * The main window content: tool bar (model, session, device, undo/redo), a
 * message bar, the layer table and the compression controls on the left, the
 * cost and accuracy panels and the chart / matrix / layer tabs on the right, and
 * a status bar. Binds to {@link MainViewModel} and {@link ExplorerViewModel} and
 * forwards user actions to them; nothing else.
 */
public final class MainView {
    public static final String STYLESHEET = MainView.class.getResource("main.css").toExternalForm();

    private final MainViewModel vm;
    private final MainDialogs dialogs;
    private final ExplorerViewModel explorer;
    private final BorderPane root = new BorderPane();
    private final ComboBox<SampleModel> picker = new ComboBox<>();
    private final ComboBox<Device> devicePicker = new ComboBox<>();
    private final TabPane panels = new TabPane();
    private final StatusBar statusBar = new StatusBar();
    private final CompressionControls controls;
    private final MetricsPanel metrics;
    private final AccuracyPanel accuracy;
    private final ChartPanel chart;
    private final MatrixPanel matrix;
    private final LayerBarsPanel layerBars;
    private final SearchPanel search;
    private Alert errorAlert;

    public MainView(ExplorerViewModel explorer) {
        this.explorer = explorer;
        this.vm = explorer.main();
        this.dialogs = new MainDialogs(vm, explorer, this::window);
        root.getStyleClass().add("tinyfit-main");
        root.getStylesheets().add(STYLESHEET);
        controls = new CompressionControls(explorer);
        metrics = new MetricsPanel(explorer);
        accuracy = new AccuracyPanel(explorer);
        chart = new ChartPanel(explorer.chart(), exportButton("exportChartPng", () -> getChart().chartNode(), "accuracy-chart.png"));
        matrix = new MatrixPanel(explorer.matrixView());
        layerBars = new LayerBarsPanel(explorer);
        search = new SearchPanel(explorer.search());
        root.setTop(new VBox(buildToolBar(), controls.planBar()));
        SplitPane split = new SplitPane(buildModelPane(), buildRight());
        split.setId("mainSplit");
        split.setDividerPositions(0.415);
        // messages float over the bottom of the window: nothing moves under the pointer when one comes or goes
        Parent message = buildMessageBar();
        javafx.scene.layout.StackPane centre = new javafx.scene.layout.StackPane(split, message);
        javafx.scene.layout.StackPane.setAlignment(message, Pos.BOTTOM_CENTER);
        javafx.scene.layout.StackPane.setMargin(message, new Insets(0, 12, 8, 12));
        root.setCenter(centre);
        root.setBottom(buildStatusBar());
        vm.lastErrorProperty().addListener((obs, old, err) -> {
            if (err != null) showError(err);
        });
        root.sceneProperty().addListener((obs, old, scene) -> installShortcuts(scene));
    }

    public Parent getRoot() { return root; }

    public MainViewModel getViewModel() { return vm; }

    public ExplorerViewModel getExplorer() { return explorer; }

    public ChartPanel getChart() { return chart; }

    public SearchPanel getSearch() { return search; }

    // ---- top bar ----

    private HBox buildToolBar() {
        Label label = new Label("Model");
        label.getStyleClass().add("toolbar-label");
        picker.setId("modelPicker");
        picker.setItems(vm.samples());
        picker.setPromptText("Samples");
        picker.setPrefWidth(130);
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
        open.setOnAction(e -> dialogs.chooseFile());

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

        MenuButton session = new MenuButton("Session");
        session.setId("sessionMenu");
        MenuItem openSession = new MenuItem("Open session\u2026");
        openSession.setOnAction(e -> dialogs.chooseSession(false));
        MenuItem saveSession = new MenuItem("Save session\u2026");
        saveSession.setOnAction(e -> dialogs.chooseSession(true));
        saveSession.disableProperty().bind(explorer.networkProperty().isNull());
        session.getItems().addAll(openSession, saveSession);

        Label dl = new Label("Device");
        dl.getStyleClass().add("toolbar-label");
        devicePicker.setId("devicePicker");
        devicePicker.setItems(explorer.devices());
        devicePicker.valueProperty().bindBidirectional(explorer.deviceProperty());
        devicePicker.setPrefWidth(155);
        devicePicker.setVisibleRowCount(14);
        devicePicker.setCellFactory(l -> new DeviceCell(true));
        devicePicker.setButtonCell(new DeviceCell(false));
        Label info = new Label();
        info.setId("deviceInfo");
        info.getStyleClass().add("toolbar-info");
        info.textProperty().bind(Bindings.createStringBinding(() -> {
            Device d = explorer.deviceProperty().get();
            return d == null ? "" : Formats.decimal1(d.clockMhz()).replace(".0", "") + " MHz \u00b7 " + Formats.capacity(d.sramBytes())
                    + " SRAM \u00b7 " + Formats.capacity(d.flashBytes()) + " flash" + (d.calibrated() ? " \u00b7 calibrated" : "");
        }, explorer.deviceProperty()));
        info.tooltipProperty().bind(Bindings.createObjectBinding(() -> {
            Device d = explorer.deviceProperty().get();
            return d == null ? null : new Tooltip(d.name() + " (" + d.core() + ")\n" + d.notes());
        }, explorer.deviceProperty()));
        Button calibrate = new Button("Calibrate\u2026");
        calibrate.setId("calibrateButton");
        calibrate.setTooltip(new Tooltip("Fit the device's MACs per cycle from one latency measured on the board"));
        calibrate.disableProperty().bind(explorer.costsProperty().isNull());
        calibrate.setOnAction(e -> dialogs.calibrate());

        Button undo = new Button("Undo");
        undo.setId("undoButton");
        undo.setTooltip(new Tooltip("Undo the last plan change (Ctrl+Z)"));
        undo.disableProperty().bind(explorer.canUndoProperty().not());
        undo.setOnAction(e -> explorer.undo());
        Button redo = new Button("Redo");
        redo.setId("redoButton");
        redo.setTooltip(new Tooltip("Redo (Ctrl+Shift+Z)"));
        redo.disableProperty().bind(explorer.canRedoProperty().not());
        redo.setOnAction(e -> explorer.redo());

        MenuButton export = new MenuButton("Export");
        export.setId("exportMenu");
        export.setTooltip(new Tooltip("Export the current plan: C sources for the device, the compressed model, the cost table"));
        export.disableProperty().bind(explorer.networkProperty().isNull());
        MenuItem exportC = new MenuItem("Export C\u2026");
        exportC.setId("exportC");
        exportC.setOnAction(e -> dialogs.exportC());
        MenuItem exportModel = new MenuItem("Export model\u2026");
        exportModel.setId("exportModel");
        exportModel.setOnAction(e -> dialogs.saveAs("Export the model under the current plan", vm.modelNameProperty().get() + "-compressed.tinyfit",
                new FileChooser.ExtensionFilter("TinyFit models (*.tinyfit)", "*.tinyfit"), explorer::exportModel));
        MenuItem exportCsv = new MenuItem("Export cost table (CSV)\u2026");
        exportCsv.setId("exportCsv");
        exportCsv.setOnAction(e -> dialogs.saveAs("Export the cost table", vm.modelNameProperty().get() + "-costs.csv",
                new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv"), explorer::exportCostTable));
        MenuItem runTarget = new MenuItem("Run on emulated Cortex-M\u2026");
        runTarget.setId("runOnTarget");
        runTarget.setOnAction(e -> dialogs.runOnTarget());
        export.getItems().addAll(exportC, runTarget, exportModel, exportCsv);

        // an HBox, not a ToolBar: nothing moves into an overflow menu; the device line shrinks first
        info.setMinWidth(0);
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox.setHgrow(info, Priority.SOMETIMES);
        HBox bar = new HBox(label, picker, open, recent, session, export, new Separator(Orientation.VERTICAL),
                dl, devicePicker, info, grow, calibrate, new Separator(Orientation.VERTICAL), undo, redo);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n != info && n != grow && n instanceof javafx.scene.layout.Region r) r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        bar.setId("mainToolbar");
        bar.getStyleClass().addAll("tool-bar", "main-toolbar");
        return bar;
    }

    private Parent buildMessageBar() {
        Label text = new Label();
        text.setId("messageText");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button("\u2715");
        close.setId("messageClose");
        close.getStyleClass().add("message-close");
        close.setOnAction(e -> explorer.dismissMessage());
        HBox bar = new HBox(8, text, close);
        bar.setId("messageBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("message-bar");
        bar.setVisible(false);
        bar.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setPickOnBounds(false);
        explorer.messageProperty().addListener((o, a, m) -> {
            bar.setVisible(m != null);
            text.setText(m == null ? "" : m.text());
            bar.getStyleClass().removeAll("error", "info");
            if (m != null) bar.getStyleClass().add(m.error() ? "error" : "info");
        });
        explorer.targetReportProperty().addListener((o, a, t) -> {
            if (t != null && !t.isEmpty()) dialogs.showTargetReport(t);
        });
        return bar;
    }

    private void installShortcuts(Scene scene) {
        if (scene == null) return;
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), dialogs::chooseFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), explorer::undo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), explorer::redo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), explorer::redo);
    }

    private Button exportButton(String id, java.util.function.Supplier<javafx.scene.Node> node, String name) {
        Button b = new Button("Export PNG\u2026");
        b.setId(id);
        b.setTooltip(new Tooltip("Save this picture as a PNG file"));
        b.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export PNG");
            chooser.setInitialFileName(name);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images (*.png)", "*.png"));
            vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
            File f = chooser.showSaveDialog(window());
            if (f != null) exportPng(node.get(), f.toPath());
        });
        return b;
    }

    /** Snapshots {@code node} (on the FX thread, it renders) and writes the PNG off it. */
    public void exportPng(javafx.scene.Node node, Path file) {
        WritableImage img = node.snapshot(null, null);
        explorer.savePng(img, file);
    }

    // ---- centre ----

    private Parent buildModelPane() {
        Label name = new Label();
        name.setId("modelName");
        name.getStyleClass().add("model-title");
        name.textProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty())
                .then("No model loaded").otherwise(vm.modelNameProperty()));
        Label desc = new Label();
        desc.setId("modelDescription");
        desc.getStyleClass().add("toolbar-model");
        desc.textProperty().bind(vm.modelDescriptionProperty());
        Label path = new Label();
        path.getStyleClass().add("model-path");
        path.textProperty().bind(Bindings.createStringBinding(
                () -> vm.modelPathProperty().get() == null ? "Pick a sample model or open a model (.tinyfit, .onnx, .h5)"
                        : vm.modelPathProperty().get().toString(), vm.modelPathProperty()));
        VBox header = new VBox(1, name, desc, path);
        header.getStyleClass().add("model-header");

        // one scroll for the whole column (when the window is short), never a small box inside it
        VBox column = new VBox(header, new LayerTable(explorer).node(), controls.getRoot(), accuracy.getRoot());
        column.getStyleClass().add("model-pane");
        ScrollPane scroll = new ScrollPane(column);
        scroll.setId("controlsScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("controls-scroll");
        VBox box = new VBox(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.getStyleClass().add("model-pane");
        box.setMinWidth(440);
        return box;
    }

    private Parent buildRight() {
        panels.setId("panels");
        panels.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // the tabs, in order: a new one is one more line (its id, title, content, and what its PNG export shows)
        panels.getTabs().addAll(
                tab("tabChart", "Accuracy vs cost", chart.getRoot(), null, null),
                tab("tabMatrix", "Matrix", matrix.getRoot(), matrix::pictures, "matrix.png"),
                tab("tabLayers", "Layers", layerBars.getRoot(), layerBars::getRoot, "layers.png"),
                tab("tabSearch", "Search", search.getRoot(), search::chartNode, "search-chart.png"));
        VBox right = new VBox(metrics.getRoot(), panels);
        VBox.setVgrow(panels, Priority.ALWAYS);
        right.getStyleClass().add("right-pane");
        return right;
    }

    /**
     * One tab of the right-hand panels; with {@code png} an Export PNG button above its content
     * (id "export" + the tab id without "tab" + "Png") saves what {@code png} gives.
     */
    private Tab tab(String id, String title, javafx.scene.Node content, java.util.function.Supplier<javafx.scene.Node> png, String pngName) {
        javafx.scene.Node body = content;
        if (png != null) {
            BorderPane box = new BorderPane(content);
            HBox bar = new HBox(exportButton("export" + id.substring(3) + "Png", png, pngName));
            bar.setAlignment(Pos.CENTER_RIGHT);
            bar.setPadding(new Insets(4, 10, 0, 10));
            box.setTop(bar);
            body = box;
        }
        Tab t = new Tab(title, body);
        t.setId(id);
        return t;
    }

    // ---- bottom ----

    private Parent buildStatusBar() {
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
    private static final class DeviceCell extends ListCell<Device> {
        private final boolean detail;

        DeviceCell(boolean detail) { this.detail = detail; }

        @Override protected void updateItem(Device d, boolean empty) {
            super.updateItem(d, empty);
            setText(empty || d == null ? null : detail ? d.id() + "  \u2014  " + d.core() : d.id());
        }
    }

    private static final class SampleCell extends ListCell<SampleModel> {
        @Override protected void updateItem(SampleModel s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty || s == null ? null : s.name());
        }
    }
}
