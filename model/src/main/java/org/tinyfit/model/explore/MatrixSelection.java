package org.tinyfit.model.explore;

import java.util.List;
import org.tinyfit.model.plan.KpShape;
import org.tinyfit.model.plan.MatrixPlan;

/**
 * The selected matrix and everything its controls show: the plan entry, the
 * enumerated KP factor shapes (ordered by compression) and the index of the
 * plan's shape among them (-1 when the technique has none), the legal hybrid
 * ranks for the plan's C and the index of the plan's r.
 */
public record MatrixSelection(String name, String layer, String layerType, int rows, int cols, boolean rnn,
                              MatrixPlan plan, List<KpShape> shapes, int shapeIndex, int[] hybridRanks, int hybridIndex) {

    public String techniqueId() { return plan.technique().id(); }

    public KpShape shape() { return shapeIndex < 0 ? null : shapes.get(shapeIndex); }
}
