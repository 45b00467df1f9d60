package org.tinyfit.model.cost;

/**
 * Cost of one layer: its kernel ({@link MatrixCost}) plus biases and scalars.
 *
 * @param name            layer name
 * @param typeId          lstm, gru, fastrnn, fastgrnn or dense
 * @param params          kernel stored values + biases + scalars
 * @param flashBytes      kernel flash + 4 bytes per bias value and scalar
 * @param macs            kernel MACs over the whole sequence (times T for RNN layers)
 * @param sparseMacs      the part of {@code macs} that runs through a sparse index
 * @param nonlinearities  sigmoid/tanh evaluations over the whole sequence
 * @param elementwise     other element-wise operations over the whole sequence
 * @param persistentBytes SRAM kept across steps (RNN: h, and LSTM c); 0 for dense layers
 * @param scratchBytes    SRAM scratch while this layer runs (see {@link CostModel})
 * @param cycles          cycles of this layer in the latency formula
 */
public record LayerCost(String name, String typeId, long params, long flashBytes, long macs, long sparseMacs,
                        long nonlinearities, long elementwise, long persistentBytes, long scratchBytes,
                        double cycles) {
}
