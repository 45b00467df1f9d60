package org.tinyfit.model.io.onnx;

import java.util.Arrays;

/** Size limits of the ONNX importer: checked before anything is allocated. */
final class Limits {
    /** Largest ONNX file read (bytes). */
    static final long MAX_FILE_BYTES = 1L << 30;
    /** Largest tensor (elements): 512 MB of float32. */
    static final long MAX_ELEMENTS = (512L << 20) / 4;
    /** Most nodes in a graph. */
    static final int MAX_NODES = 100_000;
    /** Most initializers in a graph. */
    static final int MAX_INITIALIZERS = 100_000;
    /** Most elements of all tensors computed by constant folding together (1 GB of float32). */
    static final long MAX_FOLDED = (1L << 30) / 4;
    /** Largest rank of a tensor. */
    static final int MAX_RANK = 8;

    private Limits() { }

    /** The number of elements of a shape, refusing negative dims, overflow and more than {@link #MAX_ELEMENTS}. */
    static long elements(long[] dims, String what) {
        if (dims.length > MAX_RANK) throw new OnnxImportError(what + " has rank " + dims.length + ", more than " + MAX_RANK);
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new OnnxImportError(what + " has a negative dimension in " + Arrays.toString(dims));
            if (d != 0 && n > MAX_ELEMENTS / d) {
                throw new OnnxImportError(what + " of shape " + Arrays.toString(dims) + " is larger than the limit of " + MAX_ELEMENTS + " elements (512 MB)");
            }
            n *= d;
        }
        if (n > MAX_ELEMENTS) throw new OnnxImportError(what + " of shape " + Arrays.toString(dims) + " is larger than the limit of " + MAX_ELEMENTS + " elements (512 MB)");
        return n;
    }
}
