package org.tinyfit.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.compress.Projection;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.kernels.DenseKernels;
import org.tinyfit.model.net.LinearOp;

/**
 * Each technique's kernel on the MNIST-LSTM gate shape 512 x 156 (W projected from a
 * random Gaussian matrix), batch 1 and 64 mat-vecs per operation. {@code dense-1acc}
 * is a plain one-accumulator loop, the floor that the dense kernel must beat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class KernelBench {
    static final int M = 512, N = 156;

    @Param({"dense-1acc", "dense", "kp:8x4-64x39", "kp:16x12-32x13", "lmf:4", "prune:0.97",
            "dense/int8", "kp:8x4-64x39/int8", "kp:16x12-32x13/int8", "lmf:4/int8", "prune:0.97/int8"})
    public String kernel;

    @Param({"1", "64"})
    public int batch;

    LinearOp op;
    float[] w;
    float[] x;
    float[] y;
    float[] work;

    @Setup public void setup() {
        Random r = new Random(7);
        w = new float[M * N];
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(N));
        x = new float[batch * N];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        y = new float[batch * M];
        if (!kernel.equals("dense-1acc")) {
            op = Projection.project(w, M, N, plan(kernel), kernel.endsWith("/int8"));
            work = new float[op.workSize()];
        }
    }

    static MatrixPlan plan(String s) {
        int bits = s.endsWith("/int8") ? 8 : 32;
        String t = s.replace("/int8", "");
        TechniqueSpec spec;
        if (t.equals("dense")) spec = new TechniqueSpec.Dense();
        else if (t.startsWith("kp:")) {
            String[] p = t.substring(3).split("[x,-]");
            spec = new TechniqueSpec.Kp(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        } else if (t.startsWith("lmf:")) spec = new TechniqueSpec.Lmf(Integer.parseInt(t.substring(4)));
        else spec = new TechniqueSpec.Pruned(Double.parseDouble(t.substring(6)));
        return new MatrixPlan(spec, bits);
    }

    @Benchmark public void matvec(Blackhole bh) {
        if (op == null) {
            for (int b = 0; b < batch; b++) oneAcc(w, M, N, x, b * N, y, b * M);
        } else if (batch > 1 && kernel.equals("dense")) {
            DenseKernels.matmulT(x, batch, w, M, N, y);
        } else {
            for (int b = 0; b < batch; b++) op.apply(x, b * N, y, b * M, work);
        }
        bh.consume(y);
    }

    static void oneAcc(float[] w, int m, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            float s = 0f;
            for (int j = 0; j < n; j++) s += w[i * n + j] * x[xOff + j];
            y[yOff + i] = s;
        }
    }
}
