package org.tinyfit.views.explorer;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.explore.MatrixSelection;
import org.tinyfit.model.explore.PlanEditor;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.views.Errors;

/**
 * The plan of the loaded model as properties: a {@link PlanEditor} (every edit goes
 * through it), its canonical text, the last rejected text's error, the selected matrix's
 * controls, and undo/redo. Every change is reported once to {@code onChange}. All on the
 * fx thread; nothing here computes more than a plan edit.
 */
final class PlanState {
    private final PlanHistory history = new PlanHistory();
    private final Consumer<CompressionPlan> onChange;
    private final ReadOnlyObjectWrapper<CompressionPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan", CompressionPlan.none());
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "planText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "planError", "");
    private final ReadOnlyObjectWrapper<MatrixSelection> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private PlanEditor editor;
    private String selected;

    PlanState(Consumer<CompressionPlan> onChange) {
        this.onChange = onChange;
    }

    /** A new model (null: none): no history; the plan is set by {@link #start}. */
    void reset(Network net) {
        history.clear();
        editor = net == null ? null : PlanEditor.of(net);
    }

    /** The first plan of a model, with the undo and redo lists of a restored session. */
    void start(CompressionPlan p, List<CompressionPlan> undo, List<CompressionPlan> redo) {
        history.restore(undo, redo);
        set(p);
    }

    PlanEditor editor() { return editor; }

    /** Replaces the plan (recorded for undo). */
    void commit(CompressionPlan p) {
        if (editor == null || p.equals(plan.get())) return;
        history.changed(plan.get());
        set(p);
    }

    /** Parses, validates and applies a plan text; returns the error (and keeps the plan) when it is rejected. */
    String applyText(String t) {
        if (editor == null) return "no model is loaded";
        try {
            CompressionPlan p = PlanText.parse(t == null ? "" : t, editor.network());
            error.set("");
            commit(p);
            text.set(PlanText.format(plan.get()));
            return null;
        } catch (RuntimeException e) {
            error.set(Errors.describe(e));
            return Errors.describe(e);
        }
    }

    void undo() {
        if (history.canUndo()) set(history.undo(plan.get()));
    }

    void redo() {
        if (history.canRedo()) set(history.redo(plan.get()));
    }

    /** Applies an edit of the editor to the selected matrix. */
    void edit(BiFunction<PlanEditor, String, PlanEditor> change) {
        MatrixSelection s = selection.get();
        if (s == null || editor == null) return;
        commit(change.apply(editor, s.name()).plan());
    }

    /** Selects a matrix (null: none) and shows its controls. */
    void select(String matrix) {
        selected = matrix;
        updateSelection();
    }

    List<CompressionPlan> undoList() { return history.undoList(); }

    List<CompressionPlan> redoList() { return history.redoList(); }

    private void set(CompressionPlan p) {
        if (editor != null) editor = editor.withPlan(p);
        plan.set(p);
        text.set(PlanText.format(p));
        error.set("");
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        updateSelection();
        onChange.accept(p);
    }

    private void updateSelection() {
        selection.set(editor == null ? null : editor.selection(selected));
    }

    ReadOnlyObjectProperty<CompressionPlan> planProperty() { return plan.getReadOnlyProperty(); }

    ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    ReadOnlyObjectProperty<MatrixSelection> selectionProperty() { return selection.getReadOnlyProperty(); }

    ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }

    ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
}
