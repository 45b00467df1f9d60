package org.tinyfit.model.plan;

/**
 * What a technique stores and computes for one m x n matrix, independent of bit
 * width and device: the answers the cost model, the shapes table and the views share
 * (formulas in docs/COST_MODEL.md).
 *
 * @param tensorValues values of each stored value tensor, in storage order
 *                     (dense W; KP B, C; HKP A, B, C; DKP B, C, S; LMF U, V; pruned values)
 * @param nnz          non-zeros of the sparse part (pruned values, DKP overlay), 0 when none
 * @param macs         multiply-accumulates of one y = W x
 * @param sparseMacs   of those, the ones over the sparse part (indexed loads)
 * @param intermediate values of the two-stage intermediate (KP order, LMF rank), 0 when none
 * @param kpOrder      the KP evaluation order ({@link Kron#CX_FIRST} or {@link Kron#XB_FIRST}), or null
 * @param rankBound    an upper bound of rank(W), or null when the structure gives none (pruning)
 */
public record Footprint(long[] tensorValues, long nnz, long macs, long sparseMacs, long intermediate,
                        String kpOrder, Integer rankBound) {
    public Footprint {
        tensorValues = tensorValues.clone();
    }

    /** Stored values (parameters) of all tensors. */
    public long params() {
        long s = 0;
        for (long v : tensorValues) s += v;
        return s;
    }

    /** Whether a sparse index is stored (nnz &gt; 0). */
    public boolean sparse() { return nnz > 0; }

    @Override public long[] tensorValues() { return tensorValues.clone(); }
}
