package org.tinyfit.model.io.cexport;

import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.cost.SramBreakdown;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * The static buffers of the generated C, and how each compares with the peak-SRAM
 * estimate of docs/COST_MODEL.md ({@link SramBreakdown}).
 *
 * <p>The C keeps four kinds of static storage:
 * <ul>
 * <li>{@code tinyfit_input}: T*I floats;</li>
 * <li>per RNN layer h (H floats) and, for an LSTM, c (H floats);</li>
 * <li>one scratch arena of floats shared by all layers (layers run one at a time; the RNN
 *     layers run interleaved, step by step, so only their h and c persist). Each layer
 *     carves it, from offset 0: the kernel input ([x_t; h] as floats for a float kernel,
 *     or its int8 codes for an int8 kernel, rounded up to whole words), the gate
 *     accumulators (G*H floats) or, for a dense layer, its output, the technique's
 *     intermediate, and the GRU's extra buffer;</li>
 * <li>{@code tinyfit_logits}: classes floats.</li>
 * </ul>
 *
 * <p>With float32 activations and no GRU layer these equal the estimate item by item.
 * The differences ({@link #extras()}) are the places where the estimate does not count
 * what TinyFit's Java inference (which the C reproduces bit for bit) needs:
 * <ul>
 * <li>with int8 activations the values between cells stay float32 (the Java kernels
 *     quantize their input on every call): the input tensor, h, and a dense layer's
 *     output take 4 bytes per value, not 1; a kernel that still runs in float (16/32-bit
 *     weights, or a matrix left dense) needs its input as floats;</li>
 * <li>int8 codes of a kernel input are padded to a multiple of 4 bytes (word alignment);</li>
 * <li>a GRU with linear_before_reset keeps U h apart from W x (3H floats); a GRU without it,
 *     whose kernel is compressed, keeps z (H floats) while the kernel runs on [x; r*h]
 *     (docs/COST_MODEL.md leaves both out).</li>
 * </ul>
 */
public final class CMemory {
    /** One layer's carving of the arena, in floats (words) from offset 0. */
    public record Slice(String layer, boolean int8Kernel, int inWords, int outOff, int outWords,
                        int workOff, int workWords, int extraOff, int extraWords, long countedBytes) {
        public int endWords() { return extraOff + extraWords; }
    }

    /** One way the generated buffers differ from the estimate: bytes beyond (or below) it and why. */
    public record Extra(String what, long bytes) { }

    private final List<Slice> slices = new ArrayList<>();
    private final List<Extra> extras = new ArrayList<>();
    private final int inputFloats;
    private final int stateFloats;
    private final int arenaWords;
    private final int logitsFloats;
    private final SramBreakdown estimate;

    CMemory(Network net, boolean int8Act, SramBreakdown estimate) {
        this.estimate = estimate;
        long a = int8Act ? 1 : 4;
        inputFloats = net.steps() * net.features();
        int st = 0;
        int arena = 0;
        long hExtra = 0;
        for (Layer l : net.layers()) {
            LinearOp op = l.kernel();
            boolean q = runsInt8(op);
            int inter = op.workSize();
            if (l instanceof RnnLayer r) {
                int n = r.inputSize() + r.hidden();
                int g = r.cell().gates() * r.hidden();
                st += r.hidden() * (r.cell() == CellType.LSTM ? 2 : 1);
                hExtra += (4 - a) * r.hidden();
                int inW = q ? words(n) : n;
                int extra = gruExtra(r);
                long counted = n * a + 4L * g + 4L * inter;
                slices.add(new Slice(r.name(), q, inW, inW, g, inW + g, inter, inW + g + inter, extra, counted));
                long xBytes = 4L * inW - n * a;
                if (xBytes != 0) extras.add(new Extra(r.name() + ": kernel input " + (q ? "int8 codes padded to whole words" : "[x_t; h] kept as float32") , xBytes));
                if (extra > 0) extras.add(new Extra(r.name() + ": GRU " + (r.linearBeforeReset() ? "U h kept apart from W x (linear_before_reset), 3H floats" : "z kept while the kernel runs on [x; r*h], H floats"), 4L * extra));
                arena = Math.max(arena, inW + g + inter + extra);
            } else {
                DenseLayer d = (DenseLayer) l;
                int in = d.inputSize(), out = d.outputSize();
                int inW = q ? words(in) : in;
                long counted = in * a + out * a + 4L * inter;
                slices.add(new Slice(d.name(), q, inW, inW, out, inW + out, inter, inW + out + inter, 0, counted));
                long diff = 4L * inW + 4L * out - (in + out) * a;
                if (diff != 0) extras.add(new Extra(d.name() + ": " + (q ? "int8 input codes padded to whole words; output kept as float32" : "input and output kept as float32"), diff));
                arena = Math.max(arena, inW + out + inter);
            }
        }
        stateFloats = st;
        arenaWords = arena;
        logitsFloats = net.classes();
        if (int8Act) {
            extras.add(0, new Extra("input tensor kept as float32 (T*I*3 bytes beyond T*I*1)", 4L * inputFloats - estimate.inputBytes()));
            if (hExtra > 0) extras.add(1, new Extra("hidden state h kept as float32 (3 bytes per unit beyond 1)", hExtra));
        }
    }

    static boolean runsInt8(LinearOp op) {
        return op instanceof CompressedOp c && c.runsInt8();
    }

    /** Extra floats of a GRU step (0 for other cells). */
    static int gruExtra(RnnLayer r) {
        if (r.cell() != CellType.GRU) return 0;
        if (r.linearBeforeReset()) return 3 * r.hidden();
        return r.kernel() instanceof CompressedOp ? r.hidden() : 0;
    }

    static int words(int bytes) { return (bytes + 3) / 4; }

    public List<Slice> slices() { return slices; }
    public Slice slice(String layer) {
        for (Slice s : slices) if (s.layer().equals(layer)) return s;
        throw new IllegalArgumentException(layer);
    }
    public int inputFloats() { return inputFloats; }
    public int stateFloats() { return stateFloats; }
    public int arenaWords() { return arenaWords; }
    public int logitsFloats() { return logitsFloats; }

    public long inputBytes() { return 4L * inputFloats; }
    public long stateBytes() { return 4L * stateFloats; }
    public long scratchBytes() { return 4L * arenaWords; }
    public long logitsBytes() { return 4L * logitsFloats; }
    /** Bytes of all static buffers of the generated C. */
    public long totalBytes() { return inputBytes() + stateBytes() + scratchBytes() + logitsBytes(); }

    /** The estimate this layout is compared with. */
    public SramBreakdown estimate() { return estimate; }

    /**
     * Where the buffers differ from the estimate, item by item. The scratch difference is
     * given as the arena's excess over the estimated largest scratch (the listed per-layer
     * reasons explain it; they need not add up, since only the largest layer counts).
     */
    public List<Extra> extras() { return extras; }

    /** totalBytes() - estimate.total(). */
    public long excessBytes() { return totalBytes() - estimate.total(); }
}
