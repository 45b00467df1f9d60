package org.tinyfit.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.HkpOp;
import org.tinyfit.model.compress.KpOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.net.LinearOp;

/**
 * KP (r = 0) and hybrid KP (r &gt; 0): W = [A ; B kron C], A the first r rows.
 * With L = the lower (m - r) x n block of dL/dW:
 * dL/dB[i][j] = sum_{p,q} L[i*m2 + p][j*n2 + q] C[p][q],
 * dL/dC[p][q] = sum_{i,j} L[i*m2 + p][j*n2 + q] B[i][j], dL/dA = the first r rows of dL/dW.
 */
final class KpStructure extends Structure {
    final int r, m1, n1, m2, n2;
    final double[] a, b, c;
    final double[] ga, gb, gc;
    final double[] qa, qb, qc;

    KpStructure(int rows, int cols, int bits, int r, int m1, int n1, int m2, int n2) {
        super(rows, cols, bits);
        if (r < 0 || r >= rows || (long) m1 * m2 != rows - r || (long) n1 * n2 != cols) {
            throw new IllegalArgumentException("KP factors " + m1 + "x" + n1 + ", " + m2 + "x" + n2 + " with " + r + " dense rows do not give " + rows + "x" + cols);
        }
        this.r = r; this.m1 = m1; this.n1 = n1; this.m2 = m2; this.n2 = n2;
        a = new double[r * cols]; b = new double[m1 * n1]; c = new double[m2 * n2];
        ga = new double[a.length]; gb = new double[b.length]; gc = new double[c.length];
        qa = new double[a.length]; qb = new double[b.length]; qc = new double[c.length];
    }

    @Override public List<double[]> params() {
        List<double[]> l = new ArrayList<>();
        if (r > 0) l.add(a);
        l.add(b);
        l.add(c);
        return l;
    }

    @Override public List<double[]> grads() {
        List<double[]> l = new ArrayList<>();
        if (r > 0) l.add(ga);
        l.add(gb);
        l.add(gc);
        return l;
    }

    @Override public void forward(double[] w, long step, long total, Random rnd) {
        fakeQuant(a, qa);
        fakeQuant(b, qb);
        fakeQuant(c, qc);
        System.arraycopy(qa, 0, w, 0, qa.length);
        kron(qb, qc, w, r * cols);
    }

    /** w[off ..] = B kron C for the lower block. */
    void kron(double[] bb, double[] cc, double[] w, int off) {
        for (int i = 0; i < m1; i++)
            for (int p = 0; p < m2; p++) {
                int row = off + (i * m2 + p) * cols;
                for (int j = 0; j < n1; j++) {
                    double bij = bb[i * n1 + j];
                    int cr = p * n2;
                    int wc = row + j * n2;
                    for (int q = 0; q < n2; q++) w[wc + q] = bij * cc[cr + q];
                }
            }
    }

    @Override public void backward(double[] dW) {
        System.arraycopy(dW, 0, ga, 0, ga.length);
        kronBackward(dW, r * cols, qb, qc, gb, gc);
    }

    /** Gradients of B and C from the lower block of dW starting at {@code off}. */
    void kronBackward(double[] dW, int off, double[] bb, double[] cc, double[] gB, double[] gC) {
        java.util.Arrays.fill(gB, 0);
        java.util.Arrays.fill(gC, 0);
        for (int i = 0; i < m1; i++)
            for (int p = 0; p < m2; p++) {
                int row = off + (i * m2 + p) * cols;
                for (int j = 0; j < n1; j++) {
                    double bij = bb[i * n1 + j];
                    int cr = p * n2;
                    int wc = row + j * n2;
                    double s = 0;
                    for (int q = 0; q < n2; q++) {
                        double d = dW[wc + q];
                        s += d * cc[cr + q];
                        gC[cr + q] += d * bij;
                    }
                    gB[i * n1 + j] += s;
                }
            }
    }

    @Override public void initScratch(Random rnd, double limit) {
        uniform(rnd, a, limit);
        double lf = Math.sqrt(Math.sqrt(3) * limit);
        uniform(rnd, b, lf);
        uniform(rnd, c, lf);
    }

    @Override public void initFrom(LinearOp op) {
        KpOp kp;
        if (op instanceof HkpOp h) {
            fromFloat(h.a().values(), a);
            kp = h.kp();
        } else {
            kp = (KpOp) op;
        }
        fromFloat(kp.b().values(), b);
        fromFloat(kp.c().values(), c);
    }

    KpOp kpOp() {
        return KpOp.of(toFloat(b), m1, n1, toFloat(c), m2, n2);
    }

    @Override public CompressedOp toOp() {
        KpOp kp = kpOp();
        CompressedOp op = r == 0 ? kp : new HkpOp(QTensor.of("a", toFloat(a), r, cols), kp);
        return op.withBits(bits);
    }
}
