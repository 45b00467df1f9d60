package org.tinyfit.model.io.onnx;

import java.util.Arrays;
import org.tinyfit.model.io.MemoryBudget;

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
    /**
     * Most bytes an import may hold: the file, its parsed form and every constant it reads or
     * folds, all alive until the import ends (1 GB, and at most what {@link MemoryBudget} affords).
     */
    static final long MAX_HELD_BYTES = 1L << 30;
    /** Largest rank of a tensor. */
    static final int MAX_RANK = 8;

    /** The budget of the import running on this thread (set by {@link GraphInterpreter#run}). */
    private static final ThreadLocal<MemoryBudget> BUDGET = new ThreadLocal<>();

    private Limits() { }

    static MemoryBudget budget() { return BUDGET.get(); }

    static void budget(MemoryBudget b) {
        if (b == null) BUDGET.remove();
        else BUDGET.set(b);
    }

    /**
     * Reserves {@code bytes} that the import keeps alive (a constant, a weight copy) from this
     * thread's budget, before they are allocated.
     */
    static void reserve(long bytes, String what) {
        MemoryBudget b = BUDGET.get();
        if (b == null) return;
        try {
            b.reserve(bytes, what);
        } catch (MemoryBudget.Exceeded e) {
            throw new OnnxImportError(e.getMessage(), true);
        }
    }

    /** {@link #elements} of a new tensor, reserved from the budget (4 bytes per float, 8 per integer). */
    static int allocate(long[] dims, boolean isFloat, String what) {
        long n = elements(dims, what);
        reserve(n * (isFloat ? 4L : 8L), what + " (" + n + (isFloat ? " float32" : " int64") + " values)");
        return (int) n;
    }

    /** The constant, when its values are finite; else the message names {@code tensor} (a weight). */
    static Const finite(Const c, String tensor) {
        if (c.f != null) {
            for (int i = 0; i < c.f.length; i++) {
                if (!Float.isFinite(c.f[i])) throw new OnnxImportError(org.tinyfit.model.io.FiniteWeights.problem(tensor, c.f[i], i, c.f.length));
            }
        }
        return c;
    }

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
