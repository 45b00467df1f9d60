package org.tinyfit.model.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The front end against an independent computation written out here: a direct
 * O(N K) DFT, mel triangles evaluated from their definition in Hz, and the DCT-II sum.
 */
class MfccTest {

    /** Reference MFCCs of one frame starting at {@code from}, all by direct formulas. */
    static double[] reference(float[] x, int from) {
        int n = 640, k = 1024, m = 40, c = 10;
        double[] p = new double[k / 2 + 1];
        for (int b = 0; b <= k / 2; b++) {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++) {
                double w = Math.sin(Math.PI * i / n); // 0.5 - 0.5 cos(2 pi i / n) = sin^2(pi i / n)
                double v = w * w * x[from + i];
                re += v * Math.cos(2 * Math.PI * b * i / k);
                im -= v * Math.sin(2 * Math.PI * b * i / k);
            }
            p[b] = re * re + im * im;
        }
        // mel edges: inverse-free check, triangles on the mel axis between equally spaced points
        double lo = 1127 * Math.log1p(20 / 700.0), hi = 1127 * Math.log1p(4000 / 700.0);
        double[] l = new double[m];
        for (int j = 0; j < m; j++) {
            double left = lo + j * (hi - lo) / 41, centre = lo + (j + 1) * (hi - lo) / 41, right = lo + (j + 2) * (hi - lo) / 41;
            double e = 0;
            for (int b = 0; b <= k / 2; b++) {
                double f = b * 16000.0 / k;
                if (f < 20 || f > 4000) continue;
                double mm = 1127 * Math.log1p(f / 700);
                double w = Math.max(0, Math.min((mm - left) / (centre - left), (right - mm) / (right - centre)));
                if (mm == left) w = 0;
                e += w * p[b];
            }
            l[j] = Math.log(Math.max(e, 1e-10));
        }
        double[] out = new double[c];
        for (int q = 0; q < c; q++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += l[j] * Math.cos(Math.PI * q * (j + 0.5) / m);
            out[q] = s * Math.sqrt((q == 0 ? 1.0 : 2.0) / m) * (1 + 11 * Math.sin(Math.PI * q / 22));
        }
        return out;
    }

    @Test void parametersAreHelloEdges() {
        assertEquals(49, Mfcc.FRAMES);
        assertEquals(640, Mfcc.WINDOW);
        assertEquals(320, Mfcc.STRIDE);
        assertEquals(10, Mfcc.COEFFS);
    }

    @Test void matchesDirectDftMelDctOnNoiseAndTones() {
        Random r = new Random(7);
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.1 * Math.sin(2 * Math.PI * 1870 * i / 16000.0)
                    + 0.05 * r.nextGaussian() * (i > 8000 ? 1 : 0.01));
        }
        float[] f = new Mfcc().features(x);
        assertEquals(49 * 10, f.length);
        for (int t : new int[] {0, 1, 24, 25, 48}) {
            double[] ref = reference(x, t * 320);
            for (int q = 0; q < 10; q++) {
                assertEquals(ref[q], f[t * 10 + q], 1e-4 * Math.max(1, Math.abs(ref[q])), "frame " + t + " coefficient " + q);
            }
        }
    }

    @Test void silenceHitsTheLogFloorInEveryChannel() {
        float[] f = new Mfcc().features(new float[16000]);
        // all 40 channels at ln(1e-10): c0 = sqrt(40) ln(1e-10), the others 0
        assertEquals(Math.sqrt(40) * Math.log(1e-10), f[0], 1e-3);
        for (int q = 1; q < 10; q++) assertEquals(0, f[q], 1e-4);
    }

    @Test void aLouderClipRaisesOnlyC0() {
        Random r = new Random(3);
        float[] x = new float[16000], y = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * r.nextGaussian());
            y[i] = 4 * x[i];
        }
        Mfcc m = new Mfcc();
        float[] a = m.features(x), b = m.features(y);
        // gain g scales every mel energy by g^2: each log channel moves by ln 16, c0 by sqrt(40) ln 16
        assertEquals(Math.sqrt(40) * Math.log(16), b[0] - a[0], 1e-3);
        for (int q = 1; q < 10; q++) assertEquals(a[q], b[q], 1e-2);
    }

    @Test void aToneLightsTheMelChannelAroundItsFrequency() {
        double[][] fb = Mfcc.filterbank();
        int bin = (int) Math.round(1000 * 1024 / 16000.0);
        int best = 0;
        for (int j = 0; j < 40; j++) if (fb[j][bin] > fb[best][bin]) best = j;
        double centre = 700 * (Math.exp((Mfcc.mel(20) + (best + 1) * (Mfcc.mel(4000) - Mfcc.mel(20)) / 41) / 1127) - 1);
        assertTrue(Math.abs(centre - 1000) < 60, "channel centre " + centre + " Hz");
        // the triangles overlap so that the weights of each bin inside the band sum to 1
        // (between the first and the last centre)
        double step = (Mfcc.mel(4000) - Mfcc.mel(20)) / 41, first = Mfcc.mel(20) + step, last = Mfcc.mel(20) + 40 * step;
        int inside = 0;
        for (int k = 0; k <= 512; k++) {
            double s = 0;
            for (double[] w : fb) s += w[k];
            double m = Mfcc.mel(k * 16000.0 / 1024);
            if (m >= first && m <= last) {
                assertEquals(1.0, s, 1e-9, "bin " + k);
                inside++;
            }
        }
        assertTrue(inside > 200, "bins inside " + inside);
    }

    @Test void rejectsClipsOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new Mfcc().features(new float[15999]));
    }
}
