package org.tinyfit.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Csr;
import org.tinyfit.model.compress.DkpOp;
import org.tinyfit.model.compress.HkpOp;
import org.tinyfit.model.compress.KpOp;
import org.tinyfit.model.compress.LmfOp;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.compress.PrunedOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.compress.QuantDenseOp;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.LinearOp;

/**
 * Stores a compressed matrix as its factors (never the reconstruction). The
 * kernel object holds the technique's settings, {@code bits}, {@code int8_activations},
 * {@code tensors} (role to tensor name) and, for quantized tensors, {@code scales}
 * (role to float scale). Tensors: float32 values as F32; codes of b &lt;= 8 bits as I8,
 * of 16 bits as I16 (value = scale * code); CSR indices ({@code row_ptr}, {@code col}) as I32.
 * Roles: dense {@code w}; kp {@code b, c}; hkp {@code a, b, c}; dkp {@code b, c, s} + CSR;
 * lmf {@code u, v}; prune {@code values} + CSR.
 */
final class CompressedCodec implements KernelCodec {
    private final String technique;

    CompressedCodec(String technique) { this.technique = technique; }

    static List<KernelCodec> all() {
        List<KernelCodec> l = new ArrayList<>();
        for (String t : new String[] {"dense", "kp", "hkp", "dkp", "lmf", "prune"}) l.add(new CompressedCodec(t));
        return l;
    }

    @Override public String technique() { return technique; }

    @Override public boolean canEncode(LinearOp op) {
        if (technique.equals("dense") && op instanceof DenseOp) return true;
        return op instanceof CompressedOp c && c.spec().id().equals(technique);
    }

    @Override public List<Safetensors.Tensor> encode(String matrix, LinearOp op, ObjectNode k) {
        List<Safetensors.Tensor> out = new ArrayList<>();
        k.put("technique", technique);
        if (op instanceof DenseOp d) {
            k.putObject("tensors").put("w", matrix);
            out.add(Safetensors.Tensor.f32(matrix, d.data(), d.rows(), d.cols()));
            return out;
        }
        CompressedOp c = (CompressedOp) op;
        k.put("bits", c.bits());
        if (c.int8Activations()) k.put("int8_activations", true);
        ObjectNode tn = k.putObject("tensors");
        ObjectNode sc = c.bits() < 32 ? k.putObject("scales") : null;
        Csr csr = null;
        if (c instanceof KpOp kp) putKp(k, kp);
        else if (c instanceof HkpOp h) { putKp(k, h.kp()); k.put("r", h.r()); }
        else if (c instanceof DkpOp d) { putKp(k, d.kp()); k.put("density", d.density()); csr = d.index(); }
        else if (c instanceof LmfOp l) k.put("rank", l.rank());
        else if (c instanceof PrunedOp p) { k.put("sparsity", p.sparsity()); csr = p.index(); }
        for (QTensor t : c.tensors()) {
            String name = c instanceof QuantDenseOp ? matrix : matrix + "." + t.role();
            tn.put(t.role(), name);
            out.add(tensor(name, t));
            if (sc != null) sc.put(t.role(), t.scale());
        }
        if (csr != null) {
            tn.put("row_ptr", matrix + ".row_ptr");
            tn.put("col", matrix + ".col");
            out.add(Safetensors.Tensor.i32(matrix + ".row_ptr", csr.rowPtr(), csr.rowPtr().length));
            out.add(Safetensors.Tensor.i32(matrix + ".col", csr.col(), csr.col().length));
        }
        return out;
    }

    private static void putKp(ObjectNode k, KpOp kp) {
        k.put("m1", kp.m1()).put("n1", kp.n1()).put("m2", kp.m2()).put("n2", kp.n2());
    }

    private static Safetensors.Tensor tensor(String name, QTensor t) {
        long[] shape = {t.rows(), t.cols()};
        if (t.bits() == 32) return Safetensors.Tensor.f32(name, t.values(), shape);
        int[] q = t.codes();
        if (t.bits() <= 8) {
            byte[] b = new byte[q.length];
            for (int i = 0; i < q.length; i++) b[i] = (byte) q[i];
            return Safetensors.Tensor.bytes(name, b, true, shape);
        }
        short[] s = new short[q.length];
        for (int i = 0; i < q.length; i++) s[i] = (short) q[i];
        return Safetensors.Tensor.i16(name, s, shape);
    }

    @Override public LinearOp decode(String matrix, int rows, int cols, JsonNode k, Map<String, Safetensors.Tensor> ts) {
        int bits = k.path("bits").asInt(32);
        if (!MatrixPlan.validBits(bits)) throw new IllegalArgumentException(matrix + ": bit width " + bits + " is not supported (2..8, 16 or 32)");
        boolean i8 = k.path("int8_activations").asBoolean(false);
        Reader r = new Reader(matrix, k, ts, bits);
        switch (technique) {
            case "dense": {
                if (bits == 32 && !i8) {
                    return new DenseOp(r.tensor("w", rows, cols).values(), rows, cols);
                }
                return new QuantDenseOp(r.tensor("w", rows, cols), i8);
            }
            case "kp": return kp(r, k, rows, cols, i8);
            case "hkp": {
                int rr = r.intField("r", 0, rows - 1);
                KpOp kp = kp(r, k, rows - rr, cols, i8);
                return new HkpOp(r.tensor("a", rr, cols), kp);
            }
            case "dkp": {
                KpOp kp = kp(r, k, rows, cols, i8);
                Csr idx = r.csr(rows, cols);
                double d = k.path("density").asDouble(Double.NaN);
                return new DkpOp(kp, idx, r.tensor("s", 1, idx.nnz()), d);
            }
            case "lmf": {
                int rank = r.intField("rank", 1, Math.min(rows, cols));
                return new LmfOp(r.tensor("u", rows, rank), r.tensor("v", rank, cols), i8);
            }
            case "prune": {
                Csr idx = r.csr(rows, cols);
                return new PrunedOp(idx, r.tensor("values", 1, idx.nnz()), i8);
            }
            default: throw new IllegalArgumentException("unknown technique " + technique);
        }
    }

    private static KpOp kp(Reader r, JsonNode k, int rows, int cols, boolean i8) {
        int m1 = r.intField("m1", 1, rows), n1 = r.intField("n1", 1, cols);
        int m2 = r.intField("m2", 1, rows), n2 = r.intField("n2", 1, cols);
        if ((long) m1 * m2 != rows || (long) n1 * n2 != cols) {
            throw new IllegalArgumentException(r.matrix + ": KP factors " + m1 + "x" + n1 + " and " + m2 + "x" + n2 + " do not give " + rows + "x" + cols);
        }
        return new KpOp(r.tensor("b", m1, n1), r.tensor("c", m2, n2), i8);
    }

    /** Reads roles of one kernel object with checks before any allocation. */
    private static final class Reader {
        final String matrix;
        final JsonNode k;
        final Map<String, Safetensors.Tensor> ts;
        final int bits;

        Reader(String matrix, JsonNode k, Map<String, Safetensors.Tensor> ts, int bits) {
            this.matrix = matrix; this.k = k; this.ts = ts; this.bits = bits;
        }

        int intField(String f, int lo, int hi) {
            JsonNode v = k.get(f);
            if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException(matrix + ": \"" + f + "\" must be an integer");
            int i = v.asInt();
            if (i < lo || i > hi) throw new IllegalArgumentException(matrix + ": \"" + f + "\" is " + i + ", must be in " + lo + ".." + hi);
            return i;
        }

        String name(String role) {
            String n = k.path("tensors").path(role).asText(null);
            if (n == null) throw new IllegalArgumentException(matrix + ": kernel names no tensor for '" + role + "'");
            return n;
        }

        QTensor tensor(String role, int rows, int cols) {
            Safetensors.Tensor t = KernelCodecs.tensor(ts, name(role), (long) rows * cols);
            if (bits == 32) {
                if (t.dtype() != Safetensors.DType.F32) throw new IllegalArgumentException(matrix + ": tensor '" + t.name() + "' must be F32 for float32 weights, is " + t.dtype());
                return QTensor.of(role, t.toFloats(), rows, cols);
            }
            Safetensors.DType want = bits <= 8 ? Safetensors.DType.I8 : Safetensors.DType.I16;
            if (t.dtype() != want) throw new IllegalArgumentException(matrix + ": tensor '" + t.name() + "' must be " + want + " for " + bits + "-bit weights, is " + t.dtype());
            JsonNode s = k.path("scales").get(role);
            if (s == null || !s.isNumber()) throw new IllegalArgumentException(matrix + ": no scale for quantized tensor '" + role + "'");
            long[] l = t.toLongs();
            int[] q = new int[l.length];
            for (int i = 0; i < l.length; i++) q[i] = (int) l[i];
            return QTensor.fromCodes(role, q, (float) s.asDouble(), rows, cols, bits);
        }

        Csr csr(int rows, int cols) {
            Safetensors.Tensor rp = KernelCodecs.tensor(ts, name("row_ptr"), rows + 1L);
            Safetensors.Tensor col = ts.get(name("col"));
            if (col == null) throw new IllegalArgumentException(matrix + ": missing tensor '" + name("col") + "'");
            if (col.elements() > (long) rows * cols) throw new IllegalArgumentException(matrix + ": " + col.elements() + " column indices for a " + rows + "x" + cols + " matrix");
            if (rp.dtype() != Safetensors.DType.I32 || col.dtype() != Safetensors.DType.I32) throw new IllegalArgumentException(matrix + ": CSR indices must be I32");
            return new Csr(rows, cols, rp.toInts(), col.toInts());
        }
    }
}
