package org.tinyfit.model.train;

import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.LmfOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.net.LinearOp;

/** Low rank W = U V (U m x r, V r x n): dL/dU = dL/dW V^T, dL/dV = U^T dL/dW. */
final class LmfStructure extends Structure {
    final int rank;
    final double[] u, v, gu, gv, qu, qv;

    LmfStructure(int rows, int cols, int bits, int rank) {
        super(rows, cols, bits);
        if (rank < 1 || rank > Math.min(rows, cols)) throw new IllegalArgumentException("low rank r must be in 1.." + Math.min(rows, cols) + ", got " + rank);
        this.rank = rank;
        u = new double[rows * rank]; v = new double[rank * cols];
        gu = new double[u.length]; gv = new double[v.length];
        qu = new double[u.length]; qv = new double[v.length];
    }

    @Override public List<double[]> params() { return List.of(u, v); }
    @Override public List<double[]> grads() { return List.of(gu, gv); }

    @Override public void forward(double[] w, long step, long total, Random rnd) {
        fakeQuant(u, qu);
        fakeQuant(v, qv);
        java.util.Arrays.fill(w, 0, rows * cols, 0);
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < rank; k++) {
                double uik = qu[i * rank + k];
                int vr = k * cols, wr = i * cols;
                for (int j = 0; j < cols; j++) w[wr + j] += uik * qv[vr + j];
            }
    }

    @Override public void backward(double[] dW) {
        java.util.Arrays.fill(gv, 0);
        for (int i = 0; i < rows; i++) {
            int wr = i * cols;
            for (int k = 0; k < rank; k++) {
                double s = 0;
                int vr = k * cols;
                double uik = qu[i * rank + k];
                for (int j = 0; j < cols; j++) {
                    s += dW[wr + j] * qv[vr + j];
                    gv[vr + j] += uik * dW[wr + j];
                }
                gu[i * rank + k] = s;
            }
        }
    }

    @Override public void initScratch(Random rnd, double limit) {
        // Var(W) = r Var(U) Var(V) = limit^2 / 3
        double lf = Math.sqrt(Math.sqrt(3) * limit / Math.sqrt(rank));
        uniform(rnd, u, lf);
        uniform(rnd, v, lf);
    }

    @Override public void initFrom(LinearOp op) {
        LmfOp l = (LmfOp) op;
        fromFloat(l.u().values(), u);
        fromFloat(l.v().values(), v);
    }

    @Override public CompressedOp toOp() {
        return new LmfOp(QTensor.of("u", toFloat(u), rows, rank), QTensor.of("v", toFloat(v), rank, cols), false).withBits(bits);
    }
}
