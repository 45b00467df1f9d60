package org.tinyfit.views.explorer;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.tinyfit.model.train.CompressedTraining.Start;

/**
 * The trained accuracy of the current plan (atlas, or a retrain on this machine, or
 * none) and the Retrain controls: epochs, start, seed, the time estimate, and while
 * it runs a progress bar with epoch, batch, loss, speed and ETA, and Cancel.
 */
public final class TrainedPanel {
    private final VBox result = new VBox(2);
    private final VBox controls = new VBox(3);
    private final Button cancelButton = new Button("Cancel");

    public TrainedPanel(TrainedViewModel vm) {
        result.setId("trainedResult");
        controls.setId("retrainControls");
        Label text = new Label();
        text.setId("trainedAccuracy");
        text.getStyleClass().add("accuracy-small");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.textProperty().bind(vm.textProperty());
        // a trained result is the headline above: here only why there is none
        text.visibleProperty().bind(vm.trainedProperty().isNull());
        text.managedProperty().bind(text.visibleProperty());
        Label siblings = new Label();
        siblings.setId("trainedSiblings");
        siblings.getStyleClass().add("accuracy-small");
        siblings.setWrapText(true);
        siblings.setMinHeight(Region.USE_PREF_SIZE);
        siblings.textProperty().bind(vm.siblingsProperty());
        siblings.visibleProperty().bind(vm.siblingsProperty().isNotEmpty());
        siblings.managedProperty().bind(siblings.visibleProperty());

        Button retrain = new Button("Retrain");
        retrain.setId("retrainButton");
        retrain.setTooltip(new Tooltip("Train this plan's structure on the model's training set (runs in the background; "
                + "the result is kept in the cache and joins the chart)"));
        retrain.disableProperty().bind(vm.canRetrainProperty().not());
        retrain.setOnAction(e -> vm.retrain());
        // Retrain is disabled while it runs, which would send the focus to whatever comes next: it goes to Cancel
        // instead, and back to Retrain when the run ends (unless the user has put it somewhere else meanwhile)
        boolean[] parked = new boolean[2]; // [0] Retrain had the focus, [1] the user moved it during the run
        javafx.beans.value.ChangeListener<javafx.scene.Node> watch = (o, a, b) -> { if (b != cancelButton) parked[1] = true; };
        vm.runningProperty().addListener((o, was, now) -> {
            javafx.scene.Scene sc = retrain.getScene();
            if (sc == null) return;
            if (now) {
                parked[0] = sc.getFocusOwner() == retrain;
                parked[1] = false;
                if (parked[0]) javafx.application.Platform.runLater(() -> {
                    cancelButton.requestFocus();
                    javafx.application.Platform.runLater(() -> sc.focusOwnerProperty().addListener(watch));
                });
            } else {
                sc.focusOwnerProperty().removeListener(watch);
                if (parked[0] && !parked[1]) javafx.application.Platform.runLater(retrain::requestFocus);
                parked[0] = false;
            }
        });
        Spinner<Integer> epochs = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1000, vm.epochsProperty().get()));
        epochs.setId("retrainEpochs");
        epochs.setEditable(true);
        epochs.setPrefWidth(72);
        epochs.getValueFactory().valueProperty().addListener((o, a, b) -> { if (b != null) vm.epochsProperty().set(b); });
        vm.epochsProperty().addListener((o, a, b) -> epochs.getValueFactory().setValue(b.intValue()));
        ChoiceBox<Start> start = new ChoiceBox<>();
        start.setId("retrainStart");
        start.getItems().setAll(Start.values());
        start.setConverter(new StringConverter<>() {
            @Override public String toString(Start s) { return s == null ? "" : s == Start.SCRATCH ? "from scratch" : "from projection"; }

            @Override public Start fromString(String s) { return null; }
        });
        start.valueProperty().bindBidirectional(vm.startProperty());
        start.setTooltip(new Tooltip("From scratch: the structure freshly initialised (as the Kronecker papers train it). "
                + "From projection: fine-tune the projected stored weights."));
        TextField seed = new TextField();
        seed.setId("retrainSeed");
        seed.setPrefColumnCount(3);
        seed.setTextFormatter(new TextFormatter<>(c -> c.getControlNewText().matches("\\d{0,9}") ? c : null));
        seed.setText(Long.toString(vm.seedProperty().get()));
        seed.textProperty().addListener((o, a, b) -> { if (!b.isEmpty()) vm.seedProperty().set(Long.parseLong(b)); });
        vm.seedProperty().addListener((o, a, b) -> { if (!seed.getText().equals(b.toString())) seed.setText(b.toString()); });
        Label el = small("epochs");
        Label sl = small("seed");
        retrain.setMinWidth(Region.USE_PREF_SIZE);
        HBox settings = new HBox(6, retrain, epochs, el, start, sl, seed);
        settings.setAlignment(Pos.CENTER_LEFT);
        epochs.disableProperty().bind(vm.runningProperty());
        start.disableProperty().bind(vm.runningProperty());
        seed.disableProperty().bind(vm.runningProperty());
        Label note = small("");
        note.setId("retrainNote");
        note.getStyleClass().add("panel-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(vm.retrainNoteProperty());

        ProgressBar bar = new ProgressBar();
        bar.setId("retrainProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        Button cancel = cancelButton;
        cancel.setId("retrainCancel");
        cancel.setOnAction(e -> vm.cancelRetrain());
        HBox barRow = new HBox(8, bar, cancel);
        barRow.setAlignment(Pos.CENTER_LEFT);
        Label ptext = small("");
        ptext.setId("retrainProgressText");
        ptext.textProperty().bind(vm.progressTextProperty());
        VBox running = new VBox(2, barRow, ptext);
        running.setId("retrainRunning");
        running.visibleProperty().bind(vm.runningProperty());
        running.managedProperty().bind(running.visibleProperty());

        result.getChildren().addAll(text, siblings);
        controls.getChildren().addAll(settings, note, running);
    }

    private static Label small(String t) {
        Label l = new Label(t);
        l.getStyleClass().add("accuracy-small");
        return l;
    }

    /** The trained accuracy and its quantized siblings (beside the "Trained" caption). */
    public Parent result() { return result; }

    /** Retrain settings, estimate, progress and Cancel. */
    public Parent controls() { return controls; }
}
