package org.tinyfit.model.io.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Shape arithmetic and constant folding on {@link Const} tensors: the data
 * movement ops (Gather, Slice, Concat, Transpose, Reshape, Squeeze, Unsqueeze,
 * Expand), element-wise arithmetic with broadcasting, and Cast. Integer
 * {@link Const#UNKNOWN} entries propagate through arithmetic. Every result size
 * is checked against {@link Limits} before it is allocated.
 */
final class ConstOps {
    private ConstOps() { }

    static int axis(long a, int rank, String what) {
        long x = a < 0 ? a + rank : a;
        if (x < 0 || x >= rank) throw new OnnxImportError(what + " " + a + " is out of range for rank " + rank);
        return (int) x;
    }

    static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Builds a tensor of {@code outDims} whose element i is {@code src}'s element {@code map(i)}. */
    static Const remap(Const src, long[] outDims, IntUnaryOperator map) {
        int n = Limits.allocate(outDims, src.isFloat(), "result");
        if (src.isFloat()) {
            float[] o = new float[n];
            for (int i = 0; i < n; i++) o[i] = src.f[map.applyAsInt(i)];
            return Const.floats(outDims, o);
        }
        long[] o = new long[n];
        for (int i = 0; i < n; i++) o[i] = src.l[map.applyAsInt(i)];
        return Const.longs(outDims, o);
    }

    static Const withDims(Const c, long[] dims) {
        return c.isFloat() ? Const.floats(dims, c.f) : Const.longs(dims, c.l);
    }

    /** Multi-index of flat index i in dims (into idx). */
    private static void unflatten(long i, long[] dims, long[] idx) {
        for (int d = dims.length - 1; d >= 0; d--) {
            if (dims[d] == 0) { idx[d] = 0; continue; }
            idx[d] = i % dims[d];
            i /= dims[d];
        }
    }

    static Const gather(Const data, Const indices, long axisAttr) {
        int r = data.rank();
        if (r == 0) throw new OnnxImportError("Gather needs data of rank at least 1");
        int axis = axis(axisAttr, r, "Gather axis");
        long[] idx = indices.ints("Gather indices");
        long dimA = data.dims[axis];
        long[] norm = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i] < 0 ? idx[i] + dimA : idx[i];
            if (v < 0 || v >= dimA) throw new OnnxImportError("Gather index " + idx[i] + " is out of range for a dimension of " + dimA);
            norm[i] = v;
        }
        long[] out = new long[r - 1 + indices.rank()];
        System.arraycopy(data.dims, 0, out, 0, axis);
        System.arraycopy(indices.dims, 0, out, axis, indices.rank());
        System.arraycopy(data.dims, axis + 1, out, axis + indices.rank(), r - axis - 1);
        long[] ds = strides(data.dims);
        long inner = ds[axis];
        long nIdx = idx.length;
        return remap(data, out, i -> {
            long in = i % inner;
            long rest = i / inner;
            long k = rest % nIdx;
            long outer = rest / nIdx;
            return (int) (outer * dimA * inner + norm[(int) k] * inner + in);
        });
    }

    /** One resolved slice range on an axis: start, count and step. */
    record Range(long start, long count, long step) { }

    /** ONNX Slice semantics for one axis of length {@code dim}. */
    static Range range(long dim, long start, long end, long step) {
        if (step == 0) throw new OnnxImportError("Slice step must not be 0");
        long s, e;
        if (step > 0) {
            s = clamp(start < 0 ? start + dim : start, 0, dim);
            e = clamp(end < 0 ? end + dim : end, 0, dim);
            long n = e > s ? (e - s + step - 1) / step : 0;
            return new Range(s, n, step);
        }
        s = clamp(start < 0 ? start + dim : start, -1, dim - 1);
        e = clamp(end < 0 ? end + dim : end, -1, dim - 1);
        long n = s > e ? (s - e + (-step) - 1) / (-step) : 0;
        return new Range(s, n, step);
    }

    private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }

    static Const slice(Const data, long[] starts, long[] ends, long[] axes, long[] steps) {
        int r = data.rank();
        long[] st = new long[r], sp = new long[r], out = data.dims.clone();
        Arrays.fill(sp, 1);
        for (int k = 0; k < starts.length; k++) {
            int a = axis(axes[k], r, "Slice axis");
            Range rg = range(data.dims[a], starts[k], ends[k], steps[k]);
            st[a] = rg.start();
            sp[a] = rg.step();
            out[a] = rg.count();
        }
        long[] ds = strides(data.dims);
        long[] idx = new long[r];
        return remap(data, out, i -> {
            unflatten(i, out, idx);
            long src = 0;
            for (int d = 0; d < r; d++) src += (st[d] + idx[d] * sp[d]) * ds[d];
            return (int) src;
        });
    }

    static Const concat(List<Const> parts, long axisAttr) {
        Const first = parts.get(0);
        int r = first.rank();
        if (r == 0) throw new OnnxImportError("Concat of scalars");
        int axis = axis(axisAttr, r, "Concat axis");
        boolean isFloat = false;
        long total = 0;
        for (Const c : parts) {
            if (c.rank() != r) throw new OnnxImportError("Concat inputs have different ranks");
            for (int d = 0; d < r; d++) {
                if (d != axis && c.dims[d] != first.dims[d]) throw new OnnxImportError("Concat inputs disagree on dimension " + d);
            }
            total += c.dims[axis];
            isFloat |= c.isFloat();
        }
        long[] out = first.dims.clone();
        out[axis] = total;
        int n = Limits.allocate(out, isFloat, "Concat result");
        long outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= out[d];
        for (int d = axis + 1; d < r; d++) inner *= out[d];
        float[] of = isFloat ? new float[n] : null;
        long[] ol = isFloat ? null : new long[n];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (Const c : parts) {
                long block = c.dims[axis] * inner;
                int from = (int) (o * block);
                for (int j = 0; j < block; j++) {
                    if (isFloat) of[pos++] = (float) c.get(from + j);
                    else ol[pos++] = c.l[from + j];
                }
            }
        }
        return isFloat ? Const.floats(out, of) : Const.longs(out, ol);
    }

    static int[] perm(long[] permAttr, int rank) {
        int[] p = new int[rank];
        if (permAttr == null) {
            for (int i = 0; i < rank; i++) p[i] = rank - 1 - i;
            return p;
        }
        if (permAttr.length != rank) throw new OnnxImportError("Transpose perm " + Arrays.toString(permAttr) + " does not match rank " + rank);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            long v = permAttr[i];
            if (v < 0 || v >= rank || seen[(int) v]) throw new OnnxImportError("Transpose perm " + Arrays.toString(permAttr) + " is not a permutation");
            seen[(int) v] = true;
            p[i] = (int) v;
        }
        return p;
    }

    static Const transpose(Const data, int[] p) {
        int r = data.rank();
        long[] out = new long[r];
        for (int i = 0; i < r; i++) out[i] = data.dims[p[i]];
        long[] ds = strides(data.dims);
        long[] idx = new long[r];
        return remap(data, out, i -> {
            unflatten(i, out, idx);
            long src = 0;
            for (int d = 0; d < r; d++) src += idx[d] * ds[p[d]];
            return (int) src;
        });
    }

    /** The dims of a Reshape of a tensor of {@code in} dims to {@code shape} (0 copies, -1 infers). */
    static long[] reshapeDims(long[] in, long[] shape, boolean allowZero) {
        long total = Limits.elements(in, "Reshape input");
        long[] out = new long[shape.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            long s = shape[i];
            if (s == 0 && !allowZero) {
                if (i >= in.length) throw new OnnxImportError("Reshape copies dimension " + i + " of a rank-" + in.length + " tensor");
                s = in[i];
            }
            if (s == -1) {
                if (infer >= 0) throw new OnnxImportError("Reshape shape has more than one -1");
                infer = i;
                continue;
            }
            if (s < 0) throw new OnnxImportError("Reshape shape " + Arrays.toString(shape) + " has a negative entry");
            out[i] = s;
            known = Math.multiplyExact(known, s);
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0) throw new OnnxImportError("Reshape cannot infer -1 for " + total + " elements into " + Arrays.toString(shape));
            out[infer] = total / known;
        } else if (known != total) {
            throw new OnnxImportError("Reshape of " + total + " elements to " + Arrays.toString(shape));
        }
        return out;
    }

    static long[] squeezeDims(long[] in, long[] axes) {
        boolean[] drop = new boolean[in.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < in.length; i++) drop[i] = in[i] == 1;
        } else {
            for (long a : axes) {
                int x = axis(a, in.length, "Squeeze axis");
                if (in[x] != 1 && in[x] != Const.UNKNOWN) throw new OnnxImportError("Squeeze of axis " + a + " whose size is " + in[x] + ", not 1");
                drop[x] = true;
            }
        }
        return Arrays.stream(indexes(in.length)).filter(i -> !drop[i]).mapToLong(i -> in[i]).toArray();
    }

    private static int[] indexes(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** Positions of the new axes of an Unsqueeze to a rank of {@code inRank + axes.length}. */
    static boolean[] unsqueezeMask(int inRank, long[] axes) {
        int r = inRank + axes.length;
        boolean[] ins = new boolean[r];
        for (long a : axes) {
            int x = axis(a, r, "Unsqueeze axis");
            if (ins[x]) throw new OnnxImportError("Unsqueeze axes repeat " + a);
            ins[x] = true;
        }
        return ins;
    }

    static long[] unsqueezeDims(long[] in, long[] axes) {
        boolean[] ins = unsqueezeMask(in.length, axes);
        long[] out = new long[ins.length];
        int j = 0;
        for (int i = 0; i < out.length; i++) out[i] = ins[i] ? 1 : in[j++];
        return out;
    }

    /** Numpy broadcasting of two shapes. */
    static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) throw new OnnxImportError("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** Flat index into a tensor of {@code dims} broadcast to {@code out} dims, for out multi-index idx. */
    private static int bindex(long[] dims, long[] idx, int outRank) {
        long[] s = strides(dims);
        long p = 0;
        int off = outRank - dims.length;
        for (int d = 0; d < dims.length; d++) p += (dims[d] == 1 ? 0 : idx[d + off]) * s[d];
        return (int) p;
    }

    static Const expand(Const data, long[] shape) {
        long[] out = broadcast(data.dims, shape);
        long[] idx = new long[out.length];
        return remap(data, out, i -> {
            unflatten(i, out, idx);
            return bindex(data.dims, idx, out.length);
        });
    }

    /** Element-wise Add, Sub, Mul, Div with broadcasting. Unknown integers stay unknown. */
    static Const arith(String op, Const a, Const b) {
        long[] out = broadcast(a.dims, b.dims);
        boolean isFloat = a.isFloat() || b.isFloat();
        int n = Limits.allocate(out, isFloat, op + " result");
        long[] idx = new long[out.length];
        if (isFloat && (!a.known() || !b.known())) throw new OnnxImportError(op + " mixes floats with the input's symbolic dimensions");
        float[] of = isFloat ? new float[n] : null;
        long[] ol = isFloat ? null : new long[n];
        for (int i = 0; i < n; i++) {
            unflatten(i, out, idx);
            int ia = bindex(a.dims, idx, out.length), ib = bindex(b.dims, idx, out.length);
            if (isFloat) {
                double x = a.get(ia), y = b.get(ib);
                of[i] = (float) switch (op) {
                    case "Add" -> x + y;
                    case "Sub" -> x - y;
                    case "Mul" -> x * y;
                    default -> x / y;
                };
            } else {
                long x = a.l[ia], y = b.l[ib];
                if (x == Const.UNKNOWN || y == Const.UNKNOWN) { ol[i] = Const.UNKNOWN; continue; }
                ol[i] = switch (op) {
                    case "Add" -> x + y;
                    case "Sub" -> x - y;
                    case "Mul" -> x * y;
                    default -> {
                        if (y == 0) throw new OnnxImportError("integer division by zero");
                        yield x / y;
                    }
                };
            }
        }
        return isFloat ? Const.floats(out, of) : Const.longs(out, ol);
    }

    /** Cast to an ONNX data type: floating types give floats, integer and bool types give integers. */
    static Const cast(Const c, int to) {
        if (OnnxTensors.isFloatType(to)) {
            if (!c.isFloat()) Limits.allocate(c.dims, true, "Cast result");
            return Const.floats(c.dims, c.floats("Cast input"));
        }
        if (!OnnxTensors.isIntType(to)) throw new OnnxImportError("Cast to data type " + to + " is not supported");
        if (!c.isFloat()) {
            if (to == OnnxTensors.BOOL) {
                Limits.allocate(c.dims, false, "Cast result");
                long[] o = new long[c.l.length];
                for (int i = 0; i < o.length; i++) o[i] = c.l[i] == Const.UNKNOWN ? Const.UNKNOWN : (c.l[i] != 0 ? 1 : 0);
                return Const.longs(c.dims, o);
            }
            return c;
        }
        Limits.allocate(c.dims, false, "Cast result");
        long[] o = new long[c.f.length];
        for (int i = 0; i < o.length; i++) o[i] = to == OnnxTensors.BOOL ? (c.f[i] != 0f ? 1 : 0) : (long) c.f[i];
        return Const.longs(c.dims, o);
    }
}
