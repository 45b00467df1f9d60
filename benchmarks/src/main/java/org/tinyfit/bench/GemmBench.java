package org.tinyfit.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
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
import org.tinyfit.model.kernels.DenseKernels;
import org.tinyfit.model.kernels.Sgemm;

/**
 * The means of the batched engine, single-threaded: C (m x n) = W (m x k) X (k x n) with our
 * register-blocked Vector API kernel ({@code own}), its scalar fallback ({@code ownScalar}, the
 * same code without the module), dev.ludovic.netlib's VectorBLAS (with the module) and Java11BLAS (without) sgemm, and the
 * old per-sample path ({@code matvecPerSample}: n mat-vecs). Shapes: the mnist-lstm gate matrix
 * 512 x 156 times 2,000 samples, and one recurrent step 512 x 128 times a block of 64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    @Param({"512x156x2000", "512x128x64"})
    public String shape;

    int m, k, n;
    float[] w, x, c, xt, y;
    BLAS vector;

    @Setup public void setup() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        n = Integer.parseInt(p[2]);
        Random r = new Random(1);
        w = new float[m * k];
        x = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        c = new float[m * n];
        xt = new float[n * k];
        Sgemm.transpose(k, n, x, 0, n, xt, 0, k);
        y = new float[m];
        // the best pure-Java instance: VectorBLAS with the module, Java11BLAS without it
        vector = JavaBLAS.getInstance();
        System.out.println("netlib: " + vector.getClass().getSimpleName());
    }

    @Benchmark public float[] own() {
        Sgemm.sgemm(m, n, k, w, 0, k, x, 0, n, c, 0, n, false);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector", "-Dtinyfit.simd=false"})
    public float[] ownScalar() {
        Sgemm.sgemm(m, n, k, w, 0, k, x, 0, n, c, 0, n, false);
        return c;
    }

    /** Row-major C = W X is column-major C^T = X^T W^T: sgemm("N", "N", n, m, k) on (X, W). */
    @Benchmark public float[] netlibVector() {
        vector.sgemm("N", "N", n, m, k, 1f, x, 0, n, w, 0, k, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
    public float[] netlibJava() {
        vector.sgemm("N", "N", n, m, k, 1f, x, 0, n, w, 0, k, 0f, c, 0, n);
        return c;
    }

    @Benchmark public float[] matvecPerSample() {
        for (int s = 0; s < n; s++) DenseKernels.matvec(w, m, k, xt, s * k, y, 0);
        return y;
    }
}
