package org.tinyfit.model.io.cexport;

import org.tinyfit.model.plan.Kron;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Csr;
import org.tinyfit.model.compress.DkpOp;
import org.tinyfit.model.compress.HkpOp;
import org.tinyfit.model.compress.KpOp;
import org.tinyfit.model.compress.LmfOp;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.compress.PrunedOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.compress.QuantDenseOp;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.Nonlinear;
import org.tinyfit.model.net.RnnLayer;

/**
 * Writes {@code tinyfit_model.c}: the weights as const arrays (float32, or codes with a
 * per-tensor scale: int16, int8, or 2..7 bits packed), one function per weight matrix
 * that runs its technique's kernel without forming the matrix, one step function per
 * RNN layer, one forward function per dense layer, and {@code tinyfit_predict}.
 */
final class CSource {
    private final Network net;
    private final CMemory mem;
    private final CRuntime rt = new CRuntime();
    private final Set<String> names = CText.newNames();
    private final Map<Layer, String> ids = new LinkedHashMap<>();
    private final StringBuilder weights = new StringBuilder();
    private final StringBuilder ops = new StringBuilder();
    private final StringBuilder layers = new StringBuilder();

    CSource(Network net, CMemory mem) {
        this.net = net;
        this.mem = mem;
        for (Layer l : net.layers()) ids.put(l, CText.ident(l.name(), names));
        // a layer's C names are its id + "_..." suffixes: when one id + "_" begins another
        // (layers "a" and "a_kernel"), number every id so that no two names can meet
        boolean clash = false;
        for (String a : ids.values())
            for (String b : ids.values()) clash |= !a.equals(b) && b.startsWith(a + "_");
        if (clash) {
            int k = 0;
            for (var e : ids.entrySet()) e.setValue(e.getValue() + "_l" + k++);
        }
    }

    String generate(String preamble) {
        List<String> rnnIds = new ArrayList<>();
        RnnLayer lastRnn = null;
        for (Layer l : net.layers()) {
            if (l instanceof RnnLayer r) {
                rnnLayer(r);
                rnnIds.add(ids.get(r));
                lastRnn = r;
            } else {
                denseLayer((DenseLayer) l);
            }
        }
        StringBuilder sb = new StringBuilder(preamble);
        sb.append("#include \"tinyfit_model.h\"\n\n#include <math.h>\n#include <string.h>\n\n");
        sb.append("""
                #ifdef TINYFIT_PROFILE
                /* Profiling builds only: called when weight matrix k (the k-th layer's kernel) starts
                   (begin = 1) and ends (begin = 0); the on-target runner counts instructions between them. */
                void tinyfit_profile(int k, int begin);
                #define TF_PROFILE(k, begin) tinyfit_profile((k), (begin))
                #else
                #define TF_PROFILE(k, begin) ((void)0)
                #endif

                """);
        sb.append("""
                /* A stored weight tensor: float32 values (bits 32), or codes with value = scale * code. */
                typedef struct {
                    const void *data;  /* float, int16_t, int8_t, or packed bytes (2..7 bits); 0 when empty */
                    float scale;       /* per-tensor scale (1 for float32) */
                    int bits;          /* 2..8, 16 or 32 */
                } tf_tensor;

                """);
        if (rt.usesSparse() || weights.indexOf("tf_sparse ") >= 0) {
            sb.append("""
                    /* A sparse index: CSR (row_ptr, col) or, when bitmap is not 0, a bitmap of m*n bits. */
                    typedef struct {
                        const void *row_ptr;
                        const void *col;
                        const uint8_t *bitmap;
                        int ptr_bytes;
                        int col_bytes;
                    } tf_sparse;

                    """);
        }
        sb.append("/* ---- static buffers (see tinyfit_model.h for the SRAM budget) ---- */\n\n");
        sb.append("float tinyfit_input[TINYFIT_INPUT_LEN];\n");
        sb.append("float tinyfit_logits[TINYFIT_CLASSES];\n");
        sb.append(CText.comment("scratch shared by all layers (one layer runs at a time); each layer's carving is noted at its function")).append('\n');
        sb.append("static float tf_arena[TINYFIT_ARENA_WORDS];\n");
        for (Layer l : net.layers()) {
            if (l instanceof RnnLayer r) {
                String id = ids.get(r);
                sb.append("static float ").append(id).append("_h[").append(r.hidden()).append("];  /* ")
                        .append(r.name()).append(": hidden state h */\n");
                if (r.cell() == CellType.LSTM) {
                    sb.append("static float ").append(id).append("_c[").append(r.hidden()).append("];  /* ")
                            .append(r.name()).append(": cell state c */\n");
                }
            }
        }
        sb.append("\n/* ---- weights ---- */\n\n").append(weights);
        sb.append("/* ---- kernels (mirrors of TinyFit's Java kernels) ---- */\n\n").append(rt.emit());
        sb.append("/* ---- weight matrices ---- */\n\n").append(ops);
        sb.append("/* ---- layers ---- */\n\n").append(layers);
        // predict
        sb.append("int tinyfit_predict(const float *input, float *logits)\n{\n");
        sb.append("    const float *v = input;\n    int32_t k;\n    int best = 0;\n");
        if (!rnnIds.isEmpty()) sb.append("    int32_t s;\n");
        for (String id : rnnIds) {
            sb.append("    memset(").append(id).append("_h, 0, sizeof ").append(id).append("_h);\n");
            RnnLayer r = (RnnLayer) layerOf(id);
            if (r.cell() == CellType.LSTM) sb.append("    memset(").append(id).append("_c, 0, sizeof ").append(id).append("_c);\n");
        }
        if (!rnnIds.isEmpty()) {
            sb.append("    /* the RNN layers run interleaved, one time step at a time: only their h (and c) persist */\n");
            sb.append("    for (s = 0; s < TINYFIT_STEPS; s++) {\n");
            String src = "input + s * TINYFIT_FEATURES";
            for (String id : rnnIds) {
                sb.append("        ").append(id).append("_step(").append(src).append(");\n");
                src = id + "_h";
            }
            sb.append("    }\n");
            sb.append("    v = ").append(ids.get(lastRnn)).append("_h;\n");
        }
        for (Layer l : net.layers()) {
            if (l instanceof DenseLayer d) sb.append("    v = ").append(ids.get(d)).append("_forward(v);\n");
        }
        sb.append("    memcpy(logits, v, TINYFIT_CLASSES * sizeof(float));\n");
        sb.append("    for (k = 1; k < TINYFIT_CLASSES; k++)\n        if (logits[k] > logits[best]) best = (int)k;\n");
        sb.append("    return best;\n}\n");
        return sb.toString();
    }

    private Layer layerOf(String id) {
        for (var e : ids.entrySet()) if (e.getValue().equals(id)) return e.getKey();
        throw new IllegalStateException(id);
    }

    // ------------------------------------------------------------------ weights

    /** Emits a tensor (data array + descriptor) named {@code name}; returns the descriptor's name. */
    private String tensor(String name, QTensor t, String what) {
        int n = t.size();
        int b = t.bits();
        String type;
        String[] items;
        long bytes;
        if (b == 32) {
            type = "float";
            items = CText.floats(t.values());
            bytes = 4L * n;
        } else if (b == 16) {
            type = "int16_t";
            items = CText.ints(t.codes());
            bytes = 2L * n;
        } else if (b == 8) {
            type = "int8_t";
            items = CText.ints(t.codes());
            bytes = n;
        } else {
            type = "uint8_t";
            byte[] packed = pack(t.codes(), b);
            int[] u = new int[packed.length];
            for (int i = 0; i < u.length; i++) u[i] = packed[i] & 0xff;
            items = CText.ints(u);
            bytes = packed.length;
        }
        String fmt = b == 32 ? "float32" : "int" + b + (b < 8 ? " packed" : "") + ", scale " + t.scale();
        weights.append(CText.comment(what + ": " + t.rows() + " x " + t.cols() + ", " + fmt + ", " + bytes + " bytes"
                + (b < 32 ? " + 4-byte scale" : ""))).append('\n');
        String data = "0";
        if (n > 0) {
            data = name + "_data";
            weights.append("static const ").append(type).append(' ').append(data).append('[').append(items.length).append("] = ")
                    .append(CText.array(items)).append(";\n");
        }
        weights.append("static const tf_tensor ").append(name).append(" = { ").append(data).append(", ")
                .append(CText.f(b == 32 ? 1f : t.scale())).append(", ").append(b).append(" };\n\n");
        return name;
    }

    /** Packs b-bit two's complement codes LSB first into ceil(n*b/8) bytes. */
    static byte[] pack(int[] codes, int b) {
        byte[] out = new byte[(int) (((long) codes.length * b + 7) / 8)];
        int mask = (1 << b) - 1;
        long bit = 0;
        for (int c : codes) {
            int v = c & mask;
            for (int k = 0; k < b; k++, bit++) {
                if (((v >> k) & 1) != 0) out[(int) (bit >> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        return out;
    }

    /** Emits a sparse index (CSR or bitmap, the smaller as in CostModel); returns the descriptor's name. */
    private String sparse(String name, Csr idx, String what) {
        int m = idx.rows(), n = idx.cols(), nnz = idx.nnz();
        long csr = CostModel.csrBytes(m, n, nnz), bitmap = CostModel.bitmapBytes(m, n);
        if (csr <= bitmap) {
            int colBytes = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
            int ptrBytes = nnz < 65536 ? 2 : 4;
            weights.append(CText.comment(what + ": CSR index, " + nnz + " non-zeros, " + csr + " bytes")).append('\n');
            weights.append("static const ").append(utype(ptrBytes)).append(' ').append(name).append("_row_ptr[").append(m + 1)
                    .append("] = ").append(CText.array(CText.ints(idx.rowPtr()))).append(";\n");
            weights.append("static const ").append(utype(colBytes)).append(' ').append(name).append("_col[").append(nnz)
                    .append("] = ").append(CText.array(CText.ints(idx.col()))).append(";\n");
            weights.append("static const tf_sparse ").append(name).append(" = { ").append(name).append("_row_ptr, ")
                    .append(name).append("_col, 0, ").append(ptrBytes).append(", ").append(colBytes).append(" };\n\n");
        } else {
            byte[] bits = new byte[(int) bitmap];
            int[] rp = idx.rowPtr(), col = idx.col();
            for (int i = 0; i < m; i++)
                for (int k = rp[i]; k < rp[i + 1]; k++) {
                    long p = (long) i * n + col[k];
                    bits[(int) (p >> 3)] |= (byte) (1 << (p & 7));
                }
            int[] u = new int[bits.length];
            for (int i = 0; i < u.length; i++) u[i] = bits[i] & 0xff;
            weights.append(CText.comment(what + ": bitmap index, " + nnz + " non-zeros, " + bitmap + " bytes")).append('\n');
            weights.append("static const uint8_t ").append(name).append("_bitmap[").append(u.length).append("] = ")
                    .append(CText.array(CText.ints(u))).append(";\n");
            weights.append("static const tf_sparse ").append(name).append(" = { 0, 0, ").append(name).append("_bitmap, 0, 0 };\n\n");
        }
        return name;
    }

    private static String utype(int bytes) {
        return bytes == 1 ? "uint8_t" : bytes == 2 ? "uint16_t" : "uint32_t";
    }

    private String floatArray(String name, float[] v, String what) {
        weights.append(CText.comment(what + ": " + v.length + " float32")).append('\n');
        weights.append("static const float ").append(name).append('[').append(v.length).append("] = ")
                .append(CText.array(CText.floats(v))).append(";\n\n");
        return name;
    }

    // ------------------------------------------------------------------ matrices

    /** Description of a matrix for comments. */
    static String describe(LinearOp op) {
        String shape = op.rows() + " x " + op.cols();
        if (op instanceof DenseOp) return shape + ", dense float32 (as stored)";
        CompressedOp c = (CompressedOp) op;
        String bits = c.bits() == 32 ? "float32" : "int" + c.bits();
        String s = shape + ", " + PlanText.format(c.spec()) + " at " + bits;
        if (op instanceof KpOp k) s += ", order " + (k.cxFirst() ? Kron.CX_FIRST : Kron.XB_FIRST) + ", intermediate " + k.workSize() + " floats";
        if (op instanceof HkpOp h) s += ", KP order " + (h.kp().cxFirst() ? Kron.CX_FIRST : Kron.XB_FIRST) + ", intermediate " + h.workSize() + " floats";
        if (op instanceof DkpOp d) s += ", " + d.index().nnz() + " overlay non-zeros, KP order " + (d.kp().cxFirst() ? Kron.CX_FIRST : Kron.XB_FIRST);
        if (op instanceof PrunedOp p) s += ", " + p.index().nnz() + " non-zeros";
        s += c.runsInt8() ? ", int8 kernels" : ", float kernels";
        return s;
    }

    /**
     * Emits the function of a layer's kernel: {@code NAME_f(x, y, t)} (float input) or
     * {@code NAME_q(xq, sx, y, t)} (int8 codes of the input with their scale); returns its name.
     */
    private String matrixFunction(Layer l) {
        String id = ids.get(l) + "_kernel";
        LinearOp op = l.kernel();
        boolean q = CMemory.runsInt8(op);
        String fn = id + (q ? "_q" : "_f");
        String in = q ? "xq" : "x";
        StringBuilder body = new StringBuilder();
        boolean usesT = false;
        if (op instanceof DenseOp d) {
            String w = tensor(id + "_w", QTensor.of("w", d.data(), d.rows(), d.cols()), l.kernelName() + " W");
            body.append("    ").append(rt.use("matvec_f")).append("(&").append(w).append(", ").append(d.cols()).append(", 0, ")
                    .append(d.rows()).append(", 0, ").append(d.cols()).append(", x, y);\n");
        } else if (op instanceof QuantDenseOp d) {
            String w = tensor(id + "_w", d.w(), l.kernelName() + " W");
            if (q) body.append("    ").append(rt.use("matvec_q")).append("(&").append(w).append(", ").append(d.rows()).append(", ")
                    .append(d.cols()).append(", xq, ").append(w).append(".scale * sx, y);\n");
            else body.append("    ").append(rt.use("matvec_f")).append("(&").append(w).append(", ").append(d.cols()).append(", 0, ")
                    .append(d.rows()).append(", 0, ").append(d.cols()).append(", x, y);\n");
        } else if (op instanceof KpOp k) {
            kp(body, id, k, l.kernelName(), q, "y");
            usesT = true;
        } else if (op instanceof HkpOp h) {
            int r = h.r();
            if (r > 0) {
                String a = tensor(id + "_a", h.a(), l.kernelName() + " HKP dense rows A");
                if (q) body.append("    ").append(rt.use("matvec_q")).append("(&").append(a).append(", ").append(r).append(", ")
                        .append(h.cols()).append(", xq, ").append(a).append(".scale * sx, y);\n");
                else body.append("    ").append(rt.use("matvec_f")).append("(&").append(a).append(", ").append(h.cols()).append(", 0, ")
                        .append(r).append(", 0, ").append(h.cols()).append(", x, y);\n");
            }
            kp(body, id, h.kp(), l.kernelName() + " (rows " + r + ".." + (h.rows() - 1) + ")", q, r > 0 ? "y + " + r : "y");
            usesT = true;
        } else if (op instanceof DkpOp d) {
            kp(body, id, d.kp(), l.kernelName(), q, "y");
            usesT = true;
            if (d.index().nnz() > 0) {
                String s = tensor(id + "_s", d.overlay(), l.kernelName() + " DKP overlay S values");
                String ix = sparse(id + "_s_index", d.index(), l.kernelName() + " DKP overlay S");
                if (q) body.append("    ").append(rt.use("sparse_q")).append("(&").append(ix).append(", ").append(d.rows()).append(", ")
                        .append(d.cols()).append(", &").append(s).append(", xq, ").append(s).append(".scale * sx, y, 1);\n");
                else body.append("    ").append(rt.use("sparse_f")).append("(&").append(ix).append(", ").append(d.rows()).append(", ")
                        .append(d.cols()).append(", &").append(s).append(", x, y, 1);\n");
            }
        } else if (op instanceof LmfOp f) {
            int r = f.rank();
            String u = tensor(id + "_u", f.u(), l.kernelName() + " LMF U");
            String v = tensor(id + "_v", f.v(), l.kernelName() + " LMF V");
            usesT = true;
            if (q) {
                body.append("    float st;\n");
                body.append("    ").append(rt.use("matvec_q")).append("(&").append(v).append(", ").append(r).append(", ").append(f.cols())
                        .append(", xq, ").append(v).append(".scale * sx, t);      /* t = V x (r values) */\n");
                body.append("    st = ").append(rt.use("requant")).append("(t, ").append(r).append(");  /* re-quantized in place */\n");
                body.append("    ").append(rt.use("matvec_q")).append("(&").append(u).append(", ").append(f.rows()).append(", ").append(r)
                        .append(", (const signed char *)t, ").append(u).append(".scale * st, y);  /* y = U t */\n");
            } else {
                body.append("    ").append(rt.use("matvec_f")).append("(&").append(v).append(", ").append(f.cols()).append(", 0, ").append(r)
                        .append(", 0, ").append(f.cols()).append(", x, t);  /* t = V x (r values) */\n");
                body.append("    ").append(rt.use("matvec_f")).append("(&").append(u).append(", ").append(r).append(", 0, ").append(f.rows())
                        .append(", 0, ").append(r).append(", t, y);  /* y = U t */\n");
            }
        } else if (op instanceof PrunedOp p) {
            if (p.index().nnz() == 0) {
                body.append("    memset(y, 0, ").append(p.rows()).append(" * sizeof(float));  /* every weight pruned */\n");
                body.append("    (void)").append(in).append(";\n");
                if (q) body.append("    (void)sx;\n");
            } else {
                String v = tensor(id + "_values", p.values(), l.kernelName() + " pruned values");
                String ix = sparse(id + "_index", p.index(), l.kernelName());
                if (q) body.append("    ").append(rt.use("sparse_q")).append("(&").append(ix).append(", ").append(p.rows()).append(", ")
                        .append(p.cols()).append(", &").append(v).append(", xq, ").append(v).append(".scale * sx, y, 0);\n");
                else body.append("    ").append(rt.use("sparse_f")).append("(&").append(ix).append(", ").append(p.rows()).append(", ")
                        .append(p.cols()).append(", &").append(v).append(", x, y, 0);\n");
            }
        } else {
            throw new IllegalArgumentException("matrix '" + l.kernelName() + "': cannot export " + op.getClass().getSimpleName());
        }
        ops.append(CText.comment(l.kernelName() + ": " + describe(op))).append('\n');
        ops.append("static void ").append(fn).append(q ? "(const signed char *xq, float sx, float *y, float *t)\n{\n"
                : "(const float *x, float *y, float *t)\n{\n");
        // profiling hooks around the kernel (empty unless built with -DTINYFIT_PROFILE), after its declarations
        int matrix = net.layers().indexOf(l);
        String decl = body.indexOf("    float st;\n") == 0 ? "    float st;\n" : "";
        ops.append(decl).append("    TF_PROFILE(").append(matrix).append(", 1);\n").append(body.substring(decl.length()));
        if (!usesT) ops.append("    (void)t;\n");
        ops.append("    TF_PROFILE(").append(matrix).append(", 0);\n");
        ops.append("}\n\n");
        return fn;
    }

    private void kp(StringBuilder body, String id, KpOp k, String what, boolean q, String y) {
        String b = tensor(id + "_b", k.b(), what + " KP factor B");
        String c = tensor(id + "_c", k.c(), what + " KP factor C");
        String args = "(&" + b + ", " + k.m1() + ", " + k.n1() + ", &" + c + ", " + k.m2() + ", " + k.n2() + ", "
                + (k.cxFirst() ? 1 : 0) + ", ";
        String order = k.cxFirst() ? "(C X) B^T" : "C (X B^T)";
        if (q) body.append("    ").append(rt.use("kp_q")).append(args).append("xq, sx, ").append(y).append(", t);  /* ").append(order).append(" */\n");
        else body.append("    ").append(rt.use("kp_f")).append(args).append("x, ").append(y).append(", t);  /* ").append(order).append(" */\n");
    }

    // ------------------------------------------------------------------ layers

    private void rnnLayer(RnnLayer r) {
        String id = ids.get(r);
        CMemory.Slice s = mem.slice(r.name());
        int nI = r.inputSize(), nH = r.hidden();
        int g = r.cell().gates() * nH;
        boolean q = s.int8Kernel();
        String h = id + "_h";
        // biases
        String b = floatArray(id + "_bias", r.bias(), r.name() + " bias (" + biasNames(r) + ")");
        String rb = r.recurrentBiasH() != null ? floatArray(id + "_rbias", r.recurrentBiasH(), r.name() + " recurrent h bias Rb_h (linear_before_reset)") : null;
        boolean denseBlocks = r.cell() == CellType.GRU && r.kernel() instanceof DenseOp;
        String k = denseBlocks ? null : matrixFunction(r);
        String w = null;
        if (denseBlocks) {
            DenseOp d = (DenseOp) r.kernel();
            w = tensor(id + "_kernel_w", QTensor.of("w", d.data(), d.rows(), d.cols()), r.kernelName() + " W = [W_x | W_h]");
            ops.append(CText.comment(r.kernelName() + ": " + describe(d) + "; the GRU step runs its blocks")).append("\n\n");
        }
        StringBuilder sb = layers;
        sb.append("/* ").append(r.name()).append(": ").append(r.cell().id().toUpperCase(java.util.Locale.ROOT))
                .append(r.cell() == CellType.GRU ? (r.linearBeforeReset() ? " (linear_before_reset)" : " (reset before the linear map)") : "")
                .append(", ").append(nI).append(" inputs, ").append(nH).append(" units; kernel ").append(r.kernelName()).append(' ')
                .append(describe(r.kernel())).append(".\n   Arena: ")
                .append(q ? "int8 codes of [x_t; h] (" + nI + "+" + nH + " bytes, " + s.inWords() + " words)"
                        : "[x_t; h] (" + (nI + nH) + " floats)")
                .append(" at 0, gates (").append(g).append(" floats) at ").append(s.outOff())
                .append(s.workWords() > 0 ? ", intermediate (" + s.workWords() + " floats) at " + s.workOff() : "")
                .append(s.extraWords() > 0 ? ", GRU extra (" + s.extraWords() + " floats) at " + s.extraOff() : "")
                .append(". */\n");
        sb.append("static void ").append(id).append("_step(const float *x)\n{\n");
        if (q) sb.append("    signed char *xq = (signed char *)tf_arena;\n    float sx;\n");
        else sb.append("    float *xh = tf_arena;\n");
        sb.append("    float *g = tf_arena + ").append(s.outOff()).append(";\n");
        if (!denseBlocks) sb.append("    float *t = tf_arena + ").append(s.workOff()).append(";\n");
        if (s.extraWords() > 0) sb.append("    float *e = tf_arena + ").append(s.extraOff()).append(";\n");
        sb.append("    int32_t k;\n");
        String full = q ? "    sx = " + rt.use("quant") + "(x, " + nI + ", " + h + ", " + nH + ", xq);\n    " + k + "(xq, sx, g, t);\n"
                : "    memcpy(xh, x, " + nI + " * sizeof(float));\n    memcpy(xh + " + nI + ", " + h + ", " + nH + " * sizeof(float));\n    " + k + "(xh, g, t);\n";
        String sig = null, tanh = null;
        switch (r.cell()) {
            case LSTM -> {
                sig = rt.use("sigmoid");
                tanh = rt.use("tanh");
                String c = id + "_c";
                sb.append(full);
                sb.append("    for (k = 0; k < ").append(nH).append("; k++) {  /* gates i, f, g, o */\n");
                sb.append("        float gi = ").append(sig).append("(g[k] + ").append(b).append("[k]);\n");
                sb.append("        float gf = ").append(sig).append("(g[").append(nH).append(" + k] + ").append(b).append("[").append(nH).append(" + k]);\n");
                sb.append("        float gg = ").append(tanh).append("(g[").append(2 * nH).append(" + k] + ").append(b).append("[").append(2 * nH).append(" + k]);\n");
                sb.append("        float go = ").append(sig).append("(g[").append(3 * nH).append(" + k] + ").append(b).append("[").append(3 * nH).append(" + k]);\n");
                sb.append("        float cc = gf * ").append(c).append("[k] + gi * gg;\n");
                sb.append("        ").append(c).append("[k] = cc;\n");
                sb.append("        ").append(h).append("[k] = go * ").append(tanh).append("(cc);\n    }\n");
            }
            case FASTRNN -> {
                tanh = rt.use("tanh");
                float alpha = Nonlinear.sigmoid(r.scalars()[0]), beta = Nonlinear.sigmoid(r.scalars()[1]);
                sb.append(full);
                sb.append("    /* alpha = sigmoid(").append(r.scalars()[0]).append("), beta = sigmoid(").append(r.scalars()[1])
                        .append("), folded at export */\n");
                sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
                sb.append("        float hh = ").append(tanh).append("(g[k] + ").append(b).append("[k]);\n");
                sb.append("        ").append(h).append("[k] = ").append(CText.f(beta)).append(" * ").append(h).append("[k] + ")
                        .append(CText.f(alpha)).append(" * hh;\n    }\n");
            }
            case FASTGRNN -> {
                sig = rt.use("sigmoid");
                tanh = rt.use("tanh");
                float zeta = Nonlinear.sigmoid(r.scalars()[0]), nu = Nonlinear.sigmoid(r.scalars()[1]);
                sb.append(full);
                sb.append("    /* zeta = sigmoid(").append(r.scalars()[0]).append("), nu = sigmoid(").append(r.scalars()[1])
                        .append("), folded at export; z and h~ share W x + U h */\n");
                sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
                sb.append("        float pre = g[k];\n");
                sb.append("        float z = ").append(sig).append("(pre + ").append(b).append("[k]);\n");
                sb.append("        float hh = ").append(tanh).append("(pre + ").append(b).append("[").append(nH).append(" + k]);\n");
                sb.append("        ").append(h).append("[k] = z * ").append(h).append("[k] + (").append(CText.f(zeta))
                        .append(" * (1.0f - z) + ").append(CText.f(nu)).append(") * hh;\n    }\n");
            }
            case GRU -> {
                sig = rt.use("sigmoid");
                tanh = rt.use("tanh");
                if (r.linearBeforeReset()) gruLbr(sb, r, id, q, k, w, b, rb, sig, tanh);
                else gruReset(sb, r, id, q, k, w, b, sig, tanh);
            }
        }
        sb.append("}\n\n");
    }

    private static String biasNames(RnnLayer r) {
        return switch (r.cell()) {
            case LSTM -> "b_i, b_f, b_g, b_o";
            case GRU -> "b_z, b_r, b_h";
            case FASTRNN -> "b";
            case FASTGRNN -> "b_z, b_h";
        };
    }

    /** GRU with linear_before_reset: a = W [x; 0], u = W [0; h] (RnnLayer.stepGru, LinearOp.applyBlock). */
    private void gruLbr(StringBuilder sb, RnnLayer r, String id, boolean q, String k, String w, String b, String rb,
                        String sig, String tanh) {
        int nI = r.inputSize(), nH = r.hidden(), n = nI + nH, g = 3 * nH;
        String h = id + "_h";
        sb.append("    /* g = W_x x (all 3H rows), e = W_h h (all 3H rows) */\n");
        if (w != null) {
            String mv = rt.use("matvec_f");
            sb.append("    memcpy(xh, x, ").append(nI).append(" * sizeof(float));\n");
            sb.append("    memcpy(xh + ").append(nI).append(", ").append(h).append(", ").append(nH).append(" * sizeof(float));\n");
            sb.append("    ").append(mv).append("(&").append(w).append(", ").append(n).append(", 0, ").append(g).append(", 0, ").append(nI).append(", xh, g);\n");
            sb.append("    ").append(mv).append("(&").append(w).append(", ").append(n).append(", 0, ").append(g).append(", ").append(nI).append(", ")
                    .append(nH).append(", xh + ").append(nI).append(", e);\n");
        } else if (q) {
            String qt = rt.use("quant");
            sb.append("    /* a compressed kernel runs on the zero-padded input, as LinearOp.applyBlock does */\n");
            sb.append("    sx = ").append(qt).append("(x, ").append(nI).append(", 0, ").append(nH).append(", xq);\n");
            sb.append("    ").append(k).append("(xq, sx, g, t);\n");
            sb.append("    sx = ").append(qt).append("(0, ").append(nI).append(", ").append(h).append(", ").append(nH).append(", xq);\n");
            sb.append("    ").append(k).append("(xq, sx, e, t);\n");
        } else {
            sb.append("    /* a compressed kernel runs on the zero-padded input, as LinearOp.applyBlock does */\n");
            sb.append("    memcpy(xh, x, ").append(nI).append(" * sizeof(float));\n");
            sb.append("    memset(xh + ").append(nI).append(", 0, ").append(nH).append(" * sizeof(float));\n");
            sb.append("    ").append(k).append("(xh, g, t);\n");
            sb.append("    memset(xh, 0, ").append(nI).append(" * sizeof(float));\n");
            sb.append("    memcpy(xh + ").append(nI).append(", ").append(h).append(", ").append(nH).append(" * sizeof(float));\n");
            sb.append("    ").append(k).append("(xh, e, t);\n");
        }
        sb.append("    for (k = 0; k < ").append(nH).append("; k++) {  /* gates z, r, h */\n");
        sb.append("        float z = ").append(sig).append("(g[k] + e[k] + ").append(b).append("[k]);\n");
        sb.append("        float r = ").append(sig).append("(g[").append(nH).append(" + k] + e[").append(nH).append(" + k] + ").append(b)
                .append("[").append(nH).append(" + k]);\n");
        sb.append("        float hh = ").append(tanh).append("(g[").append(2 * nH).append(" + k] + ").append(b).append("[").append(2 * nH)
                .append(" + k] + r * (e[").append(2 * nH).append(" + k] + ").append(rb).append("[k]));\n");
        sb.append("        ").append(h).append("[k] = (1.0f - z) * hh + z * ").append(h).append("[k];\n    }\n");
    }

    /** GRU without linear_before_reset: z, r from W [x; h]; h~ from W [x; r*h]. */
    private void gruReset(StringBuilder sb, RnnLayer r, String id, boolean q, String k, String w, String b,
                          String sig, String tanh) {
        int nI = r.inputSize(), nH = r.hidden(), n = nI + nH;
        String h = id + "_h";
        if (w != null) {
            String mv = rt.use("matvec_f");
            sb.append("    memcpy(xh, x, ").append(nI).append(" * sizeof(float));\n");
            sb.append("    memcpy(xh + ").append(nI).append(", ").append(h).append(", ").append(nH).append(" * sizeof(float));\n");
            sb.append("    ").append(mv).append("(&").append(w).append(", ").append(n).append(", 0, ").append(2 * nH).append(", 0, ").append(n)
                    .append(", xh, g);  /* z, r rows */\n");
            sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
            sb.append("        float r = ").append(sig).append("(g[").append(nH).append(" + k] + ").append(b).append("[").append(nH).append(" + k]);\n");
            sb.append("        g[k] = ").append(sig).append("(g[k] + ").append(b).append("[k]);  /* z */\n");
            sb.append("        xh[").append(nI).append(" + k] = r * ").append(h).append("[k];  /* [x; r*h] */\n    }\n");
            sb.append("    ").append(mv).append("(&").append(w).append(", ").append(n).append(", ").append(2 * nH).append(", ").append(3 * nH)
                    .append(", 0, ").append(n).append(", xh, g + ").append(2 * nH).append(");  /* h~ rows */\n");
            sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
            sb.append("        float z = g[k];\n");
        } else {
            String full = q ? "    sx = " + rt.use("quant") + "(x, " + nI + ", " + h + ", " + nH + ", xq);\n    " + k + "(xq, sx, g, t);\n"
                    : "    memcpy(xh, x, " + nI + " * sizeof(float));\n    memcpy(xh + " + nI + ", " + h + ", " + nH + " * sizeof(float));\n    " + k + "(xh, g, t);\n";
            sb.append("    /* the compressed kernel computes all 3H rows; z and r are the first 2H */\n").append(full);
            sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
            sb.append("        float r = ").append(sig).append("(g[").append(nH).append(" + k] + ").append(b).append("[").append(nH).append(" + k]);\n");
            sb.append("        e[k] = ").append(sig).append("(g[k] + ").append(b).append("[k]);  /* z, kept apart */\n");
            if (q) sb.append("        g[").append(nH).append(" + k] = r * ").append(h).append("[k];  /* r*h */\n    }\n");
            else sb.append("        xh[").append(nI).append(" + k] = r * ").append(h).append("[k];  /* [x; r*h] */\n    }\n");
            if (q) sb.append("    sx = ").append(rt.use("quant")).append("(x, ").append(nI).append(", g + ").append(nH).append(", ").append(nH)
                    .append(", xq);\n    ").append(k).append("(xq, sx, g, t);  /* all rows of W [x; r*h]; h~ is the last H */\n");
            else sb.append("    ").append(k).append("(xh, g, t);  /* all rows of W [x; r*h]; h~ is the last H */\n");
            sb.append("    for (k = 0; k < ").append(nH).append("; k++) {\n");
            sb.append("        float z = e[k];\n");
        }
        sb.append("        float hh = ").append(tanh).append("(g[").append(2 * nH).append(" + k] + ").append(b).append("[").append(2 * nH).append(" + k]);\n");
        sb.append("        ").append(h).append("[k] = (1.0f - z) * hh + z * ").append(h).append("[k];\n    }\n");
    }

    private void denseLayer(DenseLayer d) {
        String id = ids.get(d);
        CMemory.Slice s = mem.slice(d.name());
        boolean q = s.int8Kernel();
        String b = floatArray(id + "_bias", d.bias(), d.name() + " bias");
        String k = matrixFunction(d);
        int in = d.inputSize(), out = d.outputSize();
        StringBuilder sb = layers;
        sb.append("/* ").append(d.name()).append(": dense ").append(in).append(" -> ").append(out).append(", activation ")
                .append(d.activation().id()).append("; kernel ").append(d.kernelName()).append(' ').append(describe(d.kernel()))
                .append(".\n   Arena: ").append(q ? "int8 codes of the input (" + in + " bytes) at 0" : "input (" + in + " floats) at 0")
                .append(", output (").append(out).append(" floats) at ").append(s.outOff())
                .append(s.workWords() > 0 ? ", intermediate (" + s.workWords() + " floats) at " + s.workOff() : "").append(". */\n");
        sb.append("static float *").append(id).append("_forward(const float *src)\n{\n");
        if (q) sb.append("    signed char *xq = (signed char *)tf_arena;  /* may overlap src: quantized in place, front to back */\n    float sx;\n");
        else sb.append("    float *in = tf_arena;\n");
        sb.append("    float *y = tf_arena + ").append(s.outOff()).append(";\n");
        sb.append("    float *t = tf_arena + ").append(s.workOff()).append(";\n");
        sb.append("    int32_t k;\n");
        if (q) {
            sb.append("    sx = ").append(rt.use("quant")).append("(src, ").append(in).append(", 0, 0, xq);\n");
            sb.append("    ").append(k).append("(xq, sx, y, t);\n");
        } else {
            sb.append("    memmove(in, src, ").append(in).append(" * sizeof(float));\n");
            sb.append("    ").append(k).append("(in, y, t);\n");
        }
        sb.append("    for (k = 0; k < ").append(out).append("; k++) {\n");
        sb.append("        y[k] = y[k] + ").append(b).append("[k];\n");
        if (d.activation() == Activation.RELU) sb.append("        if (y[k] < 0.0f) y[k] = 0.0f;\n");
        if (d.activation() == Activation.TANH) sb.append("        y[k] = ").append(rt.use("tanh")).append("(y[k]);\n");
        if (d.activation() == Activation.SIGMOID) sb.append("        y[k] = ").append(rt.use("sigmoid")).append("(y[k]);\n");
        sb.append("    }\n    return y;\n}\n\n");
    }
}
