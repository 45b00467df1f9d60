package org.tinyfit.model.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.io.onnx.Sym.Ax;
import org.tinyfit.model.io.onnx.Sym.Kind;

/**
 * The glue ops on tensors computed from the input ({@link Sym}): they move axes
 * around, drop or add axes of size 1, take the last time step, or pick one
 * layer's hidden state out of PyTorch's stacked {@code h_n}. Anything that would
 * mix the batch, time and feature axes is refused.
 */
final class SymOps {
    /** Slice ends at or beyond this mean "to the end" when a dimension is symbolic. */
    private static final long TO_END = Integer.MAX_VALUE;

    private SymOps() { }

    private static String role(Ax a) {
        return switch (a) {
            case IN0, IN1, IN2 -> "input axis " + a.name().substring(2);
            default -> a.name().toLowerCase(Locale.ROOT);
        };
    }

    private static Ax[] remove(Ax[] axes, int i) {
        Ax[] out = new Ax[axes.length - 1];
        System.arraycopy(axes, 0, out, 0, i);
        System.arraycopy(axes, i + 1, out, i, axes.length - i - 1);
        return out;
    }

    private static Ax[] set(Ax[] axes, int i, Ax a) {
        Ax[] out = axes.clone();
        out[i] = a;
        return out;
    }

    /** A LAST value for one entry of a stack (or the stack itself when several remain). */
    private static Sym pickStack(Sym s, int[] stages, Ax[] axes, int stackAxis, boolean keepAxis) {
        if (stages.length == 1) {
            Ax[] a = keepAxis ? set(axes, stackAxis, Ax.UNIT) : remove(axes, stackAxis);
            return Sym.last(a, stages[0], s.width);
        }
        return Sym.stack(axes, stages, s.width);
    }

    private static boolean isLast(GraphInterpreter gi, long v) {
        long t = gi.steps();
        return v == -1 || (t != Const.UNKNOWN && v == t - 1);
    }

    static Sym gather(GraphInterpreter gi, Sym s, Const idx, long axisAttr) {
        int a = ConstOps.axis(axisAttr, s.rank(), "Gather axis");
        long[] iv = idx.ints("Gather indices");
        if (idx.rank() > 1 || iv.length != 1) {
            throw new OnnxImportError("gathers " + iv.length + " entries of " + s.describe() + "; TinyFit supports taking one entry (the last time step or one layer's state)");
        }
        boolean keep = idx.rank() == 1;
        long v = iv[0];
        Ax role = s.axes[a];
        switch (role) {
            case TIME -> {
                if (!isLast(gi, v)) {
                    throw new OnnxImportError("takes time step " + v + " of " + s.describe() + "; TinyFit classifies from the last step (index -1)");
                }
                return s.toLast(keep ? set(s.axes, a, Ax.UNIT) : remove(s.axes, a));
            }
            case UNIT -> {
                if (v != 0 && v != -1) throw new OnnxImportError("Gather index " + v + " on an axis of size 1");
                return keep ? s : s.withAxes(remove(s.axes, a));
            }
            case STACK -> {
                int n = s.stack.length;
                long k = v < 0 ? v + n : v;
                if (k < 0 || k >= n) throw new OnnxImportError("Gather index " + v + " is out of range for " + n + " stacked states");
                return pickStack(s, new int[] {s.stack[(int) k]}, s.axes, a, keep);
            }
            default -> throw new OnnxImportError("gathers on the " + role(role) + " of " + s.describe()
                    + "; TinyFit supports Gather of the last time step or of one layer's hidden state");
        }
    }

    private static boolean full(long dim, long start, long end, long step) {
        if (step != 1) return false;
        if (dim == Const.UNKNOWN) return start == 0 && end >= TO_END;
        ConstOps.Range r = ConstOps.range(dim, start, end, step);
        return r.start() == 0 && r.count() == dim;
    }

    static Sym slice(GraphInterpreter gi, Sym s, long[] starts, long[] ends, long[] axes, long[] steps) {
        Ax[] out = s.axes.clone();
        boolean toLast = false;
        int[] stack = s.stack;
        int stackAxis = -1;
        for (int k = 0; k < starts.length; k++) {
            int a = ConstOps.axis(axes[k], s.rank(), "Slice axis");
            Ax role = s.axes[a];
            long dim = gi.dimOf(s, role);
            if (full(dim, starts[k], ends[k], steps[k])) continue;
            switch (role) {
                case TIME -> {
                    boolean last;
                    if (dim == Const.UNKNOWN) {
                        last = steps[k] == 1 && starts[k] == -1 && ends[k] >= TO_END;
                    } else {
                        ConstOps.Range r = ConstOps.range(dim, starts[k], ends[k], steps[k]);
                        last = r.count() == 1 && r.start() == dim - 1;
                    }
                    if (!last || s.kind != Kind.SEQ) {
                        throw new OnnxImportError("slices time steps [" + starts[k] + ":" + ends[k] + "] of " + s.describe() + "; TinyFit classifies from the last step only");
                    }
                    out[a] = Ax.UNIT;
                    toLast = true;
                }
                case UNIT -> {
                    if (ConstOps.range(1, starts[k], ends[k], steps[k]).count() != 1) throw new OnnxImportError("slices an axis of size 1 to nothing");
                }
                case STACK -> {
                    ConstOps.Range r = ConstOps.range(stack.length, starts[k], ends[k], steps[k]);
                    if (r.count() == 0) throw new OnnxImportError("slices the stacked hidden states to nothing");
                    int[] sub = new int[(int) r.count()];
                    for (int i = 0; i < sub.length; i++) sub[i] = stack[(int) (r.start() + i * r.step())];
                    stack = sub;
                    stackAxis = a;
                }
                default -> throw new OnnxImportError("slices part of the " + role(role) + " of " + s.describe() + "; TinyFit supports slicing the last time step");
            }
        }
        if (toLast) return s.toLast(out);
        if (stackAxis >= 0) return pickStack(s, stack, out, stackAxis, true);
        return s.withAxes(out);
    }

    static Sym squeeze(GraphInterpreter gi, Sym s, long[] axes) {
        boolean[] drop = new boolean[s.rank()];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < s.rank(); i++) {
                Ax r = s.axes[i];
                if (r == Ax.UNIT) drop[i] = true;
                else if (r != Ax.FEAT && gi.dimOf(s, r) == 1) {
                    throw new OnnxImportError("squeezes all axes of size 1 of " + s.describe() + ", including the " + role(r)
                            + "; TinyFit needs Squeeze with explicit axes here");
                }
            }
        } else {
            for (long x : axes) {
                int a = ConstOps.axis(x, s.rank(), "Squeeze axis");
                if (s.axes[a] != Ax.UNIT) throw new OnnxImportError("squeezes the " + role(s.axes[a]) + " of " + s.describe());
                drop[a] = true;
            }
        }
        List<Ax> out = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) if (!drop[i]) out.add(s.axes[i]);
        return s.withAxes(out.toArray(Ax[]::new));
    }

    static Sym unsqueeze(Sym s, long[] axes) {
        boolean[] ins = ConstOps.unsqueezeMask(s.rank(), axes);
        Ax[] out = new Ax[ins.length];
        int j = 0;
        for (int i = 0; i < out.length; i++) out[i] = ins[i] ? Ax.UNIT : s.axes[j++];
        return s.withAxes(out);
    }

    /** Reshape that only adds or drops axes of size 1 (0 copies an axis, -1 stands for one axis). */
    static Sym reshape(GraphInterpreter gi, Sym s, long[] shape, boolean allowZero) {
        Ax[] nonUnit = s.nonUnit();
        Ax[] out = new Ax[shape.length];
        int p = 0;
        for (int i = 0; i < shape.length; i++) {
            long t = shape[i];
            int remainingTargets = 0;
            for (int j = i; j < shape.length; j++) if (shape[j] != 1) remainingTargets++;
            if (t == 0 && !allowZero) {
                if (i >= s.rank()) throw new OnnxImportError("Reshape copies axis " + i + " of a rank-" + s.rank() + " tensor");
                Ax r = s.axes[i];
                if (r != Ax.UNIT) {
                    if (p >= nonUnit.length || nonUnit[p] != r) throw reshapeError(s, shape);
                    p++;
                }
                out[i] = r;
            } else if (t == -1) {
                if (p >= nonUnit.length) {
                    out[i] = Ax.UNIT;
                } else {
                    out[i] = nonUnit[p++];
                }
            } else if (t == 1 && !(p < nonUnit.length && nonUnit.length - p > remainingTargets)) {
                out[i] = Ax.UNIT; // an added axis of size 1, unless a role of size 1 has nowhere else to go
            } else if (t >= 1) {
                if (p >= nonUnit.length) throw reshapeError(s, shape);
                long d = gi.dimOf(s, nonUnit[p]);
                if (d != t && d != Const.UNKNOWN) throw reshapeError(s, shape);
                out[i] = nonUnit[p++];
            } else {
                throw reshapeError(s, shape);
            }
        }
        if (p != nonUnit.length) throw reshapeError(s, shape);
        return s.withAxes(out);
    }

    private static OnnxImportError reshapeError(Sym s, long[] shape) {
        return new OnnxImportError("reshapes " + s.describe() + " to " + Arrays.toString(shape)
                + "; TinyFit supports reshapes that only add or remove axes of size 1");
    }

    static Sym flatten(Sym s, int axis) {
        Ax a = group(s, 0, axis);
        Ax b = group(s, axis, s.rank());
        return s.withAxes(new Ax[] {a, b});
    }

    private static Ax group(Sym s, int from, int to) {
        Ax found = Ax.UNIT;
        for (int i = from; i < to; i++) {
            if (s.axes[i] == Ax.UNIT) continue;
            if (found != Ax.UNIT) throw new OnnxImportError("flattens the " + role(found) + " and the " + role(s.axes[i]) + " of " + s.describe() + " into one axis");
            found = s.axes[i];
        }
        return found;
    }

    /** Concat of last hidden states along an axis of size 1: PyTorch's {@code h_n} of a multi-layer RNN. */
    static Sym concat(List<Sym> parts, long axisAttr) {
        Sym first = parts.get(0);
        int a = ConstOps.axis(axisAttr, first.rank(), "Concat axis");
        List<Integer> stages = new ArrayList<>();
        for (Sym p : parts) {
            if ((p.kind != Kind.LAST && p.kind != Kind.STACK) || p.rank() != first.rank() || p.width != first.width) {
                throw new OnnxImportError("concatenates " + parts.stream().map(Sym::describe).toList()
                        + "; TinyFit supports Concat of RNN hidden states (h_n) only");
            }
            for (int i = 0; i < p.rank(); i++) {
                if (i == a) continue;
                if (p.axes[i] != first.axes[i]) throw new OnnxImportError("concatenates hidden states with different layouts");
            }
            if (p.kind == Kind.LAST) {
                if (p.axes[a] != Ax.UNIT) throw new OnnxImportError("concatenates hidden states along their " + role(p.axes[a]));
                stages.add(p.stage);
            } else {
                if (p.axes[a] != Ax.STACK) throw new OnnxImportError("concatenates stacked hidden states along their " + role(p.axes[a]));
                for (int st : p.stack) stages.add(st);
            }
        }
        Ax[] axes = set(first.axes, a, Ax.STACK);
        int[] st = stages.stream().mapToInt(Integer::intValue).toArray();
        return pickStack(first, st, axes, a, true);
    }
}
