package org.tinyfit.model.train;

import java.util.Arrays;
import org.tinyfit.model.net.CellType;

/**
 * Forward and backward through time for one slice of a mini-batch, in double
 * precision, accumulating gradients into a {@link TrainModel} of the same shape.
 * One worker per thread; buffers are sized for {@code maxBatch} samples.
 */
final class BatchWorker {
    private final TrainModel m;
    private final int steps;
    private final int maxBatch;
    private final int nRnn;
    // per RNN layer k, per step t
    private final double[][][] xh;     // [k][t] B x n
    private final double[][][] act;    // [k][t] B x actWidth
    private final double[][][] extra;  // [k][t] B x n: GRU [x; r*h] (lbr=0) or u_h + rb (lbr=1)
    private final double[][][] cst;    // [k][t] B x H (LSTM cell state)
    private final double[][][] hs;     // [k][t+1] B x H, hs[k][0] = 0
    private final double[][] in0;      // [t] B x I
    private final double[][] dIn;      // [t] B x n (scratch for the layer below)
    private final double[][] dHseq;    // [t] B x H gradient arriving at each step's output
    // dense
    private final double[][] dAct;     // [j] B x out activations (input of dense j is dAct[j-1] or the RNN output)
    private final double[] flat;       // B x (T*I) when there is no RNN layer
    private final double[] rnnOut;     // B x H of the top RNN
    // scratch
    private final double[] dPre;
    private final double[] dH;
    private final double[] dHprev;
    private final double[] dC;
    private final double[] dX;

    BatchWorker(TrainModel m, int maxBatch) {
        this.m = m;
        this.steps = m.arch.steps();
        this.maxBatch = maxBatch;
        int r = 0;
        int maxN = 0, maxM = 0, maxH = 1;
        for (TrainModel.L l : m.layers) if (l.rnn) {
            r++;
            maxN = Math.max(maxN, l.cols);
            maxM = Math.max(maxM, l.rows + 2 * l.out);
            maxH = Math.max(maxH, l.out);
        }
        this.nRnn = r;
        xh = new double[r][][];
        act = new double[r][][];
        extra = new double[r][][];
        cst = new double[r][][];
        hs = new double[r][][];
        int k = 0;
        for (TrainModel.L l : m.layers) {
            if (!l.rnn) continue;
            int aw = actWidth(l);
            xh[k] = new double[steps][maxBatch * l.cols];
            act[k] = new double[steps][maxBatch * aw];
            extra[k] = l.cell == CellType.GRU ? new double[steps][maxBatch * exWidth(l)] : null;
            cst[k] = l.cell == CellType.LSTM ? new double[steps][maxBatch * l.out] : null;
            hs[k] = new double[steps + 1][maxBatch * l.out];
            k++;
        }
        in0 = new double[steps][maxBatch * m.arch.features()];
        dIn = new double[steps][maxBatch * Math.max(1, maxN)];
        dHseq = new double[steps][maxBatch * maxH];
        int nd = m.layers.size() - r;
        dAct = new double[nd][];
        int maxOut = 1;
        for (int j = 0; j < nd; j++) {
            TrainModel.L l = m.layers.get(r + j);
            dAct[j] = new double[maxBatch * l.out];
            maxOut = Math.max(maxOut, Math.max(l.out, l.in));
        }
        flat = r == 0 ? new double[maxBatch * steps * m.arch.features()] : null;
        rnnOut = new double[maxBatch * maxH];
        dPre = new double[maxBatch * Math.max(maxM, maxOut)];
        dH = new double[maxBatch * Math.max(maxH, maxOut)];
        dHprev = new double[maxBatch * maxH];
        dC = new double[maxBatch * maxH];
        dX = new double[maxBatch * Math.max(maxOut, Math.max(maxN, steps * m.arch.features()))];
    }

    /** Row width of the GRU buffer: [x; r*h] (lbr = 0) or W_h h for all 3H rows (lbr = 1). */
    private static int exWidth(TrainModel.L l) {
        return Math.max(l.cols, 3 * l.out);
    }

    private static int actWidth(TrainModel.L l) {
        return switch (l.cell) {
            case LSTM -> 4 * l.out;
            case GRU -> 3 * l.out;
            case FASTRNN -> l.out;
            case FASTGRNN -> 2 * l.out;
        };
    }

    /** Result of one slice: summed loss and number of correct predictions. */
    record Result(double lossSum, int correct) { }

    /**
     * Forward and backward for samples {@code x[b]} (each steps*features floats at
     * b*per) with labels y. Gradients of (sum of losses) / {@code normaliser} are
     * added to {@code g}.
     */
    Result run(float[] x, int[] y, int batch, double normaliser, TrainModel g) {
        if (batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " > " + maxBatch);
        int nI = m.arch.features();
        int per = steps * nI;
        for (int t = 0; t < steps; t++) {
            double[] d = in0[t];
            for (int b = 0; b < batch; b++) for (int i = 0; i < nI; i++) d[b * nI + i] = x[b * per + t * nI + i];
        }
        // ---------------- forward
        double[][] seq = in0;
        int seqW = nI;
        for (int k = 0; k < nRnn; k++) {
            TrainModel.L l = m.layers.get(k);
            forwardRnn(k, l, seq, seqW, batch);
            seq = hs[k];
            seqW = l.out;
        }
        double[] cur;
        int curW;
        if (nRnn == 0) {
            for (int b = 0; b < batch; b++) for (int i = 0; i < per; i++) flat[b * per + i] = x[b * per + i];
            cur = flat;
            curW = per;
        } else {
            cur = hs[nRnn - 1][steps];
            curW = m.layers.get(nRnn - 1).out;
        }
        int nd = m.layers.size() - nRnn;
        for (int j = 0; j < nd; j++) {
            TrainModel.L l = m.layers.get(nRnn + j);
            double[] o = dAct[j];
            Dmath.fwd(l.w, l.cols, 0, l.rows, 0, l.cols, cur, curW, 0, batch, o, l.out, 0);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < l.out; i++) {
                    double v = o[b * l.out + i] + l.b[i];
                    o[b * l.out + i] = switch (l.act) {
                        case NONE -> v;
                        case RELU -> v > 0 ? v : 0;
                        case TANH -> Math.tanh(v);
                        case SIGMOID -> Dmath.sigmoid(v);
                    };
                }
            }
            cur = o;
            curW = l.out;
        }
        // ---------------- loss: softmax cross-entropy
        int classes = curW;
        double loss = 0;
        int correct = 0;
        double[] dl = dH; // B x classes
        for (int b = 0; b < batch; b++) {
            int off = b * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) if (cur[off + c] > max) { max = cur[off + c]; arg = c; }
            if (arg == y[b]) correct++;
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(cur[off + c] - max);
            double lse = max + Math.log(sum);
            loss += lse - cur[off + y[b]];
            for (int c = 0; c < classes; c++) dl[off + c] = Math.exp(cur[off + c] - lse) / normaliser;
            dl[off + y[b]] -= 1.0 / normaliser;
        }
        // ---------------- backward through dense layers
        double[] dOut = dl; // gradient w.r.t. the current layer's output (after activation)
        for (int j = nd - 1; j >= 0; j--) {
            TrainModel.L l = m.layers.get(nRnn + j);
            TrainModel.L gl = g.layers.get(nRnn + j);
            double[] o = dAct[j];
            double[] input = j > 0 ? dAct[j - 1] : (nRnn == 0 ? flat : hs[nRnn - 1][steps]);
            int inW = l.in;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < l.out; i++) {
                    double a = o[b * l.out + i];
                    double d = dOut[b * l.out + i];
                    dPre[b * l.out + i] = switch (l.act) {
                        case NONE -> d;
                        case RELU -> a > 0 ? d : 0;
                        case TANH -> d * (1 - a * a);
                        case SIGMOID -> d * a * (1 - a);
                    };
                    gl.b[i] += dPre[b * l.out + i];
                }
            }
            Dmath.gradW(gl.w, l.cols, 0, l.rows, 0, l.cols, dPre, l.out, 0, input, inW, 0, batch);
            Arrays.fill(dX, 0, batch * inW, 0);
            Dmath.gradX(l.w, l.cols, 0, l.rows, 0, l.cols, dPre, l.out, 0, dX, inW, 0, batch);
            System.arraycopy(dX, 0, dH, 0, batch * inW);
            dOut = dH;
        }
        // ---------------- backward through the RNN layers
        if (nRnn > 0) {
            TrainModel.L top = m.layers.get(nRnn - 1);
            for (int t = 0; t < steps; t++) Arrays.fill(dHseq[t], 0, batch * top.out, 0);
            System.arraycopy(dOut, 0, dHseq[steps - 1], 0, batch * top.out);
            for (int k = nRnn - 1; k >= 0; k--) {
                TrainModel.L l = m.layers.get(k);
                double[][] input = k == 0 ? in0 : hs[k - 1];
                backwardRnn(k, l, g.layers.get(k), input, batch, k > 0);
                if (k > 0) {
                    int below = m.layers.get(k - 1).out;
                    for (int t = 0; t < steps; t++) {
                        double[] dh = dHseq[t];
                        double[] di = dIn[t];
                        for (int b = 0; b < batch; b++) System.arraycopy(di, b * l.cols, dh, b * below, below);
                    }
                }
            }
        }
        return new Result(loss, correct);
    }

    // input of step t is inSeq[t] (B x inW), or hs[k-1][t+1] for stacked layers
    private static double[] stepInput(double[][] seq, boolean isHidden, int t) {
        return isHidden ? seq[t + 1] : seq[t];
    }

    private void forwardRnn(int k, TrainModel.L l, double[][] seq, int inW, int batch) {
        boolean stacked = seq != in0;
        int nI = l.in, nH = l.out, n = l.cols, aw = actWidth(l);
        Arrays.fill(hs[k][0], 0, batch * nH, 0);
        for (int t = 0; t < steps; t++) {
            double[] in = stepInput(seq, stacked, t);
            double[] hp = hs[k][t];
            double[] hn = hs[k][t + 1];
            double[] xhT = xh[k][t];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(in, b * inW, xhT, b * n, nI);
                System.arraycopy(hp, b * nH, xhT, b * n + nI, nH);
            }
            double[] a = act[k][t];
            switch (l.cell) {
                case LSTM -> {
                    Dmath.fwd(l.w, n, 0, 4 * nH, 0, n, xhT, n, 0, batch, a, aw, 0);
                    double[] cPrev = t > 0 ? cst[k][t - 1] : null;
                    double[] c = cst[k][t];
                    for (int b = 0; b < batch; b++) {
                        int ab = b * aw;
                        for (int u = 0; u < nH; u++) {
                            double i = Dmath.sigmoid(a[ab + u] + l.b[u]);
                            double f = Dmath.sigmoid(a[ab + nH + u] + l.b[nH + u]);
                            double gg = Math.tanh(a[ab + 2 * nH + u] + l.b[2 * nH + u]);
                            double o = Dmath.sigmoid(a[ab + 3 * nH + u] + l.b[3 * nH + u]);
                            a[ab + u] = i;
                            a[ab + nH + u] = f;
                            a[ab + 2 * nH + u] = gg;
                            a[ab + 3 * nH + u] = o;
                            double cv = f * (cPrev == null ? 0 : cPrev[b * nH + u]) + i * gg;
                            c[b * nH + u] = cv;
                            hn[b * nH + u] = o * Math.tanh(cv);
                        }
                    }
                }
                case GRU -> {
                    double[] ex = extra[k][t];
                    if (l.lbr) {
                        // a = W_x x (z, r, h rows), u = W_h h into ex (3H wide, stride n)
                        Dmath.fwd(l.w, n, 0, 3 * nH, 0, nI, xhT, n, 0, batch, a, aw, 0);
                        int ew = exWidth(l);
                        Dmath.fwd(l.w, n, 0, 3 * nH, nI, nH, xhT, n, nI, batch, ex, ew, 0);
                        for (int b = 0; b < batch; b++) {
                            int ab = b * aw, eb = b * ew;
                            for (int u = 0; u < nH; u++) {
                                double z = Dmath.sigmoid(a[ab + u] + ex[eb + u] + l.b[u]);
                                double r = Dmath.sigmoid(a[ab + nH + u] + ex[eb + nH + u] + l.b[nH + u]);
                                double uh = ex[eb + 2 * nH + u] + l.rb[u];
                                double hh = Math.tanh(a[ab + 2 * nH + u] + l.b[2 * nH + u] + r * uh);
                                a[ab + u] = z;
                                a[ab + nH + u] = r;
                                a[ab + 2 * nH + u] = hh;
                                ex[eb + u] = uh; // keep u_h + rb for the backward pass
                                hn[b * nH + u] = (1 - z) * hh + z * hp[b * nH + u];
                            }
                        }
                    } else {
                        int ew = exWidth(l);
                        Dmath.fwd(l.w, n, 0, 2 * nH, 0, n, xhT, n, 0, batch, a, aw, 0);
                        for (int b = 0; b < batch; b++) {
                            int ab = b * aw, eb = b * ew;
                            System.arraycopy(xhT, b * n, ex, eb, nI);
                            for (int u = 0; u < nH; u++) {
                                double z = Dmath.sigmoid(a[ab + u] + l.b[u]);
                                double r = Dmath.sigmoid(a[ab + nH + u] + l.b[nH + u]);
                                a[ab + u] = z;
                                a[ab + nH + u] = r;
                                ex[eb + nI + u] = r * hp[b * nH + u];
                            }
                        }
                        Dmath.fwd(l.w, n, 2 * nH, 3 * nH, 0, n, ex, ew, 0, batch, a, aw, 2 * nH);
                        for (int b = 0; b < batch; b++) {
                            int ab = b * aw;
                            for (int u = 0; u < nH; u++) {
                                double hh = Math.tanh(a[ab + 2 * nH + u] + l.b[2 * nH + u]);
                                a[ab + 2 * nH + u] = hh;
                                double z = a[ab + u];
                                hn[b * nH + u] = (1 - z) * hh + z * hp[b * nH + u];
                            }
                        }
                    }
                }
                case FASTRNN -> {
                    Dmath.fwd(l.w, n, 0, nH, 0, n, xhT, n, 0, batch, a, aw, 0);
                    double alpha = Dmath.sigmoid(l.sc[0]), beta = Dmath.sigmoid(l.sc[1]);
                    for (int b = 0; b < batch; b++) {
                        for (int u = 0; u < nH; u++) {
                            double hh = Math.tanh(a[b * aw + u] + l.b[u]);
                            a[b * aw + u] = hh;
                            hn[b * nH + u] = beta * hp[b * nH + u] + alpha * hh;
                        }
                    }
                }
                case FASTGRNN -> {
                    Dmath.fwd(l.w, n, 0, nH, 0, n, xhT, n, 0, batch, a, aw, 0);
                    double zeta = Dmath.sigmoid(l.sc[0]), nu = Dmath.sigmoid(l.sc[1]);
                    for (int b = 0; b < batch; b++) {
                        int ab = b * aw;
                        for (int u = 0; u < nH; u++) {
                            double pre = a[ab + u];
                            double z = Dmath.sigmoid(pre + l.b[u]);
                            double hh = Math.tanh(pre + l.b[nH + u]);
                            a[ab + u] = z;
                            a[ab + nH + u] = hh;
                            hn[b * nH + u] = z * hp[b * nH + u] + (zeta * (1 - z) + nu) * hh;
                        }
                    }
                }
            }
        }
    }

    /**
     * Backward through time of RNN layer k. dHseq[t] holds dL/dh_t from above;
     * when {@code needInputGrad}, dIn[t] receives dL/d[x_t; h_{t-1}] (the x part is used).
     */
    private void backwardRnn(int k, TrainModel.L l, TrainModel.L g, double[][] seq, int batch, boolean needInputGrad) {
        int nI = l.in, nH = l.out, n = l.cols, aw = actWidth(l);
        Arrays.fill(dHprev, 0, batch * nH, 0);
        Arrays.fill(dC, 0, batch * nH, 0);
        double dAlpha = 0, dBeta = 0;
        for (int t = steps - 1; t >= 0; t--) {
            double[] a = act[k][t];
            double[] hp = hs[k][t];
            double[] xhT = xh[k][t];
            double[] dh = dH;
            for (int i = 0; i < batch * nH; i++) dh[i] = dHseq[t][i] + dHprev[i];
            double[] dxh = dIn[t];
            Arrays.fill(dxh, 0, batch * n, 0);
            switch (l.cell) {
                case LSTM -> {
                    double[] c = cst[k][t];
                    double[] cPrev = t > 0 ? cst[k][t - 1] : null;
                    for (int b = 0; b < batch; b++) {
                        int ab = b * aw;
                        for (int u = 0; u < nH; u++) {
                            double i = a[ab + u], f = a[ab + nH + u], gg = a[ab + 2 * nH + u], o = a[ab + 3 * nH + u];
                            double tc = Math.tanh(c[b * nH + u]);
                            double d = dh[b * nH + u];
                            double dc = dC[b * nH + u] + d * o * (1 - tc * tc);
                            double cp = cPrev == null ? 0 : cPrev[b * nH + u];
                            dPre[ab + u] = dc * gg * i * (1 - i);
                            dPre[ab + nH + u] = dc * cp * f * (1 - f);
                            dPre[ab + 2 * nH + u] = dc * i * (1 - gg * gg);
                            dPre[ab + 3 * nH + u] = d * tc * o * (1 - o);
                            dC[b * nH + u] = dc * f;
                        }
                    }
                    addBias(g.b, dPre, aw, 0, 4 * nH, batch);
                    Dmath.gradW(g.w, n, 0, 4 * nH, 0, n, dPre, aw, 0, xhT, n, 0, batch);
                    Dmath.gradX(l.w, n, 0, 4 * nH, 0, n, dPre, aw, 0, dxh, n, 0, batch);
                }
                case GRU -> {
                    double[] ex = extra[k][t];
                    // dPre layout: [dz_pre, dr_pre, dh_pre] (B x 3H), dU_h (lbr) kept in dX (B x H)
                    for (int b = 0; b < batch; b++) {
                        int ab = b * aw;
                        for (int u = 0; u < nH; u++) {
                            double z = a[ab + u], hh = a[ab + 2 * nH + u];
                            double d = dh[b * nH + u];
                            double dhh = d * (1 - z);
                            double dz = d * (hp[b * nH + u] - hh);
                            dPre[ab + u] = dz * z * (1 - z);
                            dPre[ab + 2 * nH + u] = dhh * (1 - hh * hh);
                        }
                    }
                    int ew = exWidth(l);
                    if (l.lbr) {
                        for (int b = 0; b < batch; b++) {
                            int ab = b * aw, eb = b * ew;
                            for (int u = 0; u < nH; u++) {
                                double r = a[ab + nH + u];
                                double dph = dPre[ab + 2 * nH + u];
                                double dr = dph * ex[eb + u];
                                dPre[ab + nH + u] = dr * r * (1 - r);
                                dX[b * nH + u] = dph * r; // d(u_h + rb)
                                g.rb[u] += dX[b * nH + u];
                            }
                        }
                        addBias(g.b, dPre, aw, 0, 3 * nH, batch);
                        // W_x: all three blocks from dPre; W_h: z, r from dPre, h from dX
                        Dmath.gradW(g.w, n, 0, 3 * nH, 0, nI, dPre, aw, 0, xhT, n, 0, batch);
                        Dmath.gradX(l.w, n, 0, 3 * nH, 0, nI, dPre, aw, 0, dxh, n, 0, batch);
                        Dmath.gradW(g.w, n, 0, 2 * nH, nI, nH, dPre, aw, 0, xhT, n, nI, batch);
                        Dmath.gradX(l.w, n, 0, 2 * nH, nI, nH, dPre, aw, 0, dxh, n, nI, batch);
                        Dmath.gradW(g.w, n, 2 * nH, 3 * nH, nI, nH, dX, nH, 0, xhT, n, nI, batch);
                        Dmath.gradX(l.w, n, 2 * nH, 3 * nH, nI, nH, dX, nH, 0, dxh, n, nI, batch);
                    } else {
                        // h~ block on [x; r*h]
                        Dmath.gradW(g.w, n, 2 * nH, 3 * nH, 0, n, dPre, aw, 2 * nH, ex, ew, 0, batch);
                        addBias(g.b, dPre, aw, 2 * nH, 3 * nH, batch);
                        Arrays.fill(dX, 0, batch * n, 0);
                        Dmath.gradX(l.w, n, 2 * nH, 3 * nH, 0, n, dPre, aw, 2 * nH, dX, n, 0, batch);
                        for (int b = 0; b < batch; b++) {
                            int ab = b * aw, xb = b * n;
                            for (int j = 0; j < nI; j++) dxh[xb + j] += dX[xb + j];
                            for (int u = 0; u < nH; u++) {
                                double r = a[ab + nH + u];
                                double drh = dX[xb + nI + u];
                                dxh[xb + nI + u] += drh * r;
                                double dr = drh * hp[b * nH + u];
                                dPre[ab + nH + u] = dr * r * (1 - r);
                            }
                        }
                        addBias(g.b, dPre, aw, 0, 2 * nH, batch);
                        Dmath.gradW(g.w, n, 0, 2 * nH, 0, n, dPre, aw, 0, xhT, n, 0, batch);
                        Dmath.gradX(l.w, n, 0, 2 * nH, 0, n, dPre, aw, 0, dxh, n, 0, batch);
                    }
                    // direct path h_t = ... + z * h_{t-1}
                    for (int b = 0; b < batch; b++) {
                        for (int u = 0; u < nH; u++) dxh[b * n + nI + u] += dh[b * nH + u] * a[b * aw + u];
                    }
                }
                case FASTRNN -> {
                    double sa = Dmath.sigmoid(l.sc[0]), sb = Dmath.sigmoid(l.sc[1]);
                    for (int b = 0; b < batch; b++) {
                        for (int u = 0; u < nH; u++) {
                            double hh = a[b * aw + u];
                            double d = dh[b * nH + u];
                            dAlpha += d * hh;
                            dBeta += d * hp[b * nH + u];
                            dPre[b * aw + u] = d * sa * (1 - hh * hh);
                            dxh[b * n + nI + u] += d * sb;
                        }
                    }
                    addBias(g.b, dPre, aw, 0, nH, batch);
                    Dmath.gradW(g.w, n, 0, nH, 0, n, dPre, aw, 0, xhT, n, 0, batch);
                    Dmath.gradX(l.w, n, 0, nH, 0, n, dPre, aw, 0, dxh, n, 0, batch);
                }
                case FASTGRNN -> {
                    double zeta = Dmath.sigmoid(l.sc[0]), nu = Dmath.sigmoid(l.sc[1]);
                    // dPre holds d(pre) in [0,H); bias grads in dX: dz_pre [0,H), dh_pre [H,2H)
                    for (int b = 0; b < batch; b++) {
                        int ab = b * aw;
                        for (int u = 0; u < nH; u++) {
                            double z = a[ab + u], hh = a[ab + nH + u];
                            double d = dh[b * nH + u];
                            double dz = d * (hp[b * nH + u] - zeta * hh);
                            double dhh = d * (zeta * (1 - z) + nu);
                            dAlpha += d * (1 - z) * hh;   // d/d zeta
                            dBeta += d * hh;              // d/d nu
                            double dzp = dz * z * (1 - z);
                            double dhp = dhh * (1 - hh * hh);
                            g.b[u] += dzp;
                            g.b[nH + u] += dhp;
                            dPre[ab + u] = dzp + dhp;
                            dxh[b * n + nI + u] += d * z;
                        }
                    }
                    Dmath.gradW(g.w, n, 0, nH, 0, n, dPre, aw, 0, xhT, n, 0, batch);
                    Dmath.gradX(l.w, n, 0, nH, 0, n, dPre, aw, 0, dxh, n, 0, batch);
                }
            }
            for (int b = 0; b < batch; b++) System.arraycopy(dxh, b * n + nI, dHprev, b * nH, nH);
        }
        if (l.cell == CellType.FASTRNN || l.cell == CellType.FASTGRNN) {
            double s0 = Dmath.sigmoid(l.sc[0]), s1 = Dmath.sigmoid(l.sc[1]);
            g.sc[0] += dAlpha * s0 * (1 - s0);
            g.sc[1] += dBeta * s1 * (1 - s1);
        }
    }

    private static void addBias(double[] gb, double[] dPre, int stride, int from, int to, int batch) {
        for (int b = 0; b < batch; b++) {
            int off = b * stride;
            for (int i = from; i < to; i++) gb[i] += dPre[off + i];
        }
    }
}
