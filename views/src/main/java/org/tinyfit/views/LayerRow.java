package org.tinyfit.views;

import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

/**
 * One row of the layer table.
 *
 * @param layer  layer name
 * @param type   type label (lstm, gru, fastrnn, fastgrnn, dense)
 * @param matrix plan name of the weight matrix, {@code LAYER.kernel}
 * @param rows   kernel rows
 * @param cols   kernel columns
 * @param params stored parameters of the layer (kernel values, biases, scalars)
 * @param share  100 * params / total params of the model
 */
public record LayerRow(String layer, String type, String matrix, int rows, int cols, long params, double share) {

    /** "rows x cols". */
    public String shape() { return rows + " x " + cols; }

    /** Rows for every layer of {@code net}, in layer order. */
    public static List<LayerRow> of(Network net) {
        long total = net.params();
        List<LayerRow> out = new ArrayList<>(net.layers().size());
        for (Layer l : net.layers()) {
            long p = l.params();
            double share = total == 0 ? 0.0 : 100.0 * p / total;
            out.add(new LayerRow(l.name(), l.typeId(), l.kernelName(), l.kernel().rows(), l.kernel().cols(), p, share));
        }
        return List.copyOf(out);
    }
}
