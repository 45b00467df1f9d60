package org.tinyfit.views.explorer;

import org.tinyfit.model.explore.MatrixSelection;
import org.tinyfit.model.plan.Techniques;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.KpShape;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.views.Formats;

/**
 * Compression controls of the selected matrix: technique, the technique's
 * settings (KP factor shape stepping through the enumerated shapes ordered by
 * compression, hybrid rank, doping density, low rank, sparsity), bit width,
 * activation type, "apply to all RNN matrices" and the plan's text form.
 * Binds to {@link ExplorerViewModel}; while it shows a new selection it does not
 * write back ({@code updating}).
 */
public final class CompressionControls {
    private final ExplorerViewModel vm;
    private final VBox root = new VBox(8);
    private final VBox planBar = new VBox(2);
    private final Label title = new Label("No matrix selected");
    private final SegmentedButton techniques = new SegmentedButton();
    private final Slider shapeSlider = slider("shapeSlider");
    private final Label shapeText = new Label();
    private final Label shapeDetail = new Label();
    private final Slider hybridSlider = slider("hybridSlider");
    private final Label hybridText = new Label();
    private final Slider densitySlider = slider("densitySlider");
    private final Label densityText = new Label();
    private final Slider rankSlider = slider("rankSlider");
    private final Label rankText = new Label();
    private final Slider sparsitySlider = slider("sparsitySlider");
    private final Label sparsityText = new Label();
    private final ComboBox<Integer> bits = new ComboBox<>();
    private final SegmentedButton activations = new SegmentedButton();
    private final TextField planField = new TextField();
    private final Label planError = new Label();
    private final VBox kpBox, hybridBox, densityBox, rankBox, sparsityBox;
    private boolean updating;
    private final Label shapeError = new Label();
    private java.util.List<Integer> steps = java.util.List.of();

    public CompressionControls(ExplorerViewModel vm) {
        this.vm = vm;
        root.setId("compressionControls");
        root.getStyleClass().add("compression-controls");
        root.setPadding(new Insets(10, 12, 10, 12));
        title.getStyleClass().add("section-title");
        title.setId("compressTitle");

        for (String id : Techniques.IDS) {
            ToggleButton b = new ToggleButton(Techniques.label(id));
            b.setId("technique-" + id);
            b.setUserData(id);
            b.setOnAction(e -> {
                if (!b.isSelected()) b.setSelected(true); // one is always selected
                if (!updating) vm.setTechnique(id);
            });
            techniques.getButtons().add(b);
        }
        techniques.setId("techniqueSelector");
        techniques.getStyleClass().add("techniques");

        shapeText.setId("shapeText");
        shapeText.getStyleClass().add("setting-value");
        shapeDetail.setId("shapeDetail");
        shapeDetail.getStyleClass().add("setting-detail");
        shapeDetail.setWrapText(true);
        Button less = new Button("\u25c0");
        less.setId("shapeLess");
        less.setTooltip(new Tooltip("Less compression"));
        less.setOnAction(e -> shapeSlider.decrement());
        Button more = new Button("\u25b6");
        more.setId("shapeMore");
        more.setTooltip(new Tooltip("More compression"));
        more.setOnAction(e -> shapeSlider.increment());
        HBox.setHgrow(shapeSlider, Priority.ALWAYS);
        TextField shapeField = new TextField();
        shapeField.setId("shapeField");
        shapeField.setPromptText("m1\u00d7n1");
        shapeField.setPrefColumnCount(5);
        shapeField.setTooltip(new Tooltip("Type B's shape (m1 x n1, e.g. 8x4) and press Enter; C follows from the matrix"));
        shapeField.setOnAction(e -> {
            String err = vm.setShapeText(shapeField.getText());
            shapeError.setText(err == null ? "" : err);
        });
        shapeField.setMinWidth(Region.USE_PREF_SIZE);
        HBox shapeRow = new HBox(4, less, shapeSlider, more, shapeField);
        shapeRow.setAlignment(Pos.CENTER_LEFT);
        shapeSlider.valueProperty().addListener((o, a, b) -> {
            if (updating || steps.isEmpty()) return;
            int pos = Math.max(0, Math.min(steps.size() - 1, (int) Math.round(b.doubleValue())));
            vm.setShapeIndex(steps.get(pos));
        });
        javafx.scene.control.CheckBox allShapes = new javafx.scene.control.CheckBox("all shapes");
        allShapes.setId("allShapes");
        allShapes.setTooltip(new Tooltip("Step through every factor shape, B/C mirrors with the same cost included"));
        allShapes.selectedProperty().bindBidirectional(vm.allShapesProperty());
        vm.allShapesProperty().addListener((o, a, b) -> show(vm.selectionProperty().get()));
        shapeError.setId("shapeError");
        shapeError.getStyleClass().add("plan-error");
        shapeError.setWrapText(true);
        shapeError.managedProperty().bind(shapeError.textProperty().isNotEmpty());
        shapeError.visibleProperty().bind(shapeError.textProperty().isNotEmpty());
        Label shapeCaption = caption("Factor shape, by compression");
        shapeCaption.setMinWidth(0);
        allShapes.setMinWidth(Region.USE_PREF_SIZE);
        Region capSp = new Region();
        HBox.setHgrow(capSp, Priority.ALWAYS);
        HBox capRow = new HBox(6, shapeCaption, capSp, allShapes);
        capRow.setAlignment(Pos.CENTER_LEFT);
        kpBox = new VBox(3, capRow, shapeRow, shapeText, shapeDetail, shapeError);
        kpBox.managedProperty().bind(kpBox.visibleProperty());

        hybridSlider.valueProperty().addListener((o, a, b) -> {
            MatrixSelection s = vm.selectionProperty().get();
            if (updating || s == null || s.hybridRanks().length == 0) return;
            int i = (int) Math.round(b.doubleValue());
            vm.setHybridRank(s.hybridRanks()[Math.max(0, Math.min(i, s.hybridRanks().length - 1))]);
        });
        hybridBox = box("Dense rows r (legal values for C)", hybridSlider, hybridText);

        densitySlider.setMin(-4);
        densitySlider.setMax(-0.5);
        densitySlider.setBlockIncrement(0.25);
        densitySlider.valueProperty().addListener((o, a, b) -> {
            if (!updating) vm.setDensity(round3(Math.pow(10, b.doubleValue())));
        });
        densityBox = box("Overlay density d (log scale)", densitySlider, densityText);

        rankSlider.setBlockIncrement(1);
        rankSlider.valueProperty().addListener((o, a, b) -> {
            if (!updating) vm.setRank((int) Math.round(b.doubleValue()));
        });
        rankBox = box("Rank r", rankSlider, rankText);

        sparsitySlider.setMin(0);
        sparsitySlider.setMax(0.99);
        sparsitySlider.setBlockIncrement(0.01);
        sparsitySlider.valueProperty().addListener((o, a, b) -> {
            if (!updating) vm.setSparsity(Math.round(b.doubleValue() * 100) / 100.0);
        });
        sparsityBox = box("Sparsity s", sparsitySlider, sparsityText);

        bits.setId("bitsPicker");
        bits.getItems().setAll(Techniques.BITS);
        bits.setButtonCell(new BitsCell());
        bits.setCellFactory(l -> new BitsCell());
        bits.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) vm.setBits(b);
        });
        for (Activations a : Activations.values()) {
            ToggleButton b = new ToggleButton(a.id());
            b.setId("activations-" + a.id());
            b.setUserData(a);
            b.setOnAction(e -> {
                if (!b.isSelected()) b.setSelected(true);
                if (!updating) vm.setActivations(a);
            });
            activations.getButtons().add(b);
        }
        activations.setId("activationsSelector");
        GridPane q = new GridPane();
        q.setHgap(8);
        q.setVgap(6);
        q.addRow(0, caption("Weights"), bits, caption("Activations (all)"), activations);

        Button all = new Button("Apply to all RNN matrices");
        all.setId("applyAllRnn");
        all.setTooltip(new Tooltip("Same technique and bits on every RNN matrix; KP shapes with the nearest compression"));
        all.setOnAction(e -> vm.applyToAllRnn());
        all.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.selectionProperty().get() == null || !vm.selectionProperty().get().rnn(), vm.selectionProperty()));
        javafx.scene.control.Tooltip allTip = all.getTooltip();
        vm.networkProperty().addListener((o, a, n) -> allTip.setText(n != null && n.rnnLayers().size() < 2
                ? "The model has one RNN matrix: there is no other to apply these settings to"
                : "Same technique and bits on every RNN matrix; KP shapes adapted to each shape (the message says what each got)"));

        planField.setId("planField");
        planField.setPromptText("plan, e.g. lstm.kernel=kp:8x4,64x39/int8 (empty: all dense)");
        planField.setOnAction(e -> vm.applyPlanText(planField.getText()));
        planField.setTooltip(new Tooltip("The whole plan in text form; edit and press Enter"));
        planError.setId("planError");
        planError.getStyleClass().add("plan-error");
        planError.setWrapText(true);
        planError.textProperty().bind(vm.planErrorProperty());
        planError.visibleProperty().bind(vm.planErrorProperty().isNotEmpty());
        planError.managedProperty().bind(planError.visibleProperty());
        vm.planTextProperty().addListener((o, a, b) -> planField.setText(b));
        planField.setText(vm.planTextProperty().get());
        Label planCaption = caption("Plan");
        planCaption.setMinWidth(Region.USE_PREF_SIZE);
        planCaption.setTooltip(new Tooltip("The whole plan in text form, every matrix; edit and press Enter"));
        HBox.setHgrow(planField, Priority.ALWAYS);
        planField.setMaxWidth(Double.MAX_VALUE);
        HBox planRow = new HBox(8, planCaption, planField);
        planRow.setAlignment(Pos.CENTER_LEFT);
        planBar.getChildren().addAll(planRow, planError);
        planBar.setId("planBar");
        planBar.getStyleClass().add("plan-bar");
        for (javafx.scene.control.ToggleButton b : techniques.getButtons()) b.setMinWidth(Region.USE_PREF_SIZE);
        for (javafx.scene.control.ToggleButton b : activations.getButtons()) b.setMinWidth(Region.USE_PREF_SIZE);
        all.setMinWidth(Region.USE_PREF_SIZE);

        root.getChildren().addAll(title, techniques, kpBox, hybridBox, densityBox, rankBox, sparsityBox, q, all);
        vm.selectionProperty().addListener((o, a, s) -> show(s));
        vm.planProperty().addListener((o, a, p) -> showActivations());
        show(vm.selectionProperty().get());
    }

    public Parent getRoot() { return root; }

    /** The plan's text form and its error: a bar the window shows above everything (always in view). */
    public Parent planBar() { return planBar; }

    private static Slider slider(String id) {
        Slider s = new Slider();
        s.setId(id);
        s.setMaxWidth(Double.MAX_VALUE);
        return s;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("setting-caption");
        return l;
    }

    private static VBox box(String caption, Node... nodes) {
        VBox b = new VBox(3);
        b.getChildren().add(caption(caption));
        b.getChildren().addAll(nodes);
        b.managedProperty().bind(b.visibleProperty());
        return b;
    }

    private static double round3(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", v));
    }

    private void show(MatrixSelection s) {
        updating = true;
        try {
            root.setDisable(s == null);
            if (s == null) {
                title.setText("Select a matrix in the table");
                for (VBox b : new VBox[] {kpBox, hybridBox, densityBox, rankBox, sparsityBox}) b.setVisible(false);
                return;
            }
            title.setText("Compress " + s.name() + "  \u00b7  " + s.rows() + " \u00d7 " + s.cols());
            String id = s.techniqueId();
            techniques.getButtons().forEach(b -> b.setSelected(id.equals(b.getUserData())));
            TechniqueSpec t = s.plan().technique();
            boolean kpLike = s.shapeIndex() >= 0;
            kpBox.setVisible(kpLike);
            hybridBox.setVisible(t instanceof TechniqueSpec.Hkp);
            densityBox.setVisible(t instanceof TechniqueSpec.Dkp);
            rankBox.setVisible(t instanceof TechniqueSpec.Lmf);
            sparsityBox.setVisible(t instanceof TechniqueSpec.Pruned);
            if (kpLike) showShape(s);
            if (t instanceof TechniqueSpec.Hkp h) {
                int[] r = s.hybridRanks();
                hybridSlider.setMin(0);
                hybridSlider.setMax(Math.max(0, r.length - 1));
                hybridSlider.setBlockIncrement(1);
                hybridSlider.setMajorTickUnit(1);
                hybridSlider.setSnapToTicks(true);
                hybridSlider.setValue(Math.max(0, s.hybridIndex()));
                hybridText.setText("r = " + h.r() + " dense rows (" + r.length + " legal values, steps of " + h.m2()
                        + ")  \u00b7  B " + h.m1() + "\u00d7" + h.n1() + ", C " + h.m2() + "\u00d7" + h.n2());
            }
            if (t instanceof TechniqueSpec.Dkp d) {
                densitySlider.setValue(Math.log10(d.density()));
                long nnz = d.nnz(s.rows(), s.cols());
                densityText.setText("d = " + Formats.fixed(d.density(), d.density() < 0.01 ? 4 : 3) + "  \u00b7  "
                        + Formats.integer(nnz) + " overlay values");
            }
            if (t instanceof TechniqueSpec.Lmf l) {
                rankSlider.setMin(1);
                rankSlider.setMax(Math.min(s.rows(), s.cols()));
                rankSlider.setValue(l.rank());
                long params = l.params(s.rows(), s.cols());
                rankText.setText("r = " + l.rank() + "  \u00b7  " + Formats.params(params) + "  \u00b7  "
                        + Formats.factor((double) s.rows() * s.cols() / params));
            }
            if (t instanceof TechniqueSpec.Pruned p) {
                sparsitySlider.setValue(p.sparsity());
                long nnz = p.nnz(s.rows(), s.cols());
                sparsityText.setText("s = " + Formats.percent(100 * p.sparsity()) + "  \u00b7  " + Formats.integer(nnz) + " weights kept");
            }
            bits.setValue(s.plan().bits());
            showActivations();
        } finally {
            updating = false;
        }
    }

    private void showShape(MatrixSelection s) {
        steps = ExplorerViewModel.shapeSteps(s, vm.allShapesProperty().get());
        shapeError.setText("");
        shapeSlider.setMin(0);
        shapeSlider.setMax(Math.max(0, steps.size() - 1));
        shapeSlider.setBlockIncrement(1);
        shapeSlider.setMajorTickUnit(1);
        shapeSlider.setMinorTickCount(0);
        shapeSlider.setSnapToTicks(true);
        shapeSlider.setValue(Math.max(0, steps.indexOf(s.shapeIndex())));
        KpShape k = s.shape();
        TechniqueSpec t = s.plan().technique();
        String b = "B " + k.m1() + "\u00d7" + k.n1();
        if (t instanceof TechniqueSpec.Hkp h) b = "B " + h.m1() + "\u00d7" + h.n1() + " (lower " + (s.rows() - h.r()) + " rows)";
        // the whole technique's numbers (HKP's dense rows, DKP's overlay included), not the bare KP shape's
        org.tinyfit.model.plan.Footprint f = t.footprint(s.rows(), s.cols());
        double compression = (double) s.rows() * s.cols() / Math.max(1, f.params());
        shapeText.setText(b + "   C " + k.m2() + "\u00d7" + k.n2() + "   " + Formats.factor(compression)
                + (k.pareto() ? "   \u2605 Pareto" : k.trivial() ? "   (trivial: a scaled copy)" : ""));
        shapeDetail.setText("shape " + (steps.indexOf(s.shapeIndex()) + 1) + " of " + steps.size()
                + (steps.size() < s.shapes().size() ? " (" + s.shapes().size() + " with mirrors)" : "") + "  \u00b7  "
                + Formats.params(f.params()) + "  \u00b7  rank \u2264 " + f.rankBound() + "  \u00b7  "
                + Formats.integer(f.macs()) + " MACs per mat-vec " + f.kpOrder());
    }

    private void showActivations() {
        boolean was = updating;
        updating = true;
        try {
            Activations a = vm.getPlan().activations();
            activations.getButtons().forEach(b -> b.setSelected(a == b.getUserData()));
        } finally {
            updating = was;
        }
    }

    private static final class BitsCell extends javafx.scene.control.ListCell<Integer> {
        @Override protected void updateItem(Integer b, boolean empty) {
            super.updateItem(b, empty);
            setText(empty || b == null ? null : Techniques.bitsLabel(b));
        }
    }
}
