package org.tinyfit.views;

import org.tinyfit.views.explorer.CostViewModel;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.tinyfit.model.device.DataType;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.explorer.SessionFile;

/** The main window's file choosers, the calibration and on-target dialogs: they only ask, the view models act. */
final class MainDialogs {
    private final MainViewModel vm;
    private final ExplorerViewModel explorer;
    private final Supplier<Window> window;

    MainDialogs(MainViewModel vm, ExplorerViewModel explorer, Supplier<Window> window) {
        this.vm = vm;
        this.explorer = explorer;
        this.window = window;
    }

    private Window window() { return window.get(); }

    void chooseFile() {
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

    void chooseSession(boolean save) {
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

    void saveAs(String title, String name, FileChooser.ExtensionFilter filter, java.util.function.Consumer<Path> then) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(filter);
        vm.lastDirectory().ifPresent(d -> chooser.setInitialDirectory(d.toFile()));
        File f = chooser.showSaveDialog(window());
        if (f != null) then.accept(f.toPath());
    }

    void calibrate() {
        Dialog<ButtonType> d = new Dialog<>();
        org.tinyfit.model.device.Device dev = explorer.deviceProperty().get();
        d.setTitle("Calibrate " + (dev == null ? "" : dev.id()));
        d.setHeaderText("Measured latency of this plan on the board");
        d.getDialogPane().getStylesheets().add(MainView.STYLESHEET);
        d.getDialogPane().setId("calibrateDialog");
        TextField ms = new TextField();
        ms.setPromptText("milliseconds");
        ms.setId("calibrateMs");
        ChoiceBox<DataType> type = new ChoiceBox<>();
        type.getItems().setAll(DataType.values());
        CostViewModel.Costs c = explorer.costsProperty().get();
        type.setValue(c != null && c.report().int8Macs() > c.report().f32Macs() ? DataType.INT8 : DataType.FLOAT32);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Measured latency (ms)"), ms);
        g.addRow(1, new Label("MACs that ran in"), type);
        Label est = new Label(c == null ? "" : "The cost model estimates " + Formats.seconds(c.report().latencySeconds()) + ".");
        est.getStyleClass().add("panel-note");
        g.add(est, 0, 2, 2, 1);
        Label scope = new Label();
        scope.setId("calibrateScope");
        scope.setWrapText(true);
        scope.setMaxWidth(460);
        scope.getStyleClass().add("panel-note");
        scope.setText(explorer.calibrationScope(type.getValue()));
        type.valueProperty().addListener((o, a, b) -> scope.setText(explorer.calibrationScope(b)));
        g.add(scope, 0, 3, 2, 1);
        Label error = new Label();
        error.setId("calibrateError");
        error.setWrapText(true);
        error.setMaxWidth(460);
        error.getStyleClass().add("plan-error");
        g.add(error, 0, 4, 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType reset = new ButtonType("Reset to catalog values", javafx.scene.control.ButtonBar.ButtonData.LEFT);
        d.getDialogPane().getButtonTypes().addAll(reset, ButtonType.OK, ButtonType.CANCEL);
        javafx.scene.Node resetButton = d.getDialogPane().lookupButton(reset);
        resetButton.setId("calibrateReset");
        resetButton.setDisable(dev == null || !dev.calibrated() || org.tinyfit.views.explorer.DevicesViewModel.catalogEntry(dev.id()) == null);
        javafx.scene.Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        // a bad value keeps the dialog open and says why, in milliseconds
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = explorer.calibrationProblem(ms.getText(), type.getValue());
            if (problem != null) {
                error.setText(problem);
                e.consume();
            }
        });
        Window w = window();
        if (w != null) d.initOwner(w);
        d.showAndWait().ifPresent(b -> {
            if (b == ButtonType.OK) explorer.calibrate(Double.parseDouble(ms.getText().strip().replace(',', '.')), type.getValue());
            else if (b == reset) explorer.resetDevice();
        });
    }

    /** Asks where (a folder and the name of the folder to create in it), how many test vectors and which weights, then exports C. */
    void exportC() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Export C");
        d.setHeaderText("C sources of this plan: tinyfit_model.c/.h, main.c and test_vector.h, in a folder of their own");
        d.getDialogPane().getStylesheets().add(MainView.STYLESHEET);
        d.getDialogPane().setId("exportCDialog");
        TextField parent = new TextField(vm.lastExportDirectory().map(Object::toString).orElse(System.getProperty("user.home")));
        parent.setId("exportCParent");
        parent.setPrefColumnCount(28);
        javafx.scene.control.Button browse = new javafx.scene.control.Button("Browse\u2026");
        browse.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Export C: the folder to create the C folder in");
            java.io.File cur = new java.io.File(parent.getText());
            if (cur.isDirectory()) chooser.setInitialDirectory(cur);
            java.io.File f = chooser.showDialog(d.getDialogPane().getScene().getWindow());
            if (f != null) parent.setText(f.getAbsolutePath());
        });
        TextField name = new TextField(explorer.defaultCFolder());
        name.setId("exportCName");
        javafx.scene.control.Spinner<Integer> samples = new javafx.scene.control.Spinner<>(1, 1000, org.tinyfit.model.export.ExportService.TEST_SAMPLES);
        samples.setId("exportCSamples");
        samples.setEditable(true);
        samples.setPrefWidth(90);
        javafx.scene.control.CheckBox trained = new javafx.scene.control.CheckBox("Trained weights of this plan (atlas variant or retrain)");
        trained.setId("exportCTrained");
        trained.setSelected(explorer.hasTrainedWeights());
        trained.setDisable(!explorer.hasTrainedWeights());
        Label weights = new Label(explorer.hasTrainedWeights() ? "Unticked: the stored weights projected onto the plan, not retrained"
                : "No trained result for this plan: the stored weights projected onto it, not retrained");
        weights.getStyleClass().add("panel-note");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("In folder"), parent, browse);
        g.addRow(1, new Label("New folder"), name);
        g.addRow(2, new Label("Test vectors"), samples, new Label("samples"));
        g.add(trained, 1, 3, 2, 1);
        g.add(weights, 1, 4, 2, 1);
        javafx.scene.control.CheckBox compile = new javafx.scene.control.CheckBox("Compile check and size report");
        compile.setId("exportCCompile");
        boolean cc = explorer.compilerAvailable();
        compile.setSelected(cc);
        compile.setDisable(!cc);
        Label compileNote = new Label(cc ? "arm-none-eabi-gcc -Os for the device's core (text, data, bss), else the host's cc"
                : "No C compiler on the PATH");
        compileNote.getStyleClass().add("panel-note");
        g.add(compile, 1, 5, 2, 1);
        g.add(compileNote, 1, 6, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Window w = window();
        if (w != null) d.initOwner(w);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            try {
                explorer.exportC(Path.of(parent.getText().strip()), name.getText(), samples.getValue(), trained.isSelected(),
                        compile.isSelected());
            } catch (java.nio.file.InvalidPathException e) {
                explorer.post("Export C: '" + parent.getText() + "' is not a folder (" + e.getReason() + ")", true);
            }
        });
    }

    /** Asks for the core and a folder, then exports the C there and runs it on QEMU (off the FX thread). */
    void runOnTarget() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Run on emulated Cortex-M");
        d.setHeaderText("Export the C of this plan with a bare-metal project, build it with arm-none-eabi-gcc and run it\n"
                + "on QEMU's MPS2 board of the core; the logits are compared with TinyFit's, bit for bit.");
        d.getDialogPane().getStylesheets().add(MainView.STYLESHEET);
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
    void showTargetReport(String text) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("On-target check");
        d.getDialogPane().getStylesheets().add(MainView.STYLESHEET);
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
}
