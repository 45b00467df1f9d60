package org.tinyfit.model.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactorShapesTest {

    /** Divisor count by brute force. */
    private static int countDivisors(int k) {
        int c = 0;
        for (int d = 1; d <= k; d++) if (k % d == 0) c++;
        return c;
    }

    @Test
    void divisorsByHand() {
        assertArrayEquals(new int[] {1}, FactorShapes.divisors(1));
        assertArrayEquals(new int[] {1, 97}, FactorShapes.divisors(97));
        assertArrayEquals(new int[] {1, 2, 3, 4, 6, 9, 12, 18, 36}, FactorShapes.divisors(36));
        assertArrayEquals(new int[] {1, 2, 3, 4, 6, 12, 13, 26, 39, 52, 78, 156}, FactorShapes.divisors(156));
        assertEquals(10, FactorShapes.divisors(512).length);
        assertEquals(countDivisors(720720), FactorShapes.divisors(720720).length);
    }

    @Test
    void lstmKernelHas120ShapesWithTheRightNumbers() {
        int m = 512, n = 156;
        List<KpShape> shapes = FactorShapes.enumerate(m, n);
        assertEquals(10 * 12, shapes.size());
        assertEquals(countDivisors(512) * countDivisors(156), shapes.size());
        Set<String> seen = new HashSet<>();
        int trivial = 0;
        double prev = 0;
        for (KpShape s : shapes) {
            assertEquals(m, s.m1() * s.m2(), s.toString());
            assertEquals(n, s.n1() * s.n2(), s.toString());
            assertTrue(seen.add(s.m1() + "x" + s.n1()), "duplicate " + s);
            long params = (long) s.m1() * s.n1() + (long) s.m2() * s.n2();
            assertEquals(params, s.params());
            assertEquals((double) m * n / params, s.compression(), 1e-12);
            long cx = (long) s.n1() * s.m2() * (s.n2() + s.m1());
            long xb = (long) s.n2() * s.m1() * (s.n1() + s.m2());
            assertEquals(Math.min(cx, xb), s.macs());
            if (cx != xb) assertEquals(cx < xb, s.cxFirst(), s.toString());
            assertEquals(Math.min(s.m1(), s.n1()) * Math.min(s.m2(), s.n2()), s.rankBound());
            boolean t = (s.m1() == 1 && s.n1() == 1) || (s.m2() == 1 && s.n2() == 1);
            assertEquals(t, s.trivial());
            if (t) trivial++;
            assertTrue(s.compression() >= prev, "sorted by compression ascending");
            prev = s.compression();
            assertEquals("kp:" + s.m1() + "x" + s.n1() + "," + s.m2() + "x" + s.n2(), s.text());
        }
        assertEquals(2, trivial);
        // the two trivial shapes hold m*n+1 values, the most: they come first
        assertTrue(shapes.get(0).trivial() && shapes.get(1).trivial());
        // the last shape holds the fewest values (brute force over divisor pairs)
        long min = Long.MAX_VALUE;
        for (int m1 = 1; m1 <= m; m1++) {
            for (int n1 = 1; n1 <= n; n1++) {
                if (m % m1 == 0 && n % n1 == 0) min = Math.min(min, (long) m1 * n1 + (long) (m / m1) * (n / n1));
            }
        }
        assertEquals(min, shapes.get(shapes.size() - 1).params());
    }

    @Test
    void smallCaseByHand() {
        // 4x2: shapes (m1,n1,m2,n2) with params, rank bound, MACs
        // (1,1,4,2) 9 trivial; (4,2,1,1) 9 trivial;
        // (1,2,4,1) 6, rank 1, MACs min(2*4*2, 1*1*6) = 6
        // (2,1,2,2) 6, rank 2, MACs min(1*2*4, 2*2*3) = 8
        // (2,2,2,1) 6, rank 2, MACs min(2*2*3, 1*2*4) = 8
        // (4,1,1,2) 6, rank 1, MACs min(1*1*6, 2*4*2) = 6
        List<KpShape> s = FactorShapes.enumerate(4, 2);
        assertEquals(6, s.size());
        for (KpShape k : s) {
            String id = k.m1() + "," + k.n1() + "," + k.m2() + "," + k.n2();
            switch (id) {
                case "1,1,4,2", "4,2,1,1" -> {
                    assertTrue(k.trivial());
                    assertEquals(9, k.params());
                    assertFalse(k.paretoRank() || k.paretoMacs());
                }
                case "1,2,4,1", "4,1,1,2" -> {
                    assertEquals(6, k.params());
                    assertEquals(1, k.rankBound());
                    assertEquals(6, k.macs());
                    assertFalse(k.paretoRank(), id);
                    assertTrue(k.paretoMacs(), id);
                }
                case "2,1,2,2", "2,2,2,1" -> {
                    assertEquals(6, k.params());
                    assertEquals(2, k.rankBound());
                    assertEquals(8, k.macs());
                    assertTrue(k.paretoRank(), id);
                    assertFalse(k.paretoMacs(), id);
                }
                default -> throw new AssertionError("unexpected shape " + id);
            }
        }
        assertTrue(s.get(0).trivial() && s.get(1).trivial());
    }

    @Test
    void paretoFlagsMatchBruteForceDominance() {
        int[][] cases = {{512, 156}, {10, 128}, {24, 9}, {7, 5}, {1, 1}, {64, 64}, {384, 256}, {96, 60}, {2, 3}};
        for (int[] c : cases) {
            List<KpShape> shapes = FactorShapes.enumerate(c[0], c[1]);
            for (KpShape s : shapes) {
                boolean domRank = false, domMacs = false;
                for (KpShape t : shapes) {
                    if (t == s || t.trivial()) continue;
                    if (t.params() <= s.params() && t.rankBound() >= s.rankBound()
                            && (t.params() < s.params() || t.rankBound() > s.rankBound())) domRank = true;
                    if (t.params() <= s.params() && t.macs() <= s.macs()
                            && (t.params() < s.params() || t.macs() < s.macs())) domMacs = true;
                }
                String what = c[0] + "x" + c[1] + " " + s;
                assertEquals(!s.trivial() && !domRank, s.paretoRank(), what);
                assertEquals(!s.trivial() && !domMacs, s.paretoMacs(), what);
            }
            long fronts = shapes.stream().filter(KpShape::paretoRank).count();
            if (shapes.stream().anyMatch(k -> !k.trivial())) assertTrue(fronts > 0, c[0] + "x" + c[1]);
        }
    }

    @Test
    void hybridRanksByHand() {
        // m = 10, C of 3 rows: 10 - r in {3, 6, 9} -> r in {7, 4, 1}
        assertArrayEquals(new int[] {1, 4, 7}, FactorShapes.hybridRanks(10, 3));
        // m = 8, C of 4 rows: 8 - r in {4, 8}
        assertArrayEquals(new int[] {0, 4}, FactorShapes.hybridRanks(8, 4));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, FactorShapes.hybridRanks(6, 1));
        assertArrayEquals(new int[] {0}, FactorShapes.hybridRanks(6, 6));
        assertArrayEquals(new int[0], FactorShapes.hybridRanks(5, 6));
        // 512 rows, C of 64 rows: r = 0, 64, ..., 448
        int[] r = FactorShapes.hybridRanks(512, 64);
        assertEquals(8, r.length);
        for (int i = 0; i < 8; i++) assertEquals(64 * i, r[i]);
        assertThrows(IllegalArgumentException.class, () -> FactorShapes.hybridRanks(0, 1));
    }

    @Test
    void hybridShapesAreTheLowerBlocksShapes() {
        // r = 4 of 10 rows: the 6 x 4 block has d(6)*d(4) = 4*3 = 12 shapes
        List<KpShape> s = FactorShapes.hybridShapes(10, 4, 4);
        assertEquals(12, s.size());
        for (KpShape k : s) {
            assertEquals(6, k.m1() * k.m2());
            assertEquals(4, k.n1() * k.n2());
        }
        assertThrows(IllegalArgumentException.class, () -> FactorShapes.hybridShapes(10, 4, 10));
        assertThrows(IllegalArgumentException.class, () -> FactorShapes.hybridShapes(10, 4, -1));
    }

    @Test
    void enumerationIsFast() {
        for (int i = 0; i < 3000; i++) FactorShapes.enumerate(512, 156);
        long t0 = System.nanoTime();
        int reps = 3000;
        for (int i = 0; i < reps; i++) FactorShapes.enumerate(512, 156);
        double us = (System.nanoTime() - t0) / 1e3 / reps;
        System.out.println("FactorShapes.enumerate(512, 156): " + us + " us per call");
        assertTrue(us < 2000, us + " us");
    }
}
