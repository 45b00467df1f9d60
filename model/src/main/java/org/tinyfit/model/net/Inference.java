package org.tinyfit.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Float32 inference. A {@link Workspace} holds one thread's buffers; batches are
 * split across the available cores.
 */
public final class Inference {
    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(CORES, daemon());

    private Inference() { }

    private static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "tinyfit-inference");
            t.setDaemon(true);
            return t;
        };
    }

    /** Per-thread buffers for one network. */
    public static final class Workspace {
        final Network net;
        final float[] seqA;
        final float[] seqB;
        final float[] state;
        final float[] kwork;
        final float[] vecA;
        final float[] vecB;

        public Workspace(Network net) {
            this.net = net;
            int seq = 0, st = 0, kw = 0, vec = net.steps() * net.features();
            for (Layer l : net.layers()) {
                if (l instanceof RnnLayer r) {
                    seq = Math.max(seq, net.steps() * r.hidden());
                    st = Math.max(st, r.stateSize());
                    kw = Math.max(kw, r.kernelWorkSize());
                    vec = Math.max(vec, r.hidden());
                } else {
                    kw = Math.max(kw, l.kernel().workSize());
                    vec = Math.max(vec, Math.max(l.inputSize(), l.outputSize()));
                }
            }
            seqA = new float[seq];
            seqB = new float[seq];
            state = new float[st];
            kwork = new float[kw];
            vecA = new float[vec];
            vecB = new float[vec];
        }
    }

    /**
     * Logits of one sample: {@code x[xOff ..)} holds steps*features inputs (step-major),
     * logits go to {@code out[outOff .. outOff+classes)}.
     */
    public static void forward(Workspace ws, float[] x, int xOff, float[] out, int outOff) {
        Network net = ws.net;
        List<Layer> layers = net.layers();
        int nRnn = 0;
        for (Layer l : layers) if (l instanceof RnnLayer) nRnn++;
        float[] seqIn = x;
        int seqOff = xOff;
        int stride = net.features();
        float[] cur;
        int width;
        if (nRnn == 0) {
            System.arraycopy(x, xOff, ws.vecA, 0, net.steps() * net.features());
            cur = ws.vecA;
            width = net.steps() * net.features();
        } else {
            cur = ws.vecA;
            width = 0;
        }
        int ri = 0;
        float[] other = ws.vecB;
        for (Layer l : layers) {
            if (l instanceof RnnLayer r) {
                boolean last = ++ri == nRnn;
                float[] seqOut = last ? null : (seqIn == ws.seqA ? ws.seqB : ws.seqA);
                r.forward(seqIn, seqOff, stride, net.steps(), seqOut, 0, ws.vecA, 0, ws.state, ws.kwork);
                seqIn = seqOut;
                seqOff = 0;
                stride = r.hidden();
                cur = ws.vecA;
                other = ws.vecB;
                width = r.hidden();
            } else {
                DenseLayer d = (DenseLayer) l;
                d.forward(cur, 0, other, 0, ws.kwork);
                float[] t = cur;
                cur = other;
                other = t;
                width = d.outputSize();
            }
        }
        System.arraycopy(cur, 0, out, outOff, width);
    }

    /** Logits for n samples of {@code x} (n*steps*features floats) into a new n*classes array, using all cores. */
    public static float[] logits(Network net, float[] x, int n) {
        int per = net.steps() * net.features();
        if (x.length < (long) n * per) throw new IllegalArgumentException("input holds " + x.length + " floats, " + n + " samples need " + (long) n * per);
        float[] out = new float[n * net.classes()];
        int parts = Math.min(CORES, Math.max(1, n / 4));
        if (parts <= 1) {
            Workspace ws = new Workspace(net);
            for (int s = 0; s < n; s++) forward(ws, x, s * per, out, s * net.classes());
            return out;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int lo = (int) ((long) n * p / parts);
            int hi = (int) ((long) n * (p + 1) / parts);
            fs.add(POOL.submit(() -> {
                Workspace ws = new Workspace(net);
                for (int s = lo; s < hi; s++) {
                    if (Thread.currentThread().isInterrupted()) return;
                    forward(ws, x, s * per, out, s * net.classes());
                }
            }));
        }
        try {
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            for (Future<?> f : fs) f.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("inference interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
        return out;
    }

    /** Index of the largest logit of sample s (first on ties). */
    public static int argmax(float[] logits, int s, int classes) {
        int best = 0;
        float bv = logits[s * classes];
        for (int k = 1; k < classes; k++) {
            float v = logits[s * classes + k];
            if (v > bv) { bv = v; best = k; }
        }
        return best;
    }
}
