package org.tinyfit.views.explorer;

/**
 * Colour maps for matrix pictures, as ARGB pixels (row-major, one pixel per
 * entry) that a view copies into an image in one step. Pure and fast: a
 * 512 x 156 matrix is 80k pixels, well under a millisecond.
 */
public final class Heatmaps {
    private static final int LUT = 256;
    private static final int[] DIVERGING = new int[2 * LUT + 1];

    static {
        // blue (negative) - white (zero) - red (positive), ColorBrewer RdBu ends
        double[] neg = {33, 102, 172}, pos = {178, 24, 43}, mid = {247, 247, 247};
        for (int i = -LUT; i <= LUT; i++) {
            double t = Math.abs(i) / (double) LUT;
            double[] end = i < 0 ? neg : pos;
            t = Math.pow(t, 0.8);
            int r = (int) Math.round(mid[0] + (end[0] - mid[0]) * t);
            int g = (int) Math.round(mid[1] + (end[1] - mid[1]) * t);
            int b = (int) Math.round(mid[2] + (end[2] - mid[2]) * t);
            DIVERGING[i + LUT] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
    }

    private Heatmaps() { }

    /** max |v| over finite values (0 for none). */
    public static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) if (Float.isFinite(x)) m = Math.max(m, Math.abs(x));
        return m;
    }

    /**
     * Diverging colours: -scale blue, 0 white, +scale red, clipped beyond;
     * non-finite values grey-green so they stand out.
     */
    public static int[] diverging(float[] v, double scale) {
        int[] out = new int[v.length];
        double k = scale > 0 ? LUT / scale : 0;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (!Float.isFinite(x)) {
                out[i] = 0xff7a9a6a;
                continue;
            }
            int j = (int) Math.round(x * k);
            if (j > LUT) j = LUT;
            else if (j < -LUT) j = -LUT;
            out[i] = DIVERGING[j + LUT];
        }
        return out;
    }

    /** Mask picture: kept entries dark, dropped ones light. */
    public static int[] mask(boolean[] kept) {
        int[] out = new int[kept.length];
        for (int i = 0; i < kept.length; i++) out[i] = kept[i] ? 0xff1e2530 : 0xffeef1f5;
        return out;
    }
}
