package org.tinyfit.views.explorer;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.explore.PlanEditor;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.views.LayerRow;
import org.tinyfit.views.LatestTaskLane;

/**
 * The analytic cost of the current plan on the current device: the cost model runs on
 * its own lane at once after every change (it takes microseconds) on the editor's
 * effective plan, stored structures included, and its report and layer rows are
 * published in one step.
 */
public final class CostViewModel {
    /** The analytic numbers of one plan on one device (all estimates). */
    public record Costs(CompressionPlan plan, String planText, Device device, CostReport report, CostReport dense,
                        List<LayerRow> rows, Timing timing) { }

    /** When the cost of a plan was asked for, started and finished (System.nanoTime), for latency measurements. */
    public record Timing(long submitted, long started, long finished) { }

    private final LatestTaskLane lane;
    private final Consumer<Message> messages;
    private final ReadOnlyObjectWrapper<Costs> costs = new ReadOnlyObjectWrapper<>(this, "costs");
    private final ObservableList<LayerRow> layerRows = FXCollections.observableArrayList();

    CostViewModel(Executor executor, Executor fx, Consumer<Message> messages) {
        this.lane = new LatestTaskLane("cost", executor, fx);
        this.messages = messages;
    }

    /** A new model: no cost yet, its layers as stored. */
    void reset(Network net) {
        lane.cancel();
        costs.set(null);
        layerRows.setAll(net == null ? List.of() : LayerRow.of(net));
    }

    /**
     * Costs {@code editor}'s plan on {@code d}; {@code costed} sees the report off the fx thread,
     * {@code done} the published costs, unless {@code stale} says the model changed meanwhile.
     */
    void recompute(PlanEditor editor, String text, Device d, Consumer<Costs> costed, Consumer<Costs> done,
                   BooleanSupplier stale) {
        CostOptions opts = CostOptions.DEFAULT; // the whole input tensor in SRAM, as the C export allocates it
        long submitted = System.nanoTime();
        lane.<Costs>submit(0, ctx -> {
            long started = System.nanoTime();
            Network net = editor.network();
            CostReport r = CostModel.estimate(net, editor.effectivePlan(), d, opts);
            CostReport dense = CostModel.estimate(net, CompressionPlan.none(), d, opts);
            Costs c = new Costs(editor.plan(), text, d, r, dense, LayerRow.of(net, r), new Timing(submitted, started, System.nanoTime()));
            costed.accept(c);
            return c;
        }, new LatestTaskLane.Sink<Costs>() {
            @Override public void done(Costs c) {
                if (stale.getAsBoolean()) return;
                costs.set(c);
                layerRows.setAll(c.rows());
                done.accept(c);
            }

            @Override public void failed(String msg) {
                messages.accept(new Message("Could not estimate the cost: " + msg, true));
            }
        });
    }

    /** Cost estimates of the current plan on the current device (null until the first estimate). */
    public ReadOnlyObjectProperty<Costs> costsProperty() { return costs.getReadOnlyProperty(); }

    /** Layer table rows under the current plan. */
    public ObservableList<LayerRow> layerRows() { return layerRows; }
}
