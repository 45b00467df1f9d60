package org.tinyfit.model.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers: random matrices, shapes with primes and 1s, independent reference products. */
final class Mats {
    private Mats() { }

    static final int[] DIMS = {1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 16, 30, 31};

    static float[] rand(Random r, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /** y = W x in double, plain loops over the row-major matrix. */
    static double[] ref(float[] w, int m, int n, float[] x) {
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += (double) w[i * n + j] * x[j];
            y[i] = s;
        }
        return y;
    }

    /** |W| |x| in double: the scale against which a float dot product's rounding is measured. */
    static double[] absRef(float[] w, int m, int n, float[] x) {
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += Math.abs((double) w[i * n + j] * x[j]);
            y[i] = s;
        }
        return y;
    }

    /** ||a - b|| / max(||scale||, 1e-30). */
    static double relErr(float[] a, int aOff, double[] b, double[] scale) {
        double d = 0, ns = 0;
        for (int i = 0; i < b.length; i++) {
            double e = a[aOff + i] - b[i];
            d += e * e;
            ns += scale[i] * scale[i];
        }
        return Math.sqrt(d) / Math.max(Math.sqrt(ns), 1e-30);
    }

    /** ||a - b|| / max(||b||, 1e-30) with the float result a. */
    static double relErr(float[] a, int aOff, double[] b) {
        double d = 0, nb = 0;
        for (int i = 0; i < b.length; i++) {
            double e = a[aOff + i] - b[i];
            d += e * e;
            nb += b[i] * b[i];
        }
        return Math.sqrt(d) / Math.max(Math.sqrt(nb), 1e-30);
    }

    static double frob(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) { double e = (double) a[i] - b[i]; d += e * e; }
        return Math.sqrt(d);
    }

    static double frob(float[] a) {
        double d = 0;
        for (float v : a) d += (double) v * v;
        return Math.sqrt(d);
    }

    static List<Integer> divisors(int n) {
        List<Integer> d = new ArrayList<>();
        for (int i = 1; i <= n; i++) if (n % i == 0) d.add(i);
        return d;
    }

    /** B kron C written from the definition W[i*m2+p][j*n2+q] = B[i][j] C[p][q]. */
    static float[] kron(float[] b, int m1, int n1, float[] c, int m2, int n2) {
        int m = m1 * m2, n = n1 * n2;
        float[] w = new float[m * n];
        for (int row = 0; row < m; row++)
            for (int col = 0; col < n; col++)
                w[row * n + col] = b[(row / m2) * n1 + col / n2] * c[(row % m2) * n2 + col % n2];
        return w;
    }
}
