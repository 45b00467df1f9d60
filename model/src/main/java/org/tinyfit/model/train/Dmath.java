package org.tinyfit.model.train;

/**
 * Double-precision batched products over row-major blocks of a weight matrix W
 * with row stride {@code n}: rows [r0, r1), columns [c0, c0+len). Inputs and
 * outputs are B rows with their own strides and offsets.
 */
final class Dmath {
    private Dmath() { }

    /** Y[b][yo + i - r0] = sum_j W[i][c0 + j] * X[b][xo + j] (overwrites). */
    static void fwd(double[] w, int n, int r0, int r1, int c0, int len,
                    double[] x, int xs, int xo, int batch, double[] y, int ys, int yo) {
        int len4 = len & ~3;
        for (int b = 0; b < batch; b++) {
            int xr = b * xs + xo;
            int yr = b * ys + yo - r0;
            for (int i = r0; i < r1; i++) {
                int row = i * n + c0;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j < len4; j += 4) {
                    s0 += w[row + j] * x[xr + j];
                    s1 += w[row + j + 1] * x[xr + j + 1];
                    s2 += w[row + j + 2] * x[xr + j + 2];
                    s3 += w[row + j + 3] * x[xr + j + 3];
                }
                for (; j < len; j++) s0 += w[row + j] * x[xr + j];
                y[yr + i] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** dW[i][c0 + j] += sum_b dY[b][dyo + i - r0] * X[b][xo + j]. */
    static void gradW(double[] dw, int n, int r0, int r1, int c0, int len,
                      double[] dy, int dys, int dyo, double[] x, int xs, int xo, int batch) {
        for (int b = 0; b < batch; b++) {
            int xr = b * xs + xo;
            int dr = b * dys + dyo - r0;
            for (int i = r0; i < r1; i++) {
                double a = dy[dr + i];
                if (a == 0) continue;
                int row = i * n + c0;
                for (int j = 0; j < len; j++) dw[row + j] += a * x[xr + j];
            }
        }
    }

    /** dX[b][dxo + j] += sum_i dY[b][dyo + i - r0] * W[i][c0 + j]. */
    static void gradX(double[] w, int n, int r0, int r1, int c0, int len,
                      double[] dy, int dys, int dyo, double[] dx, int dxs, int dxo, int batch) {
        for (int b = 0; b < batch; b++) {
            int xr = b * dxs + dxo;
            int dr = b * dys + dyo - r0;
            for (int i = r0; i < r1; i++) {
                double a = dy[dr + i];
                if (a == 0) continue;
                int row = i * n + c0;
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
