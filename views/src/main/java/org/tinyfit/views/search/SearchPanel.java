package org.tinyfit.views.search;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.search.SearchTrial;
import org.tinyfit.views.Formats;
import org.tinyfit.model.search.Surrogate;

/**
 * The Search tab: limits (from the device), budget, techniques and bits, Start and Stop; the live
 * table of trials and the accuracy-vs-flash chart that fills in as trials finish, with the front
 * and the best model that fits marked. Double-clicking a finished trial opens its trained model.
 * Every action goes through {@link SearchViewModel}.
 */
public final class SearchPanel {
    private final SearchViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<SearchTrial> table = new TableView<>();
    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis(0, 100, 10);
    private final ScatterChart<Number, Number> chart = new ScatterChart<>(xAxis, yAxis);
    private final XYChart.Series<Number, Number> all = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> frontSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> bestSeries = new XYChart.Series<>();

    public SearchPanel(SearchViewModel vm) {
        this.vm = vm;
        root.setId("searchPanel");
        root.getStyleClass().add("search-panel");
        root.setTop(buildForm());
        SplitPane split = new SplitPane(buildTable(), buildChart());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        root.setCenter(split);
        vm.trials().addListener((ListChangeListener<SearchTrial>) c -> refreshChart());
        vm.front().addListener((ListChangeListener<String>) c -> { refreshChart(); table.refresh(); });
        vm.bestProperty().addListener((o, a, b) -> { refreshChart(); table.refresh(); });
    }

    public Parent getRoot() { return root; }

    /** The trial table (for tests). */
    public TableView<SearchTrial> table() { return table; }

    /** The chart (for tests and PNG export). */
    public Node chartNode() { return chart; }

    private Node buildForm() {
        TextField flash = field("searchMaxFlash", vm.maxFlashProperty(), "Flash limit: bytes or units (16KB, 1.5MB); KB = 1,024 bytes", 72);
        TextField sram = field("searchMaxSram", vm.maxSramProperty(), "SRAM limit: bytes or units (2KB, 256KB)", 72);
        TextField lat = field("searchMaxLatency", vm.maxLatencyMsProperty(), "Latency limit in milliseconds per inference; empty: no limit", 56);
        Button fromDevice = new Button("From device");
        fromDevice.setId("searchFromDevice");
        fromDevice.setTooltip(new Tooltip("Set flash and SRAM to the device's, no latency limit"));
        fromDevice.setOnAction(e -> vm.fillLimits(vm.deviceProperty().get()));
        FlowPane limits = flow(new Label("Flash \u2264"), flash, new Label("SRAM \u2264"), sram, new Label("Latency \u2264"), lat, new Label("ms"), fromDevice);

        Spinner<Integer> minutes = spinner("searchMinutes", 0, 24 * 60, vm.budgetMinutesProperty().get(), "Minutes the search may run (0: no time limit); running trials finish");
        follow(minutes, vm.budgetMinutesProperty(), 0);
        Spinner<Integer> trials = spinner("searchMaxTrials", 0, 10_000, vm.maxTrialsProperty().get(), "Most trials (0: no trial limit)");
        follow(trials, vm.maxTrialsProperty(), 0);
        Spinner<Integer> epochs = spinner("searchEpochs", 1, 1000, vm.fullEpochsProperty().get(),
                "Epochs of a full training; short trainings (successive halving) start at a ninth of it");
        follow(epochs, vm.fullEpochsProperty(), 1);
        Spinner<Integer> seed = spinner("searchSeed", 0, 1_000_000, vm.seedProperty().get(), "Seed of the proposals and of every training");
        follow(seed, vm.seedProperty(), 0);
        FlowPane budget = flow(new Label("Budget"), minutes, new Label("min"), trials, new Label("trials"), epochs, new Label("epochs"),
                new Label("seed"), seed);

        FlowPane tech = flow(new Label("Techniques"));
        for (String t : SearchViewModel.TECHNIQUES) {
            CheckBox cb = new CheckBox(t);
            cb.setId("searchTech-" + t);
            cb.selectedProperty().bindBidirectional(vm.techniqueProperty(t));
            cb.setTooltip(new Tooltip(switch (t) {
                case "kp" -> "Kronecker products of two factors";
                case "hkp" -> "hybrid KP: a Kronecker product plus a low-rank term";
                case "dkp" -> "doped KP: a Kronecker product plus a sparse overlay";
                case "lmf" -> "low-rank factorisation";
                case "prune" -> "magnitude pruning (sparse storage)";
                case "small" -> "the same network with fewer hidden units";
                default -> "every matrix dense (with fewer bits when bits < 32)";
            }));
            tech.getChildren().add(cb);
        }
        FlowPane bits = flow(new Label("Bits"));
        for (int b : SearchViewModel.BITS) {
            CheckBox cb = new CheckBox(Integer.toString(b));
            cb.setId("searchBits-" + b);
            cb.selectedProperty().bindBidirectional(vm.bitsProperty(b));
            bits.getChildren().add(cb);
        }
        CheckBox int8 = new CheckBox("int8 activations");
        int8.setId("searchInt8Act");
        int8.selectedProperty().bindBidirectional(vm.int8ActivationsProperty());
        bits.getChildren().add(int8);

        TextField cluster = field("searchCluster", vm.clusterProperty(),
                "Run the trials on a cluster of workers: HOST:PORT of one or more (started with 'tinyfit worker');"
                        + " empty: on this computer. Workers belong on a trusted network.", 200);
        cluster.setPromptText("this computer");
        TextField clusterName = field("searchClusterName", vm.clusterNameProperty(), "The cluster's name (tinyfit worker --cluster-name)", 80);
        FlowPane where = flow(new Label("Cluster"), cluster, new Label("name"), clusterName);

        Button start = new Button("Start");
        start.setId("searchStart");
        start.setDefaultButton(false);
        start.setTooltip(new Tooltip("Start the search; with the same settings it resumes the earlier search (finished trials are kept)"));
        start.disableProperty().bind(vm.runningProperty().or(vm.baseProperty().isNull()));
        start.setOnAction(e -> vm.start());
        Button stop = new Button("Stop");
        stop.setId("searchStop");
        stop.setTooltip(new Tooltip("Stop; finished trials are kept and Start with the same settings resumes"));
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.stop());
        Button open = new Button("Open trial");
        open.setId("searchOpen");
        open.setTooltip(new Tooltip("Open the selected trial's trained model (plan and weights) in the explorer; export works from there"));
        open.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            SearchTrial t = table.getSelectionModel().getSelectedItem();
            return t == null || !t.done();
        }, table.getSelectionModel().selectedItemProperty()));
        open.setOnAction(e -> vm.open(table.getSelectionModel().getSelectedItem()));
        ProgressBar bar = new ProgressBar();
        bar.setId("searchProgress");
        bar.setPrefWidth(120);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        HBox buttons = new HBox(6, start, stop, open, bar);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("searchStatus");
        status.setWrapText(true);
        status.setMinHeight(34);
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("search-status");

        // the settings fold away while a search runs and after it, so the trials get the room
        VBox settings = new VBox(4, limits, budget, tech, bits, where);
        TitledPane fold = new TitledPane("Limits, budget, techniques and bits", settings);
        fold.setId("searchSettings");
        fold.setAnimated(false);
        fold.setExpanded(true);
        vm.runningProperty().addListener((o, a, run) -> { if (run) fold.setExpanded(false); });
        Label memberList = new Label();
        memberList.setId("searchMembers");
        memberList.setWrapText(true);
        memberList.getStyleClass().add("search-status");
        memberList.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", vm.members()), vm.members()));
        memberList.visibleProperty().bind(Bindings.isNotEmpty(vm.members()));
        memberList.managedProperty().bind(memberList.visibleProperty());
        Label model = new Label();
        model.setId("searchModel");
        model.getStyleClass().add("section-title");
        model.textProperty().bind(Bindings.createStringBinding(() -> vm.baseProperty().get() == null ? "No model loaded"
                : "Searching compressed versions of " + vm.baseProperty().get().name(), vm.baseProperty()));
        VBox form = new VBox(4, model, fold, buttons, status, memberList);
        form.setPadding(new Insets(6, 10, 4, 10));
        return form;
    }

    /** The spinner and the view model's value follow each other (the model sets the epochs from a loaded model's own). */
    private static void follow(Spinner<Integer> s, javafx.beans.property.IntegerProperty p, int fallback) {
        s.valueProperty().addListener((o, a, b) -> p.set(b == null ? fallback : b));
        p.addListener((o, a, b) -> { if (!b.equals(s.getValue())) s.getValueFactory().setValue(b.intValue()); });
    }

    private static FlowPane flow(Node... nodes) {
        FlowPane f = new FlowPane(6, 4, nodes);
        f.setAlignment(Pos.CENTER_LEFT);
        return f;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String tip, double width) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(6);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    private static Spinner<Integer> spinner(String id, int min, int max, int value, String tip) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, value)));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(78);
        s.setTooltip(new Tooltip(tip));
        return s;
    }

    private Node buildTable() {
        table.setId("searchTrials");
        table.setItems(vm.trials());
        table.setPlaceholder(new Label("No trials yet: set the limits and press Start"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(col("Plan", 150, 90, t -> t.plan()));
        table.getColumns().add(col("Epochs", 56, 56, t -> Integer.toString(t.epochs())));
        table.getColumns().add(col("State", 58, 58, t -> t.state().id()));
        table.getColumns().add(col("Accuracy", 118, 110, SearchPanel::accuracyText));
        table.getColumns().add(col("Predicted", 96, 80, t -> predictedText(t.predicted())));
        table.getColumns().add(col("Flash", 66, 62, t -> Formats.bytes(t.flashBytes())));
        table.getColumns().add(col("SRAM", 62, 58, t -> Formats.bytes(t.sramBytes())));
        table.getColumns().add(col("Latency", 70, 66, t -> String.format(Locale.ROOT, "%.2f ms", t.latencyMs())));
        table.getColumns().add(col("Time", 46, 42, t -> Double.isNaN(t.seconds()) || t.seconds() <= 0 ? "" : String.format(Locale.ROOT, "%.0f s", t.seconds())));
        tip(table.getColumns().get(3), "Accuracy measured on the eval set after the trial's training, with its 95% interval");
        tip(table.getColumns().get(4), "What the surrogate predicted for the plan fully trained when it proposed the trial (90% interval)");
        tip(table.getColumns().get(1), "Epochs of the trial's training (short trainings first; the best go on to longer ones)");
        table.setRowFactory(tv -> {
            TableRow<SearchTrial> row = new TableRow<>() {
                @Override protected void updateItem(SearchTrial t, boolean empty) {
                    super.updateItem(t, empty);
                    getStyleClass().removeAll("search-best", "search-front", "search-failed");
                    if (empty || t == null) {
                        setTooltip(null);
                        return;
                    }
                    String k = SearchViewModel.rowKey(t);
                    SearchTrial b = vm.bestProperty().get();
                    if (b != null && SearchViewModel.rowKey(b).equals(k)) getStyleClass().add("search-best");
                    else if (vm.front().contains(k)) getStyleClass().add("search-front");
                    if (t.state() == SearchTrial.State.FAILED) getStyleClass().add("search-failed");
                    setTooltip(new Tooltip(t.plan() + (t.message().isEmpty() ? "" : "\n" + t.message())
                            + (t.reused() ? "\nfrom an earlier run of this search" : "")));
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) vm.open(row.getItem());
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        return table;
    }

    private static void tip(TableColumn<SearchTrial, ?> c, String text) {
        Label l = new Label(c.getText());
        l.setTooltip(new Tooltip(text));
        c.setGraphic(l);
        c.setText(null);
    }

    static String accuracyText(SearchTrial t) {
        if (!t.done()) return t.state() == SearchTrial.State.FAILED ? "failed" : "";
        return String.format(Locale.ROOT, "%.1f%% (%.1f\u2013%.1f)", 100 * t.accuracy(), 100 * t.ciLow(), 100 * t.ciHigh());
    }

    static String predictedText(Surrogate.Prediction p) {
        if (p == null) return "";
        return String.format(Locale.ROOT, "%.0f%% (%.0f\u2013%.0f)", 100 * p.mean(), 100 * Math.max(0, p.low()), 100 * Math.min(1, p.high()));
    }

    private static TableColumn<SearchTrial, String> col(String title, double width, double min, java.util.function.Function<SearchTrial, String> f) {
        TableColumn<SearchTrial, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue() == null ? "" : f.apply(d.getValue())));
        c.setCellFactory(x -> new TableCell<>() {
            @Override protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
            }
        });
        return c;
    }

    private Node buildChart() {
        chart.setId("searchChart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setTitle(null);
        xAxis.setLabel("Flash (KB)");
        xAxis.setForceZeroInRange(true);
        yAxis.setLabel("Accuracy (%)");
        yAxis.setAutoRanging(true);
        yAxis.setForceZeroInRange(false);
        all.setName("trials");
        frontSeries.setName("front (accuracy vs flash)");
        bestSeries.setName("best that fits");
        chart.getData().add(all);
        chart.getData().add(frontSeries);
        chart.getData().add(bestSeries);
        chart.setMinHeight(150);
        chart.setLegendSide(javafx.geometry.Side.TOP);
        return chart;
    }

    private void refreshChart() {
        all.getData().clear();
        frontSeries.getData().clear();
        bestSeries.getData().clear();
        SearchTrial b = vm.bestProperty().get();
        String bk = b == null ? null : SearchViewModel.rowKey(b);
        for (SearchTrial t : vm.trials()) {
            if (!t.done()) continue;
            XYChart.Data<Number, Number> d = new XYChart.Data<>(t.flashBytes() / 1024.0, 100 * t.accuracy());
            String k = SearchViewModel.rowKey(t);
            if (k.equals(bk)) bestSeries.getData().add(d);
            else if (vm.front().contains(k)) frontSeries.getData().add(d);
            else all.getData().add(d);
        }
        for (XYChart.Series<Number, Number> s : java.util.List.of(all, frontSeries, bestSeries)) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                if (d.getNode() != null) Tooltip.install(d.getNode(), new Tooltip(String.format(Locale.ROOT, "%.1f%% at %.1f KB", d.getYValue().doubleValue(),
                        d.getXValue().doubleValue())));
            }
        }
    }
}
