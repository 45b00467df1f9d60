package org.tinyfit.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Structure.topK (selection) against the sort it replaced: the same mask, ties to the lower position. */
class TopKTest {
    static boolean[] bySort(double[] v, int k) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) keys[i] = ((long) Float.floatToIntBits((float) Math.abs(v[i])) << 32) | (~i & 0xffffffffL);
        Arrays.sort(keys);
        boolean[] m = new boolean[v.length];
        for (int t = 0; t < k; t++) m[~(int) (keys[keys.length - 1 - t] & 0xffffffffL)] = true;
        return m;
    }

    @Test void selectionKeepsTheSameEntriesAsTheSort() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(trial < 100 ? 40 : 3000);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextInt(4) == 0 ? r.nextInt(3) - 1 : r.nextGaussian(); // ties and zeros
            for (int k : new int[] {0, 1, r.nextInt(n + 1), n}) {
                boolean[] m = new boolean[n];
                Structure.topK(v, k, m);
                assertArrayEquals(bySort(v, k), m, "n " + n + " k " + k);
                int c = 0;
                for (boolean b : m) if (b) c++;
                assertEquals(k, c);
            }
        }
    }
}
