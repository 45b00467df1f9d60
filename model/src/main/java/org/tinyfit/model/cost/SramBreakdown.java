package org.tinyfit.model.cost;

/**
 * Peak SRAM estimate, item by item (docs/COST_MODEL.md "Peak SRAM"):
 * peak = input tensor + all persistent RNN state + the largest scratch of any one layer + logits.
 *
 * @param inputBytes      T*I*a, or I*a with streaming input
 * @param persistentBytes sum over RNN layers of H*a (+ H*4 for an LSTM's c)
 * @param scratchBytes    the largest per-layer scratch
 * @param scratchLayer    name of the layer with the largest scratch
 * @param logitsBytes     classes*4
 */
public record SramBreakdown(long inputBytes, long persistentBytes, long scratchBytes, String scratchLayer,
                            long logitsBytes) {
    /** The peak: the sum of the four items. */
    public long total() {
        return inputBytes + persistentBytes + scratchBytes + logitsBytes;
    }
}
