package org.tinyfit.model.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseKernelsTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 13, 31, 64, 97, 156};

    private static float[] rand(Random r, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void matvecMatchesReferenceOnRandomShapes() {
        Random r = new Random(11);
        for (int m : SIZES) {
            for (int n : SIZES) {
                float[] w = rand(r, m * n);
                float[] x = rand(r, n + 3);
                float[] y = new float[m + 2];
                float[] ref = new float[m + 2];
                DenseKernels.matvec(w, m, n, x, 3, y, 2);
                DenseKernels.matvecRef(w, m, n, x, 3, ref, 2);
                for (int i = 0; i < m; i++) {
                    assertEquals(ref[i + 2], y[i + 2], 1e-5 * (1 + Math.abs(ref[i + 2])) * Math.sqrt(n), m + "x" + n + " row " + i);
                }
            }
        }
    }

    @Test
    void matvecBlockEqualsSubmatrixProduct() {
        Random r = new Random(12);
        int m = 13, n = 11;
        float[] w = rand(r, m * n);
        float[] x = rand(r, n);
        int r0 = 3, r1 = 10, c0 = 2, c1 = 9;
        float[] y = new float[r1 - r0];
        DenseKernels.matvecBlock(w, n, r0, r1, c0, c1, x, c0, y, 0);
        for (int i = r0; i < r1; i++) {
            double s = 0;
            for (int j = c0; j < c1; j++) s += (double) w[i * n + j] * x[j];
            assertEquals(s, y[i - r0], 1e-5);
        }
    }

    @Test
    void matmulTEqualsRowByRowMatvec() {
        Random r = new Random(13);
        for (int batch : new int[] {1, 2, 7, 64}) {
            for (int m : new int[] {1, 5, 16}) {
                for (int n : new int[] {1, 3, 29}) {
                    float[] x = rand(r, batch * n);
                    float[] w = rand(r, m * n);
                    float[] y = new float[batch * m];
                    DenseKernels.matmulT(x, batch, w, m, n, y);
                    float[] ref = new float[m];
                    for (int b = 0; b < batch; b++) {
                        DenseKernels.matvecRef(w, m, n, x, b * n, ref, 0);
                        for (int i = 0; i < m; i++) assertEquals(ref[i], y[b * m + i], 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void handComputedTwoByThree() {
        float[] w = {1, 2, 3, -1, 0, 0.5f};
        float[] x = {2, -1, 4};
        float[] y = new float[2];
        DenseKernels.matvec(w, 2, 3, x, 0, y, 0);
        assertEquals(12f, y[0]);   // 2 - 2 + 12
        assertEquals(0f, y[1]);    // -2 + 0 + 2
    }
}
