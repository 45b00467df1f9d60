package org.tinyfit.model.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A labelled set of sequences: n samples of steps x features inputs and one
 * class label each. Inputs are held as stored (uint8 or float32) and mapped to
 * network input by {@code scale} (input = stored * scale).
 *
 * @param name       data set name (file name without extension)
 * @param n          number of samples
 * @param steps      T
 * @param features   I
 * @param xU8        stored inputs as unsigned bytes (n*T*I), or null
 * @param xF32       stored inputs as floats (n*T*I), or null; exactly one of xU8, xF32 is set
 * @param y          labels in [0, classes)
 * @param scale      factor from stored value to network input
 * @param classNames class names (may be empty)
 * @param metadata   string metadata (source, licence, ...)
 */
public record Dataset(String name, int n, int steps, int features, byte[] xU8, float[] xF32, int[] y,
                      float scale, List<String> classNames, Map<String, String> metadata) {

    public Dataset {
        if (n < 0 || steps <= 0 || features <= 0) throw new IllegalArgumentException("data set '" + name + "' has an invalid shape [" + n + ", " + steps + ", " + features + "]");
        long per = (long) steps * features;
        if ((xU8 == null) == (xF32 == null)) throw new IllegalArgumentException("data set '" + name + "' needs exactly one of uint8 or float32 inputs");
        long len = xU8 != null ? xU8.length : xF32.length;
        if (len != n * per) throw new IllegalArgumentException("data set '" + name + "' has " + len + " input values, shape needs " + n * per);
        if (y.length != n) throw new IllegalArgumentException("data set '" + name + "' has " + y.length + " labels for " + n + " samples");
        for (int v : y) if (v < 0) throw new IllegalArgumentException("data set '" + name + "' has a negative label " + v);
        if (!(scale > 0f) || Float.isInfinite(scale)) throw new IllegalArgumentException("data set '" + name + "' has an invalid scale " + scale);
        classNames = List.copyOf(classNames == null ? List.of() : classNames);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    public int sampleSize() { return steps * features; }

    /** Number of classes: the class names if given, else max label + 1. */
    public int classes() {
        int max = -1;
        for (int v : y) max = Math.max(max, v);
        return Math.max(classNames.size(), max + 1);
    }

    /** Writes the network input of sample i (steps*features floats) to dst[off ..). */
    public void copyInput(int i, float[] dst, int off) {
        int per = sampleSize();
        int base = i * per;
        if (xU8 != null) {
            for (int k = 0; k < per; k++) dst[off + k] = (xU8[base + k] & 0xff) * scale;
        } else if (scale == 1f) {
            System.arraycopy(xF32, base, dst, off, per);
        } else {
            for (int k = 0; k < per; k++) dst[off + k] = xF32[base + k] * scale;
        }
    }

    /** Network inputs of the given samples, packed. */
    public float[] inputs(int[] idx, int from, int to) {
        int per = sampleSize();
        float[] out = new float[(to - from) * per];
        for (int k = from; k < to; k++) copyInput(idx[k], out, (k - from) * per);
        return out;
    }

    /** The first {@code limit} samples (or all). */
    public Dataset head(int limit) {
        if (limit >= n) return this;
        int per = sampleSize();
        return new Dataset(name, limit, steps, features,
                xU8 == null ? null : java.util.Arrays.copyOf(xU8, limit * per),
                xF32 == null ? null : java.util.Arrays.copyOf(xF32, limit * per),
                java.util.Arrays.copyOf(y, limit), scale, classNames, metadata);
    }
}
