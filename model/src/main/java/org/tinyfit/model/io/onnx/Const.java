package org.tinyfit.model.io.onnx;

import java.util.Arrays;

/**
 * A tensor whose values the importer knows: an initializer, a Constant node, or
 * the result of folding operations on such tensors. Float tensors keep
 * {@code float[]}; integer and bool tensors keep {@code long[]}, where a shape
 * computed from the model input may hold {@link #UNKNOWN} entries (a symbolic
 * batch size, say). Row-major.
 */
final class Const implements Value {
    /** An integer entry that depends on the input (a symbolic dimension). */
    static final long UNKNOWN = Long.MIN_VALUE;

    final long[] dims;
    final float[] f;
    final long[] l;

    private Const(long[] dims, float[] f, long[] l) {
        this.dims = dims;
        this.f = f;
        this.l = l;
        long n = Limits.elements(dims, "tensor");
        int len = f != null ? f.length : l.length;
        if (n != len) throw new IllegalStateException("tensor of shape " + Arrays.toString(dims) + " holds " + len + " values");
    }

    static Const floats(long[] dims, float[] f) { return new Const(dims, f, null); }

    static Const longs(long[] dims, long[] l) { return new Const(dims, null, l); }

    static Const scalar(long v) { return longs(new long[0], new long[] {v}); }

    static Const vector(long... v) { return longs(new long[] {v.length}, v); }

    boolean isFloat() { return f != null; }

    int rank() { return dims.length; }

    int size() { return f != null ? f.length : l.length; }

    /** True when no entry is {@link #UNKNOWN}. */
    boolean known() {
        if (l == null) return true;
        for (long v : l) if (v == UNKNOWN) return false;
        return true;
    }

    boolean allZero() {
        if (f != null) {
            for (float v : f) if (v != 0f) return false;
        } else {
            for (long v : l) if (v != 0) return false;
        }
        return true;
    }

    /** Integer values, refusing float data and unknown entries. */
    long[] ints(String what) {
        if (l == null) throw new OnnxImportError(what + " must be an integer tensor");
        if (!known()) throw new OnnxImportError(what + " depends on the input's symbolic dimensions; TinyFit needs it to be a constant");
        return l;
    }

    /** One integer (a scalar or a one-element tensor). */
    long one(String what) {
        long[] v = ints(what);
        if (v.length != 1) throw new OnnxImportError(what + " must hold one value, got " + v.length);
        return v[0];
    }

    /** The values as floats (integers converted). */
    float[] floats(String what) {
        if (f != null) return f;
        if (!known()) throw new OnnxImportError(what + " depends on the input's symbolic dimensions");
        float[] out = new float[l.length];
        for (int i = 0; i < l.length; i++) out[i] = l[i];
        return out;
    }

    double get(int i) { return f != null ? f[i] : l[i]; }

    @Override public String toString() {
        return (f != null ? "float" : "int") + Arrays.toString(dims);
    }
}
