package org.tinyfit.model.compress;

/**
 * Per-thread scratch of the int8 kernels (byte and int buffers, which the float
 * {@code work} array of {@link org.tinyfit.model.net.LinearOp} cannot hold). Grows on
 * demand and is then reused, so steady-state inference does not allocate.
 */
final class I8Work {
    private static final ThreadLocal<I8Work> LOCAL = ThreadLocal.withInitial(I8Work::new);

    byte[] xq = new byte[0];
    byte[] q = new byte[0];
    int[] acc = new int[0];
    float[] f = new float[0];

    static I8Work get(int xLen, int qLen, int accLen, int fLen) {
        I8Work w = LOCAL.get();
        if (w.xq.length < xLen) w.xq = new byte[xLen];
        if (w.q.length < qLen) w.q = new byte[qLen];
        if (w.acc.length < accLen) w.acc = new int[accLen];
        if (w.f.length < fLen) w.f = new float[fLen];
        return w;
    }
}
