package org.tinyfit.model.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The keyword-spotting front end of Hello Edge (Zhang et al., 2017): 1 s of 16 kHz
 * audio becomes 49 frames of 10 MFCCs. For samples x[0..L) (PCM16 / 32768, L = 16000):
 *
 * <ol>
 * <li>Frames: frame t (t = 0..T-1, T = 1 + (L - N) / S = 49) holds x[tS .. tS + N), with
 *     window N = 640 samples (40 ms) and stride S = 320 samples (20 ms); no padding.</li>
 * <li>Hann window (periodic): w[n] = 0.5 - 0.5 cos(2 pi n / N), n = 0..N-1.</li>
 * <li>Power spectrum of the windowed frame zero-padded to K = 1024 points:
 *     P[k] = |sum_n w[n] x[tS+n] e^{-2 pi i k n / K}|^2, k = 0..K/2 (FFT by JTransforms).</li>
 * <li>Mel filterbank, M = 40 triangles between f_lo = 20 Hz and f_hi = 4000 Hz on the
 *     mel scale mel(f) = 1127 ln(1 + f / 700): centres c_j = mel(f_lo) + (j + 1) (mel(f_hi) - mel(f_lo)) / (M + 1)
 *     for j = -1..M (c_{-1}, c_M the outer edges). Bin k (frequency f_k = k * 16000 / K, only
 *     f_lo &lt;= f_k &lt;= f_hi) with m = mel(f_k) has weight (m - c_{j-1}) / (c_j - c_{j-1}) in channel j
 *     when c_{j-1} &lt; m &lt;= c_j, and (c_{j+1} - m) / (c_{j+1} - c_j) when c_j &lt; m &lt; c_{j+1}
 *     (triangles in the mel domain, as TensorFlow's mfcc op that Hello Edge used). E[j] = sum_k weight * P[k].</li>
 * <li>Log: l[j] = ln(max(E[j], 1e-10)).</li>
 * <li>DCT-II, orthonormal, first C = 10 coefficients:
 *     d[q] = a_q sum_{j=0}^{M-1} l[j] cos(pi q (j + 0.5) / M), a_0 = sqrt(1/M), a_q = sqrt(2/M).</li>
 * <li>Sinusoidal lifter (HTK's, L = 22): c[q] = (1 + (L/2) sin(pi q / L)) d[q]. It leaves c0 as it is and
 *     raises the higher coefficients (x2.6 for q = 1 .. x11.4 for q = 9) so that all ten have a similar
 *     spread (standard deviations 20-40 on speech instead of 1.6-40), which is what a small recurrent
 *     network trained for a few epochs needs; Hello Edge's TensorFlow features have no lifter.</li>
 * </ol>
 *
 * Output layout: [T, C] row-major (frame t, coefficient q at t*C + q), i.e. one time step of
 * the network per frame. Computation is in double precision, results rounded to float.
 * An instance is not thread-safe (it owns its FFT buffer); use one per thread.
 */
public final class Mfcc {
    /** Sample rate (Hz). */
    public static final int SAMPLE_RATE = 16000;
    /** Samples per clip (1 s). */
    public static final int CLIP = 16000;
    /** Window length N (samples, 40 ms). */
    public static final int WINDOW = 640;
    /** Stride S (samples, 20 ms). */
    public static final int STRIDE = 320;
    /** FFT length K. */
    public static final int FFT = 1024;
    /** Frames T per clip. */
    public static final int FRAMES = 1 + (CLIP - WINDOW) / STRIDE;
    /** Mel channels M. */
    public static final int MELS = 40;
    /** Lowest and highest filterbank frequency (Hz). */
    public static final double F_LO = 20, F_HI = 4000;
    /** MFCCs C per frame. */
    public static final int COEFFS = 10;
    /** Lifter parameter L. */
    public static final int LIFTER = 22;
    /**
     * Scale that data sets of these features carry (network input = MFCC / 32): it brings the
     * liftered coefficients (c0 about -110..+30, the others within about +-80) to a few units. The
     * shipped keyword data and {@code tinyfit features} use it.
     */
    public static final float NETWORK_SCALE = 1f / 32;
    /** Floor of the mel energies before the log. */
    public static final double LOG_FLOOR = 1e-10;

    private final DoubleFFT_1D fft = new DoubleFFT_1D(FFT);
    private final double[] buf = new double[FFT];
    private final double[] power = new double[FFT / 2 + 1];
    private final double[] mel = new double[MELS];
    private static final double[] HANN = hann();
    private static final double[][] FILTERS = filterbank();
    private static final double[][] DCT = dct();

    /** mel(f) = 1127 ln(1 + f / 700). */
    public static double mel(double hz) { return 1127.0 * Math.log(1.0 + hz / 700.0); }

    /** Features of one clip: {@code samples} must hold exactly {@link #CLIP} values; returns T*C floats. */
    public float[] features(float[] samples) {
        if (samples.length != CLIP) throw new IllegalArgumentException("a clip has " + CLIP + " samples, got " + samples.length);
        float[] out = new float[FRAMES * COEFFS];
        for (int t = 0; t < FRAMES; t++) frame(samples, t * STRIDE, out, t * COEFFS);
        return out;
    }

    private void frame(float[] x, int from, float[] out, int off) {
        java.util.Arrays.fill(buf, 0);
        for (int n = 0; n < WINDOW; n++) buf[n] = HANN[n] * x[from + n];
        fft.realForward(buf);
        // JTransforms' packing: buf[0] = Re X0, buf[1] = Re X(K/2), buf[2k], buf[2k+1] = Re, Im of X_k
        power[0] = buf[0] * buf[0];
        power[FFT / 2] = buf[1] * buf[1];
        for (int k = 1; k < FFT / 2; k++) power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
        for (int j = 0; j < MELS; j++) {
            double e = 0;
            double[] w = FILTERS[j];
            for (int k = 0; k < w.length; k++) e += w[k] * power[k];
            mel[j] = Math.log(Math.max(e, LOG_FLOOR));
        }
        for (int q = 0; q < COEFFS; q++) {
            double s = 0;
            for (int j = 0; j < MELS; j++) s += DCT[q][j] * mel[j];
            out[off + q] = (float) s;
        }
    }

    private static double[] hann() {
        double[] w = new double[WINDOW];
        for (int n = 0; n < WINDOW; n++) w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / WINDOW);
        return w;
    }

    /** Filter j's weights over bins 0..K/2 (dense; zero outside its triangle). */
    static double[][] filterbank() {
        double lo = mel(F_LO), hi = mel(F_HI);
        double[] c = new double[MELS + 2];
        for (int j = 0; j < MELS + 2; j++) c[j] = lo + j * (hi - lo) / (MELS + 1); // c[j+1] is centre j
        double[][] w = new double[MELS][FFT / 2 + 1];
        for (int k = 0; k <= FFT / 2; k++) {
            double f = (double) k * SAMPLE_RATE / FFT;
            if (f < F_LO || f > F_HI) continue;
            double m = mel(f);
            for (int j = 0; j < MELS; j++) {
                double left = c[j], centre = c[j + 1], right = c[j + 2];
                if (m > left && m <= centre) w[j][k] = (m - left) / (centre - left);
                else if (m > centre && m < right) w[j][k] = (right - m) / (right - centre);
            }
        }
        return w;
    }

    private static double[][] dct() {
        double[][] d = new double[COEFFS][MELS];
        for (int q = 0; q < COEFFS; q++) {
            double a = Math.sqrt((q == 0 ? 1.0 : 2.0) / MELS) * (1 + LIFTER / 2.0 * Math.sin(Math.PI * q / LIFTER));
            for (int j = 0; j < MELS; j++) d[q][j] = a * Math.cos(Math.PI * q * (j + 0.5) / MELS);
        }
        return d;
    }
}
