package org.tinyfit.model.train;

/**
 * Double-precision batched products over row-major blocks of a weight matrix W
 * with row stride {@code n}: rows [r0, r1), columns [c0, c0+len). Inputs and
 * outputs are B rows with their own strides and offsets.
 */
final class Dmath {
    private Dmath() { }

    /**
     * Y[b][yo + i - r0] = sum_j W[i][c0 + j] * X[b][xo + j] (overwrites). Rows outer,
     * samples inner (a weight row stays in cache for the whole batch), four samples at a time.
     */
    static void fwd(double[] w, int n, int r0, int r1, int c0, int len,
                    double[] x, int xs, int xo, int batch, double[] y, int ys, int yo) {
        int b4 = batch & ~3;
        for (int i = r0; i < r1; i++) {
            int row = i * n + c0;
            int b = 0;
            for (; b < b4; b += 4) {
                int x0 = b * xs + xo, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int j = 0; j < len; j++) {
                    double wv = w[row + j];
                    s0 += wv * x[x0 + j];
                    s1 += wv * x[x1 + j];
                    s2 += wv * x[x2 + j];
                    s3 += wv * x[x3 + j];
                }
                int yi = yo + i - r0;
                y[b * ys + yi] = s0;
                y[(b + 1) * ys + yi] = s1;
                y[(b + 2) * ys + yi] = s2;
                y[(b + 3) * ys + yi] = s3;
            }
            for (; b < batch; b++) {
                int xr = b * xs + xo;
                double s = 0;
                for (int j = 0; j < len; j++) s += w[row + j] * x[xr + j];
                y[b * ys + yo + i - r0] = s;
            }
        }
    }

    /** dW[i][c0 + j] += sum_b dY[b][dyo + i - r0] * X[b][xo + j]; rows outer, four samples at a time. */
    static void gradW(double[] dw, int n, int r0, int r1, int c0, int len,
                      double[] dy, int dys, int dyo, double[] x, int xs, int xo, int batch) {
        int b4 = batch & ~3;
        for (int i = r0; i < r1; i++) {
            int row = i * n + c0;
            int di = dyo + i - r0;
            int b = 0;
            for (; b < b4; b += 4) {
                double a0 = dy[b * dys + di], a1 = dy[(b + 1) * dys + di], a2 = dy[(b + 2) * dys + di], a3 = dy[(b + 3) * dys + di];
                if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue;
                int x0 = b * xs + xo, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
                for (int j = 0; j < len; j++) {
                    dw[row + j] += a0 * x[x0 + j] + a1 * x[x1 + j] + a2 * x[x2 + j] + a3 * x[x3 + j];
                }
            }
            for (; b < batch; b++) {
                double a = dy[b * dys + di];
                if (a == 0) continue;
                int xr = b * xs + xo;
                for (int j = 0; j < len; j++) dw[row + j] += a * x[xr + j];
            }
        }
    }

    /** dX[b][dxo + j] += sum_i dY[b][dyo + i - r0] * W[i][c0 + j]; rows outer (a row stays in cache), samples inner. */
    static void gradX(double[] w, int n, int r0, int r1, int c0, int len,
                      double[] dy, int dys, int dyo, double[] dx, int dxs, int dxo, int batch) {
        for (int i = r0; i < r1; i++) {
            int row = i * n + c0;
            int di = dyo + i - r0;
            for (int b = 0; b < batch; b++) {
                double a = dy[b * dys + di];
                if (a == 0) continue;
                int xr = b * dxs + dxo;
                for (int j = 0; j < len; j++) dx[xr + j] += a * w[row + j];
            }
        }
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
