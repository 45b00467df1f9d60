package org.tinyfit.model.cost;

import org.tinyfit.model.device.DataType;

/**
 * Cost of one weight matrix W (rows m x cols n) under its {@code MatrixPlan}
 * (docs/COST_MODEL.md, "One weight matrix").
 *
 * @param name              matrix name ({@code LAYER.kernel})
 * @param techniqueId       dense, kp, hkp, dkp, lmf or prune
 * @param rows              m
 * @param cols              n
 * @param bits              b, weight bit width of every stored tensor
 * @param params            stored values (sparse indices not included)
 * @param flashBytes        packed values + 4-byte scales (b &lt; 32, per non-empty tensor) + sparse index
 * @param sparseIndex       "csr", "bitmap", or null when the technique stores no sparse part
 * @param sparseIndexBytes  bytes of the chosen sparse index (0 when none)
 * @param nnz               non-zeros of the sparse part (pruned W or DKP's S), 0 when none
 * @param macsPerStep       MACs of one mat-vec y = W x (the table's "mat-vec MACs")
 * @param sparseMacsPerStep the part of {@code macsPerStep} that runs through the sparse index (at e/2)
 * @param steps             mat-vecs per inference: T for an RNN kernel, 1 for a dense layer
 * @param macs              macsPerStep * steps
 * @param sparseMacs        sparseMacsPerStep * steps
 * @param rankBound         upper bound on rank(W) for KP, HKP, DKP (its KP part), LMF and dense; null for pruned
 * @param intermediate      values of the technique's intermediate buffer (KP/DKP/HKP: m2*n1 or n2*m1 of
 *                          the chosen order; LMF: r; else 0)
 * @param kpOrder           KP evaluation order: "(CX)B^T" or "C(XB^T)"; null without a KP part
 * @param dataType          the e the MACs run at: INT8 when b &lt;= 8 and activations are int8, else FLOAT32
 */
public record MatrixCost(String name, String techniqueId, int rows, int cols, int bits,
                         long params, long flashBytes, String sparseIndex, long sparseIndexBytes, long nnz,
                         long macsPerStep, long sparseMacsPerStep, int steps, long macs, long sparseMacs,
                         Integer rankBound, long intermediate, String kpOrder, DataType dataType) {

    /** MACs that run at the full rate e (macs - sparseMacs). */
    public long denseMacs() { return macs - sparseMacs; }

    /** Compression of this matrix's flash against dense float32: 4*m*n / flashBytes. */
    public double flashCompression() {
        return 4.0 * rows * cols / flashBytes;
    }
}
