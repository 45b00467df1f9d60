package org.tinyfit.views;

import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.LayerCost;
import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

/**
 * One row of the layer table.
 *
 * @param layer      layer name
 * @param type       type label (lstm, gru, fastrnn, fastgrnn, dense)
 * @param matrix     plan name of the weight matrix, {@code LAYER.kernel}
 * @param rows       kernel rows
 * @param cols       kernel columns
 * @param technique  technique of the kernel under the plan (dense, kp, hkp, dkp, lmf, prune)
 * @param bits       weight bit width of the kernel under the plan
 * @param params     stored parameters of the layer (kernel values, biases, scalars)
 * @param flashBytes flash of the layer (estimate, docs/COST_MODEL.md)
 * @param share      100 * flash of the layer / flash of the model
 */
public record LayerRow(String layer, String type, String matrix, int rows, int cols, String technique, int bits,
                       long params, long flashBytes, double share) {

    /** "rows x cols". */
    public String shape() { return rows + " x " + cols; }

    /** "f32" (float32), "int8", ... */
    public String bitsText() { return bits == 32 ? "f32" : "int" + bits; }

    /** Rows for every layer of {@code net} as stored, before any cost estimate (float32 values: 4 bytes each). */
    public static List<LayerRow> of(Network net) {
        long total = net.params();
        List<LayerRow> out = new ArrayList<>(net.layers().size());
        for (Layer l : net.layers()) {
            long p = l.params();
            double share = total == 0 ? 0.0 : 100.0 * p / total;
            String t = l.kernel() instanceof CompressedOp c ? c.spec().id() : "dense";
            int bits = l.kernel() instanceof CompressedOp c ? c.bits() : 32;
            out.add(new LayerRow(l.name(), l.typeId(), l.kernelName(), l.kernel().rows(), l.kernel().cols(), t, bits,
                    p, 4 * p, share));
        }
        return List.copyOf(out);
    }

    /** Rows under a plan, from its cost report. */
    public static List<LayerRow> of(Network net, CostReport cost) {
        List<LayerRow> out = new ArrayList<>(net.layers().size());
        for (Layer l : net.layers()) {
            LayerCost lc = cost.layer(l.name());
            MatrixCost mc = cost.matrix(l.kernelName());
            double share = cost.flashBytes() == 0 ? 0 : 100.0 * lc.flashBytes() / cost.flashBytes();
            out.add(new LayerRow(l.name(), l.typeId(), l.kernelName(), mc.rows(), mc.cols(), mc.techniqueId(), mc.bits(),
                    lc.params(), lc.flashBytes(), share));
        }
        return List.copyOf(out);
    }
}
