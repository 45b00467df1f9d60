package org.tinyfit.model.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinyfit.model.kernels.BlockKernels;
import org.tinyfit.model.kernels.Simd;

/**
 * Float32 inference on blocks of samples: the fast path for accuracy over a data set.
 *
 * <p>Samples go in fixed blocks of {@link #BLOCK} (block k holds samples [k*BLOCK, (k+1)*BLOCK)),
 * stored feature-major so that every layer is a product W X over the block
 * ({@link LinearOp#batched()}). A recurrent layer on a plain float matrix projects the inputs of
 * all time steps in one product, then adds the recurrent product W_h H per step; other techniques
 * apply their operator to [x_t; h] per step over the block. The cells' element-wise updates run
 * on {@link BlockKernels}. The threads take whole blocks, and no element depends on the others
 * in its block, so the logits do not depend on the number of threads.
 *
 * <p>It agrees with the per-sample {@link Inference} (the reference that the C export mirrors
 * bit for bit) within float rounding: fused multiply-adds in another order and a float
 * exponential for sigmoid and tanh.
 */
public final class BatchInference {
    /** Samples per block. */
    public static final int BLOCK = 64;

    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(CORES, r -> {
        Thread t = new Thread(r, "tinyfit-batch-inference");
        t.setDaemon(true);
        return t;
    });

    private BatchInference() { }

    /** A network with every kernel prepared for blocks. Immutable and thread-safe. */
    public static final class Prepared {
        final Network net;
        final BatchOp[] ops;

        public Prepared(Network net) {
            this.net = net;
            List<Layer> ls = net.layers();
            ops = new BatchOp[ls.size()];
            for (int i = 0; i < ops.length; i++) ops[i] = ls.get(i).kernel().batched();
        }

        public Network network() { return net; }
    }

    /** Logits of n samples of {@code x} (n*steps*features floats, sample-major) into a new n*classes array, on all cores. */
    public static float[] logits(Network net, float[] x, int n) {
        if (!Simd.ENABLED) return Inference.logits(net, x, n);
        return logits(new Prepared(net), x, n, CORES);
    }

    /**
     * As {@link #logits(Network, float[], int)} with a prepared network and at most {@code threads}
     * threads. Without the Vector API ({@link Simd#ENABLED} false) the scalar batched kernels would
     * be slower than the per-sample ones (C2 does not vectorise their fused multiply-adds), so the
     * per-sample {@link Inference} runs instead.
     */
    public static float[] logits(Prepared p, float[] x, int n, int threads) {
        if (!Simd.ENABLED) return Inference.logits(p.net, x, n);
        return blocks(p, x, n, threads);
    }

    /** The batched path itself, whatever {@link Simd#ENABLED} says (tests compare both kernel forms). */
    public static float[] blocks(Prepared p, float[] x, int n, int threads) {
        Network net = p.net;
        int per = net.steps() * net.features();
        if (x.length < (long) n * per) throw new IllegalArgumentException("input holds " + x.length + " floats, " + n + " samples need " + (long) n * per);
        float[] out = new float[n * net.classes()];
        int blocks = (n + BLOCK - 1) / BLOCK;
        int parts = Math.max(1, Math.min(Math.min(threads, CORES), blocks));
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            Buffers b = new Buffers(p, Math.min(BLOCK, n));
            for (int k; (k = next.getAndIncrement()) < blocks; ) {
                if (Thread.currentThread().isInterrupted()) throw new CancellationException("inference interrupted");
                int s0 = k * BLOCK;
                forwardBlock(p, b, x, s0, Math.min(BLOCK, n - s0), out);
            }
        };
        if (parts == 1) {
            worker.run();
            return out;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < parts; i++) fs.add(POOL.submit(worker));
        try {
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            for (Future<?> f : fs) f.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("inference interrupted");
        } catch (ExecutionException e) {
            for (Future<?> f : fs) f.cancel(true);
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
        return out;
    }

    /** One thread's buffers for blocks of up to {@code nbMax} samples. */
    static final class Buffers {
        final float[] seqA, seqB, z, z2, c, gates, gates2, gAll, work, vecA, vecB;

        Buffers(Prepared p, int nbMax) {
            Network net = p.net;
            int t = net.steps();
            int seq = net.features(), zh = 0, hid = 0, gh = 0, all = 0, wk = 0, vec = net.steps() * net.features();
            for (int i = 0; i < p.ops.length; i++) {
                Layer l = net.layers().get(i);
                BatchOp op = p.ops[i];
                wk = Math.max(wk, Math.max(op.workSize(nbMax), op.blockWorkSize(nbMax)));
                if (l instanceof RnnLayer r) {
                    seq = Math.max(seq, r.hidden());
                    zh = Math.max(zh, r.inputSize() + r.hidden());
                    hid = Math.max(hid, r.hidden());
                    gh = Math.max(gh, r.cell().gates() * r.hidden());
                    if (op.splitsColumns()) all = Math.max(all, r.cell().gates() * r.hidden());
                    vec = Math.max(vec, r.hidden());
                } else {
                    vec = Math.max(vec, Math.max(l.inputSize(), l.outputSize()));
                }
            }
            seqA = new float[seq * t * nbMax];
            seqB = new float[seq * t * nbMax];
            z = new float[zh * nbMax];
            z2 = new float[zh * nbMax];
            c = new float[hid * nbMax];
            gates = new float[gh * nbMax];
            gates2 = new float[gh * nbMax];
            gAll = new float[all * t * nbMax];
            work = new float[wk];
            vecA = new float[vec * nbMax];
            vecB = new float[vec * nbMax];
        }
    }

    /** Logits of samples [s0, s0 + nb) into out[s*classes ..). */
    static void forwardBlock(Prepared p, Buffers b, float[] x, int s0, int nb, float[] out) {
        Network net = p.net;
        int steps = net.steps(), feats = net.features(), per = steps * feats;
        List<Layer> layers = net.layers();
        boolean rnn = layers.get(0) instanceof RnnLayer;
        float[] cur;
        if (rnn) {
            // inputs as [f][t][j]: row f of step t at (f*steps + t)*nb
            float[] in = b.seqA;
            for (int j = 0; j < nb; j++) {
                int xs = (s0 + j) * per;
                for (int t = 0; t < steps; t++)
                    for (int f = 0; f < feats; f++) in[(f * steps + t) * nb + j] = x[xs + t * feats + f];
            }
            cur = in;
        } else {
            // flattened step-major input: row t*features + f
            org.tinyfit.model.kernels.Sgemm.transpose(nb, per, x, s0 * per, per, b.vecA, 0, nb);
            cur = b.vecA;
        }
        int nRnn = 0;
        for (Layer l : layers) if (l instanceof RnnLayer) nRnn++;
        int ri = 0;
        for (int li = 0; li < layers.size(); li++) {
            Layer l = layers.get(li);
            BatchOp op = p.ops[li];
            if (l instanceof RnnLayer r) {
                boolean last = ++ri == nRnn;
                float[] seqOut = last ? null : (cur == b.seqA ? b.seqB : b.seqA);
                rnn(r, op, steps, nb, cur, seqOut, b.vecA, b);
                cur = last ? b.vecA : seqOut;
            } else {
                DenseLayer d = (DenseLayer) l;
                float[] dst = cur == b.vecA ? b.vecB : b.vecA;
                op.apply(cur, 0, nb, dst, 0, nb, nb, b.work);
                BlockKernels.biasAct(d.outputSize(), nb, dst, 0, nb, d.bias(), actCode(d.activation()));
                cur = dst;
            }
        }
        int classes = net.classes();
        for (int k = 0; k < classes; k++)
            for (int j = 0; j < nb; j++) out[(s0 + j) * classes + k] = cur[k * nb + j];
    }

    static int actCode(Activation a) {
        return switch (a) {
            case NONE -> BlockKernels.NONE;
            case RELU -> BlockKernels.RELU;
            case TANH -> BlockKernels.TANH;
            case SIGMOID -> BlockKernels.SIGMOID;
        };
    }

    /**
     * One recurrent layer over a block from zero state. {@code in} holds [i][t][j] (row i of step t
     * at (i*steps + t)*nb); the hidden states go to {@code out} in the same layout when it is not
     * null; the last hidden state to {@code hLast} (H x nb).
     */
    static void rnn(RnnLayer r, BatchOp op, int steps, int nb, float[] in, float[] out, float[] hLast, Buffers b) {
        int nI = r.inputSize(), nH = r.hidden(), gh = r.cell().gates() * nH;
        int ld = steps * nb;
        float[] z = b.z, w = b.work;
        int hOff = nI * nb;
        Arrays.fill(z, hOff, hOff + nH * nb, 0f);
        Arrays.fill(b.c, 0, nH * nb, 0f);
        boolean split = op.splitsColumns();
        float[] bias = r.bias();
        // inputs of all steps in one product: rows of W_x times [i][t*nb + j]
        if (split) op.applyBlock(in, 0, ld, 0, nI, 0, gh, b.gAll, 0, ld, ld, w);
        for (int t = 0; t < steps; t++) {
            int gs = t * nb;
            if (!split) {
                for (int i = 0; i < nI; i++) System.arraycopy(in, i * ld + gs, z, i * nb, nb);
            }
            switch (r.cell()) {
                case LSTM, FASTRNN, FASTGRNN -> {
                    float[] g;
                    int gOff, ldg;
                    if (split) {
                        op.addBlock(z, hOff, nb, nI, nI + nH, 0, gh, b.gAll, gs, ld, nb);
                        g = b.gAll;
                        gOff = gs;
                        ldg = ld;
                    } else {
                        op.apply(z, 0, nb, b.gates, 0, nb, nb, w);
                        g = b.gates;
                        gOff = 0;
                        ldg = nb;
                    }
                    switch (r.cell()) {
                        case LSTM -> BlockKernels.lstm(nH, nb, g, gOff, ldg, bias, b.c, 0, nb, z, hOff, nb);
                        case FASTRNN -> BlockKernels.fastRnn(nH, nb, g, gOff, ldg, bias,
                                Nonlinear.sigmoid(r.scalars()[0]), Nonlinear.sigmoid(r.scalars()[1]), z, hOff, nb);
                        default -> BlockKernels.fastGrnn(nH, nb, g, gOff, ldg, bias,
                                Nonlinear.sigmoid(r.scalars()[0]), Nonlinear.sigmoid(r.scalars()[1]), z, hOff, nb, b.gates2, 0);
                    }
                }
                case GRU -> gruStep(r, op, split, nb, ld, gs, b);
            }
            if (out != null) {
                for (int k = 0; k < nH; k++) System.arraycopy(z, hOff + k * nb, out, k * ld + gs, nb);
            }
        }
        System.arraycopy(z, hOff, hLast, 0, nH * nb);
    }

    private static void gruStep(RnnLayer r, BatchOp op, boolean split, int nb, int ld, int gs, Buffers b) {
        int nI = r.inputSize(), nH = r.hidden();
        float[] z = b.z, w = b.work, bias = r.bias();
        int hOff = nI * nb;
        float[] a = split ? b.gAll : b.gates;
        int aOff = split ? gs : 0, lda = split ? ld : nb;
        if (r.linearBeforeReset()) {
            if (!split) op.applyBlock(z, 0, nb, 0, nI, 0, 3 * nH, b.gates, 0, nb, nb, w);
            op.applyBlock(z, hOff, nb, nI, nI + nH, 0, 3 * nH, b.gates2, 0, nb, nb, w);
            BlockKernels.gruLbr(nH, nb, a, aOff, lda, b.gates2, 0, nb, bias, r.recurrentBiasH(), z, hOff, nb);
            return;
        }
        // z, r from [x; h]; h~ from [x; r*h] (r*h in z2 after x)
        if (split) {
            op.addBlock(z, hOff, nb, nI, nI + nH, 0, 2 * nH, a, aOff, lda, nb);
        } else {
            op.applyBlock(z, 0, nb, 0, nI + nH, 0, 2 * nH, a, aOff, lda, nb, w);
            System.arraycopy(z, 0, b.z2, 0, nI * nb);
        }
        BlockKernels.gruZr(nH, nb, a, aOff, lda, bias, z, hOff, nb, b.z2, hOff, nb);
        float[] hp;
        int hpOff, ldp;
        if (split) {
            op.addBlock(b.z2, hOff, nb, nI, nI + nH, 2 * nH, 3 * nH, a, aOff + 2 * nH * lda, lda, nb);
            hp = a;
            hpOff = aOff + 2 * nH * lda;
            ldp = lda;
        } else {
            op.applyBlock(b.z2, 0, nb, 0, nI + nH, 2 * nH, 3 * nH, b.gates2, 0, nb, nb, w);
            hp = b.gates2;
            hpOff = 0;
            ldp = nb;
        }
        BlockKernels.gruUpdate(nH, nb, a, aOff, lda, hp, hpOff, ldp, bias, 2 * nH, z, hOff, nb);
    }
}
