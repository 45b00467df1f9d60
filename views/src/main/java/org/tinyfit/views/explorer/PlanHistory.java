package org.tinyfit.views.explorer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.tinyfit.model.plan.CompressionPlan;

/** Undo and redo of plan changes: two stacks of plans, bounded. Not thread-safe (fx thread). */
public final class PlanHistory {
    public static final int LIMIT = 500;

    private final Deque<CompressionPlan> undo = new ArrayDeque<>();
    private final Deque<CompressionPlan> redo = new ArrayDeque<>();

    /** Records a change away from {@code previous}; clears redo. */
    public void changed(CompressionPlan previous) {
        undo.push(Objects.requireNonNull(previous));
        while (undo.size() > LIMIT) undo.removeLast();
        redo.clear();
    }

    public boolean canUndo() { return !undo.isEmpty(); }

    public boolean canRedo() { return !redo.isEmpty(); }

    /** The plan to go back to, with {@code current} kept for redo. */
    public CompressionPlan undo(CompressionPlan current) {
        if (undo.isEmpty()) throw new IllegalStateException("nothing to undo");
        redo.push(current);
        return undo.pop();
    }

    public CompressionPlan redo(CompressionPlan current) {
        if (redo.isEmpty()) throw new IllegalStateException("nothing to redo");
        undo.push(current);
        return redo.pop();
    }

    public void clear() {
        undo.clear();
        redo.clear();
    }

    /** Undo stack, most recent first. */
    public List<CompressionPlan> undoList() { return List.copyOf(undo); }

    /** Redo stack, next first. */
    public List<CompressionPlan> redoList() { return List.copyOf(redo); }

    /** Restores both stacks (most recent / next first). */
    public void restore(List<CompressionPlan> undoList, List<CompressionPlan> redoList) {
        clear();
        undo.addAll(undoList);
        redo.addAll(redoList);
    }
}
