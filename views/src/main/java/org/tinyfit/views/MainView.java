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
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import org.controlsfx.control.StatusBar;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.views.explorer.AccuracyPanel;
import org.tinyfit.views.explorer.ChartPanel;
import org.tinyfit.views.explorer.CompressionControls;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.explorer.LayerBarsPanel;
import org.tinyfit.views.explorer.MatrixPanel;
import org.tinyfit.views.explorer.MetricsPanel;
import org.tinyfit.views.explorer.SessionFile;

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
    private final ExplorerViewModel explorer;
    private final BorderPane root = new BorderPane();
    private final ComboBox<SampleModel> picker = new ComboBox<>();
    private final ComboBox<Device> devicePicker = new ComboBox<>();
    private final TableView<LayerRow> table = new TableView<>();
    private final TabPane panels = new TabPane();
    private final StatusBar statusBar = new StatusBar();
    private final CompressionControls controls;
    private final MetricsPanel metrics;
    private final AccuracyPanel accuracy;
    private final ChartPanel chart;
    private final MatrixPanel matrix;
    private final LayerBarsPanel layerBars;
    private Alert errorAlert;
    private boolean syncingSelection;

    public MainView(ExplorerViewModel explorer) {
        this.explorer = explorer;
        this.vm = explorer.main();
        root.getStyleClass().add("tinyfit-main");
        root.getStylesheets().add(STYLESHEET);
        controls = new CompressionControls(explorer);
        metrics = new MetricsPanel(explorer);
        accuracy = new AccuracyPanel(explorer);
        chart = new ChartPanel(explorer.chart(), exportButton("exportChartPng", () -> getChart().chartNode(), "accuracy-chart.png"));
        matrix = new MatrixPanel(explorer.matrixView());
        layerBars = new LayerBarsPanel(explorer);
        root.setTop(new VBox(buildToolBar(), buildMessageBar()));
        SplitPane split = new SplitPane(buildModelPane(), buildRight());
        split.setId("mainSplit");
        split.setDividerPositions(0.415);
        root.setCenter(split);
        root.setBottom(buildStatusBar());
        vm.lastErrorProperty().addListener((obs, old, err) -> {
            if (err != null) showError(err);
        });
        root.sceneProperty().addListener((obs, old, scene) -> installShortcuts(scene));
    }

    public Parent getRoot() { return root; }

    public MainViewModel getViewModel() { return vm; }

    public ExplorerViewModel getExplorer() { return explorer; }

    /** The right-hand tabs: Chart, Matrix, Layers. */
    public TabPane getPanels() { return panels; }

    public MetricsPanel getMetrics() { return metrics; }

    public ChartPanel getChart() { return chart; }

    // ---- top bar ----

    private ToolBar buildToolBar() {
        Label label = new Label("Model");
        label.getStyleClass().add("toolbar-label");
        picker.setId("modelPicker");
        picker.setItems(vm.samples());
        picker.setPromptText("Choose a sample model");
        picker.setPrefWidth(135);
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

        MenuButton session = new MenuButton("Session");
        session.setId("sessionMenu");
        MenuItem openSession = new MenuItem("Open session\u2026");
        openSession.setOnAction(e -> chooseSession(false));
        MenuItem saveSession = new MenuItem("Save session\u2026");
        saveSession.setOnAction(e -> chooseSession(true));
        saveSession.disableProperty().bind(explorer.networkProperty().isNull());
        session.getItems().addAll(openSession, saveSession);

        Label dl = new Label("Device");
        dl.getStyleClass().add("toolbar-label");
        devicePicker.setId("devicePicker");
        devicePicker.setItems(explorer.devices());
        devicePicker.valueProperty().bindBidirectional(explorer.deviceProperty());
        devicePicker.setPrefWidth(165);
        devicePicker.setVisibleRowCount(14);
        devicePicker.setCellFactory(l -> new DeviceCell(true));
        devicePicker.setButtonCell(new DeviceCell(false));
        Label info = new Label();
        info.setId("deviceInfo");
        info.getStyleClass().add("toolbar-info");
        info.textProperty().bind(Bindings.createStringBinding(() -> {
            Device d = explorer.deviceProperty().get();
            return d == null ? "" : (Formats.decimal1(d.clockMhz()).replace(".0", "") + " MHz \u00b7 " + Formats.bytes(d.sramBytes())
                    + " SRAM \u00b7 " + Formats.bytes(d.flashBytes()) + " flash").replace(".0 KB", " KB") + (d.calibrated() ? " \u00b7 calibrated" : "");
        }, explorer.deviceProperty()));
        info.tooltipProperty().bind(Bindings.createObjectBinding(() -> {
            Device d = explorer.deviceProperty().get();
            return d == null ? null : new Tooltip(d.name() + " (" + d.core() + ")\n" + d.notes());
        }, explorer.deviceProperty()));
        Button calibrate = new Button("Calibrate\u2026");
        calibrate.setId("calibrateButton");
        calibrate.setTooltip(new Tooltip("Fit the device's MACs per cycle from one latency measured on the board"));
        calibrate.disableProperty().bind(explorer.costsProperty().isNull());
        calibrate.setOnAction(e -> calibrateDialog());

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
        exportC.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Export C: choose a folder for tinyfit_model.c/.h, main.c and test_vector.h");
            vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
            File f = chooser.showDialog(window());
            if (f != null) explorer.exportC(f.toPath());
        });
        MenuItem exportModel = new MenuItem("Export model\u2026");
        exportModel.setId("exportModel");
        exportModel.setOnAction(e -> saveAs("Export the model under the current plan", vm.modelNameProperty().get() + "-compressed.tinyfit",
                new FileChooser.ExtensionFilter("TinyFit models (*.tinyfit)", "*.tinyfit"), explorer::exportModel));
        MenuItem exportCsv = new MenuItem("Export cost table (CSV)\u2026");
        exportCsv.setId("exportCsv");
        exportCsv.setOnAction(e -> saveAs("Export the cost table", vm.modelNameProperty().get() + "-costs.csv",
                new FileChooser.ExtensionFilter("CSV files (*.csv)", "*.csv"), explorer::exportCostTable));
        MenuItem runTarget = new MenuItem("Run on emulated Cortex-M\u2026");
        runTarget.setId("runOnTarget");
        runTarget.setOnAction(e -> runOnTargetDialog());
        export.getItems().addAll(exportC, runTarget, exportModel, exportCsv);

        ToolBar bar = new ToolBar(label, picker, open, recent, session, export, new Separator(Orientation.VERTICAL),
                dl, devicePicker, info, calibrate, new Separator(Orientation.VERTICAL), undo, redo);
        bar.getStyleClass().add("main-toolbar");
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
        bar.managedProperty().bind(bar.visibleProperty());
        explorer.messageProperty().addListener((o, a, m) -> {
            bar.setVisible(m != null);
            text.setText(m == null ? "" : m.text());
            bar.getStyleClass().removeAll("error", "info");
            if (m != null) bar.getStyleClass().add(m.error() ? "error" : "info");
        });
        explorer.targetReportProperty().addListener((o, a, t) -> {
            if (t != null && !t.isEmpty()) showTargetReport(t);
        });
        return bar;
    }

    /** Asks for the core and a folder, then exports the C there and runs it on QEMU (off the FX thread). */
    private void runOnTargetDialog() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Run on emulated Cortex-M");
        d.setHeaderText("Export the C of this plan with a bare-metal project, build it with arm-none-eabi-gcc and run it\n"
                + "on QEMU's MPS2 board of the core; the logits are compared with TinyFit's, bit for bit.");
        d.getDialogPane().getStylesheets().add(STYLESHEET);
        d.getDialogPane().setId("runOnTargetDialog");
        ChoiceBox<org.tinyfit.model.ontarget.Core> core = new ChoiceBox<>();
        core.setId("runOnTargetCore");
        core.getItems().setAll(org.tinyfit.model.ontarget.Core.values());
        core.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(org.tinyfit.model.ontarget.Core c) {
                return c == null ? "" : c.id() + " (QEMU " + c.machine() + ", " + c.fpu() + ")";
            }

            @Override public org.tinyfit.model.ontarget.Core fromString(String s) { return org.tinyfit.model.ontarget.Core.parse(s); }
        });
        core.setValue(org.tinyfit.views.explorer.TargetCheck.coreFor(explorer.deviceProperty().get()));
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Core"), core);
        javafx.scene.control.CheckBox fast = new javafx.scene.control.CheckBox("Fast sigmoid/tanh (expf/tanhf; not bit-identical)");
        fast.setId("runOnTargetFast");
        g.add(fast, 1, 1);
        Label note = new Label("Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm. The counts are emulated\n"
                + "instructions (QEMU -icount), not cycles. The next step asks for the folder.");
        note.getStyleClass().add("panel-note");
        g.add(note, 0, 2, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Window w = window();
        if (w != null) d.initOwner(w);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Run on " + core.getValue().id() + ": choose a folder for the C export and its project");
            vm.lastDirectory().ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
            File f = chooser.showDialog(window());
            if (f != null) explorer.runOnTarget(f.toPath(), core.getValue(), fast.isSelected());
        });
    }

    /** The on-target report, as the command line prints it. */
    private void showTargetReport(String text) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("On-target check");
        d.getDialogPane().getStylesheets().add(STYLESHEET);
        d.getDialogPane().setId("targetReportDialog");
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea(text);
        area.setId("targetReportText");
        area.setEditable(false);
        area.setWrapText(false);
        area.setStyle("-fx-font-family: monospace;");
        area.setPrefColumnCount(110);
        area.setPrefRowCount(30);
        d.getDialogPane().setContent(area);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.setResizable(true);
        Window w = window();
        if (w != null) d.initOwner(w);
        d.show();
    }

    private void installShortcuts(Scene scene) {
        if (scene == null) return;
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), explorer::undo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), explorer::redo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), explorer::redo);
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

    private void chooseSession(boolean save) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(save ? "Save TinyFit session" : "Open TinyFit session");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("TinyFit sessions (*" + SessionFile.EXTENSION + ")",
                "*" + SessionFile.EXTENSION));
        vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
        if (save) {
            chooser.setInitialFileName(vm.modelNameProperty().get() + SessionFile.EXTENSION);
            File f = chooser.showSaveDialog(window());
            if (f != null) explorer.saveSession(f.toPath());
        } else {
            File f = chooser.showOpenDialog(window());
            if (f != null) explorer.openSession(f.toPath());
        }
    }

    private void saveAs(String title, String name, FileChooser.ExtensionFilter filter, java.util.function.Consumer<Path> then) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(filter);
        vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
        File f = chooser.showSaveDialog(window());
        if (f != null) then.accept(f.toPath());
    }

    private void calibrateDialog() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Calibrate " + (explorer.deviceProperty().get() == null ? "" : explorer.deviceProperty().get().id()));
        d.setHeaderText("Measured latency of this plan on the board");
        d.getDialogPane().getStylesheets().add(STYLESHEET);
        d.getDialogPane().setId("calibrateDialog");
        TextField ms = new TextField();
        ms.setPromptText("milliseconds");
        ms.setId("calibrateMs");
        ChoiceBox<DataType> type = new ChoiceBox<>();
        type.getItems().setAll(DataType.values());
        ExplorerViewModel.Costs c = explorer.costsProperty().get();
        type.setValue(c != null && c.report().int8Macs() > c.report().f32Macs() ? DataType.INT8 : DataType.FLOAT32);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Measured latency (ms)"), ms);
        g.addRow(1, new Label("MACs that ran in"), type);
        Label est = new Label(c == null ? "" : "The cost model estimates " + Formats.seconds(c.report().latencySeconds()) + ".");
        est.getStyleClass().add("panel-note");
        g.add(est, 0, 2, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Window w = window();
        if (w != null) d.initOwner(w);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            try {
                explorer.calibrate(Double.parseDouble(ms.getText().strip().replace(',', '.')), type.getValue());
            } catch (NumberFormatException e) {
                explorer.post("Calibration needs a number of milliseconds, got '" + ms.getText() + "'", true);
            }
        });
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

        ScrollPane scroll = new ScrollPane(controls.getRoot());
        scroll.setId("controlsScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("controls-scroll");
        VBox box = new VBox(header, table, scroll, accuracy.getRoot());
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.getStyleClass().add("model-pane");
        box.setMinWidth(380);
        return box;
    }

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

    private Parent buildRight() {
        panels.setId("panels");
        panels.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab chartTab = new Tab("Accuracy vs cost", chart.getRoot());
        chartTab.setId("tabChart");
        BorderPane matrixBox = new BorderPane(matrix.getRoot());
        HBox mbar = new HBox(exportButton("exportMatrixPng", matrix::getRoot, "matrix.png"));
        mbar.setAlignment(Pos.CENTER_RIGHT);
        mbar.setPadding(new Insets(4, 10, 0, 10));
        matrixBox.setTop(mbar);
        Tab matrixTab = new Tab("Matrix", matrixBox);
        matrixTab.setId("tabMatrix");
        BorderPane barsBox = new BorderPane(layerBars.getRoot());
        HBox bbar = new HBox(exportButton("exportLayersPng", layerBars::getRoot, "layers.png"));
        bbar.setAlignment(Pos.CENTER_RIGHT);
        bbar.setPadding(new Insets(4, 10, 0, 10));
        barsBox.setTop(bbar);
        Tab layersTab = new Tab("Layers", barsBox);
        layersTab.setId("tabLayers");
        panels.getTabs().addAll(chartTab, matrixTab, layersTab);
        VBox right = new VBox(metrics.getRoot(), panels);
        VBox.setVgrow(panels, Priority.ALWAYS);
        right.getStyleClass().add("right-pane");
        return right;
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
