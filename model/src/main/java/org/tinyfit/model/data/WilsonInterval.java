package org.tinyfit.model.data;

/** The Wilson score interval for a binomial proportion. */
public final class WilsonInterval {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private WilsonInterval() { }

    /**
     * Bounds {lo, hi} of the Wilson interval for k successes in n trials:
     * center = (p + z^2/(2n)) / (1 + z^2/n), half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2)).
     * For n = 0 the interval is [0, 1].
     */
    public static double[] of(long k, long n, double z) {
        if (n <= 0) return new double[] {0, 1};
        if (k < 0 || k > n) throw new IllegalArgumentException("successes " + k + " outside 0.." + n);
        double p = (double) k / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
    }

    public static double[] of95(long k, long n) { return of(k, n, Z95); }
}
