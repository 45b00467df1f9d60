package org.tinyfit.model.io.onnx;

/**
 * The ONNX operator equations written out per gate, in double precision, on the
 * ONNX weight layouts (LSTM blocks i, o, f, c; GRU z, r, h). Independent of
 * TinyFit's RnnLayer: used as the reference for the importer.
 */
final class OnnxReference {
    private OnnxReference() { }

    static double sigmoid(double v) { return 1.0 / (1.0 + Math.exp(-v)); }

    /** One gate block q: W[q] x + R[q] h + Wb[q] + Rb[q], for unit k. */
    private static double pre(float[] w, float[] r, float[] b, int gates, int q, int k, int nI, int nH, double[] x, double[] h, boolean withR) {
        int row = q * nH + k;
        double s = b[row] + b[gates * nH + row];
        for (int j = 0; j < nI; j++) s += w[row * nI + j] * x[j];
        if (withR) for (int j = 0; j < nH; j++) s += r[row * nH + j] * h[j];
        return s;
    }

    /** ONNX LSTM (forward, zero initial state) over xs[t][i]; returns the hidden state of every step. */
    static double[][] lstm(double[][] xs, float[] w, float[] r, float[] b, int nH) {
        int nI = xs[0].length;
        double[] h = new double[nH], c = new double[nH];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] nh = new double[nH];
            for (int k = 0; k < nH; k++) {
                double i = sigmoid(pre(w, r, b, 4, 0, k, nI, nH, xs[t], h, true));
                double o = sigmoid(pre(w, r, b, 4, 1, k, nI, nH, xs[t], h, true));
                double f = sigmoid(pre(w, r, b, 4, 2, k, nI, nH, xs[t], h, true));
                double cc = Math.tanh(pre(w, r, b, 4, 3, k, nI, nH, xs[t], h, true));
                c[k] = f * c[k] + i * cc;
                nh[k] = o * Math.tanh(c[k]);
            }
            h = nh;
            out[t] = h.clone();
        }
        return out;
    }

    /** ONNX GRU (forward, zero initial state). */
    static double[][] gru(double[][] xs, float[] w, float[] r, float[] b, int nH, boolean linearBeforeReset) {
        int nI = xs[0].length;
        double[] h = new double[nH];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] x = xs[t];
            double[] z = new double[nH], rr = new double[nH];
            for (int k = 0; k < nH; k++) {
                z[k] = sigmoid(pre(w, r, b, 3, 0, k, nI, nH, x, h, true));
                rr[k] = sigmoid(pre(w, r, b, 3, 1, k, nI, nH, x, h, true));
            }
            double[] nh = new double[nH];
            for (int k = 0; k < nH; k++) {
                int row = 2 * nH + k;
                double wx = b[row];
                for (int j = 0; j < nI; j++) wx += w[row * nI + j] * x[j];
                double rh = b[3 * nH + row];
                double hh;
                if (linearBeforeReset) {
                    for (int j = 0; j < nH; j++) rh += r[row * nH + j] * h[j];
                    hh = Math.tanh(wx + rr[k] * rh);
                } else {
                    for (int j = 0; j < nH; j++) rh += r[row * nH + j] * (rr[j] * h[j]);
                    hh = Math.tanh(wx + rh);
                }
                nh[k] = (1 - z[k]) * hh + z[k] * h[k];
            }
            h = nh;
            out[t] = h.clone();
        }
        return out;
    }

    /** y = W x + b with W [out][in] row-major. */
    static double[] linear(double[] x, float[] w, float[] b, int out) {
        double[] y = new double[out];
        int in = x.length;
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) s += w[o * in + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    /** y = x W + b with W [in][out] row-major (MatMul then Add). */
    static double[] matmul(double[] x, float[] w, float[] b, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < x.length; i++) s += x[i] * w[i * out + o];
            y[o] = s;
        }
        return y;
    }

    static double[] relu(double[] v) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) o[i] = Math.max(0, o[i]);
        return o;
    }

    static double[] softmax(double[] v) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double x : v) m = Math.max(m, x);
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) s += o[i] = Math.exp(v[i] - m);
        for (int i = 0; i < v.length; i++) o[i] /= s;
        return o;
    }

    /** Sample s of x [n][T][I] (flat, step-major) as xs[t][i]. */
    static double[][] sample(float[] x, int s, int nT, int nI) {
        double[][] xs = new double[nT][nI];
        for (int t = 0; t < nT; t++) for (int i = 0; i < nI; i++) xs[t][i] = x[(s * nT + t) * nI + i];
        return xs;
    }
}
