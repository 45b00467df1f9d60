package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyfit.model.io.MemoryBudget;
import org.tinyfit.model.io.onnx.Sym.Ax;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;

/**
 * Walks the nodes that the graph output depends on, in order, and recognises a
 * sequence classifier: the model input, LSTM/GRU nodes in a chain, the last
 * step, dense layers (Gemm, or MatMul then Add) with Relu/Tanh/Sigmoid between
 * them and an optional trailing Softmax. Constants and shape chains are folded;
 * anything else is refused with a message naming the node, the op and what is
 * supported.
 */
final class GraphInterpreter {
    static final String SUPPORTED = "TinyFit imports sequence classifiers: LSTM and GRU (forward, one direction) followed by "
            + "Gemm or MatMul+Add, with Relu, Tanh, Sigmoid, Softmax/LogSoftmax and the glue Transpose, Squeeze, Unsqueeze, "
            + "Slice, Gather, Reshape, Flatten, Concat, Shape, Constant, ConstantOfShape, Expand, Cast, Identity, Dropout, "
            + "Add, Sub, Mul, Div";

    /** One imported RNN layer (TinyFit layout). */
    record RnnSpec(CellType cell, int input, int hidden, float[] kernel, float[] bias, float[] recurrentBiasH,
                   boolean linearBeforeReset, String node) { }

    /** One imported dense layer, W out x in. */
    static final class DenseSpec {
        final int in;
        final int out;
        final float[] w;
        final float[] b;
        Activation act = Activation.NONE;
        final String node;

        DenseSpec(int in, int out, float[] w, float[] b, String node) {
            this.in = in;
            this.out = out;
            this.w = w;
            this.b = b;
            this.node = node;
        }
    }

    private final GraphProto g;
    private final int opset;
    private final Integer stepsOption;
    private final Map<String, Value> values = new HashMap<>();
    /** Initializers by name, read into {@link #values} when a node first uses them. */
    private final Map<String, TensorProto> initializers = new HashMap<>();
    final List<RnnSpec> rnn = new ArrayList<>();
    final List<DenseSpec> dense = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String inputName;
    long[] inputDims;
    String[] inputDimNames;
    int timeAxis = -1;
    int batchAxis = -1;
    boolean softmaxDropped;

    GraphInterpreter(GraphProto g, int opset, Integer stepsOption) {
        this.g = g;
        this.opset = opset;
        this.stepsOption = stepsOption;
    }

    // ------------------------------------------------------------------ the walk

    /**
     * Interprets the graph; throws {@link OnnxImportError} with the node in the message. Every
     * constant read or folded stays alive until the import ends and is reserved from
     * {@code budget} before it is allocated; initializers are read only when a node uses them.
     */
    void run(MemoryBudget budget) {
        MemoryBudget outer = Limits.budget();
        Limits.budget(budget);
        try {
            run();
        } finally {
            Limits.budget(outer);
        }
    }

    private void run() {
        if (g.getNodeCount() > Limits.MAX_NODES) throw new OnnxImportError("the graph has " + g.getNodeCount() + " nodes, more than the limit of " + Limits.MAX_NODES);
        if (g.getInitializerCount() > Limits.MAX_INITIALIZERS) throw new OnnxImportError("the graph has " + g.getInitializerCount() + " initializers, more than the limit of " + Limits.MAX_INITIALIZERS);
        if (g.getSparseInitializerCount() > 0) throw new OnnxImportError("the graph has sparse initializers, which TinyFit does not read");
        for (TensorProto t : g.getInitializerList()) {
            OnnxTensors.check(t, "initializer '" + t.getName() + "'");
            initializers.put(t.getName(), t);
        }
        readInput();
        if (g.getOutputCount() != 1) {
            throw new OnnxImportError("the graph has " + g.getOutputCount() + " outputs; TinyFit imports a classifier with one output (the logits)");
        }
        String outName = g.getOutput(0).getName();
        Set<Integer> needed = needed(outName);
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!needed.contains(i)) continue;
            NodeProto n = g.getNode(i);
            Value[] outs;
            try {
                outs = apply(n, new Attrs(n));
            } catch (OnnxImportError e) {
                String hint = rnn.isEmpty() && !e.limit && !e.getMessage().contains(SUPPORTED) ? ". " + SUPPORTED : "";
                throw new OnnxImportError(nodeLabel(n, i) + ": " + e.getMessage() + hint, e.limit);
            } catch (ArithmeticException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | NullPointerException e) {
                throw new OnnxImportError(nodeLabel(n, i) + ": " + e.getMessage());
            }
            for (int k = 0; k < n.getOutputCount() && k < outs.length; k++) {
                if (!n.getOutput(k).isEmpty() && outs[k] != null) values.put(n.getOutput(k), outs[k]);
            }
        }
        finish(outName);
    }

    static String nodeLabel(NodeProto n, int index) {
        String name = n.getName().isEmpty() ? "#" + index + (n.getOutputCount() > 0 ? " (output '" + n.getOutput(0) + "')" : "") : "'" + n.getName() + "'";
        return "node " + name + " (op " + (n.getDomain().isEmpty() ? "" : n.getDomain() + ".") + n.getOpType() + ")";
    }

    private void readInput() {
        List<ValueInfoProto> real = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) if (!initializers.containsKey(vi.getName())) real.add(vi);
        if (real.size() != 1) {
            throw new OnnxImportError("the graph has " + real.size() + " inputs " + real.stream().map(ValueInfoProto::getName).toList()
                    + "; TinyFit imports a classifier with one input of shape [batch, steps, features]");
        }
        ValueInfoProto in = real.get(0);
        inputName = in.getName();
        if (!in.getType().hasTensorType()) throw new OnnxImportError("input '" + inputName + "' is not a tensor");
        int et = in.getType().getTensorType().getElemType();
        if (et != OnnxTensors.FLOAT) throw new OnnxImportError("input '" + inputName + "' holds " + OnnxTensors.typeName(et) + " values; TinyFit imports float32 inputs");
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        if (shape.getDimCount() != 3) {
            throw new OnnxImportError("input '" + inputName + "' has rank " + shape.getDimCount() + "; TinyFit imports sequence inputs of rank 3 ([batch, steps, features] or [steps, batch, features])");
        }
        inputDims = new long[3];
        inputDimNames = new String[3];
        for (int i = 0; i < 3; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            inputDims[i] = d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : Const.UNKNOWN;
            inputDimNames[i] = d.hasDimParam() ? d.getDimParam() : (d.hasDimValue() ? Long.toString(d.getDimValue()) : "?");
            if (d.hasDimValue() && (d.getDimValue() <= 0 || d.getDimValue() > 1_000_000)) {
                throw new OnnxImportError("input '" + inputName + "' has dimension " + d.getDimValue());
            }
        }
        if (inputDims[2] == Const.UNKNOWN) throw new OnnxImportError("input '" + inputName + "' has a symbolic feature dimension ('" + inputDimNames[2] + "'); TinyFit needs a fixed number of features");
        values.put(inputName, Sym.seq(new Ax[] {Ax.IN0, Ax.IN1, Ax.IN2}, 0, (int) inputDims[2]));
    }

    /** Indexes of the nodes the output depends on. */
    private Set<Integer> needed(String out) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) for (String o : g.getNode(i).getOutputList()) if (!o.isEmpty()) producer.put(o, i);
        Set<Integer> need = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(out);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (v.isEmpty() || !seen.add(v)) continue;
            Integer p = producer.get(v);
            if (p == null || !need.add(p)) continue;
            todo.addAll(g.getNode(p).getInputList());
        }
        return need;
    }

    private Value value(String name) {
        Value v = values.get(name);
        if (v == null && initializers.containsKey(name) && !name.equals(inputName)) {
            v = OnnxTensors.read(initializers.get(name), "initializer '" + name + "'");
            values.put(name, v);
        }
        if (v == null) throw new OnnxImportError("uses '" + name + "', which no earlier node or initializer defines (nodes out of order, or a truncated file?)");
        if (v instanceof Value.Refused r) throw new OnnxImportError("uses '" + name + "', " + r.why());
        return v;
    }

    /** Input k of the node, or null when absent or empty. */
    private Value in(NodeProto n, int k) {
        if (k >= n.getInputCount() || n.getInput(k).isEmpty()) return null;
        return value(n.getInput(k));
    }

    private Value need(NodeProto n, int k) {
        Value v = in(n, k);
        if (v == null) throw new OnnxImportError("input " + k + " is missing");
        return v;
    }

    Const constIn(NodeProto n, int k, String what) {
        Value v = in(n, k);
        if (v == null) return null;
        if (!(v instanceof Const c)) throw new OnnxImportError(what + " ('" + n.getInput(k) + "') must be a constant, not " + describe(v));
        return c;
    }

    static String describe(Value v) {
        if (v == null) return "nothing (the input is missing)";
        if (v instanceof Sym s) return s.describe();
        if (v instanceof Zeros) return "a tensor of zeros with a symbolic shape";
        if (v instanceof Const c) return "a constant of shape " + Arrays.toString(c.dims);
        return v.toString();
    }

    /** The time steps when known (the input's static dim or --steps), else UNKNOWN. */
    long steps() {
        if (timeAxis < 0) return Const.UNKNOWN;
        if (inputDims[timeAxis] != Const.UNKNOWN) return inputDims[timeAxis];
        return stepsOption == null ? Const.UNKNOWN : stepsOption;
    }

    long dimOf(Sym s, Ax a) {
        return switch (a) {
            case IN0 -> inputDims[0];
            case IN1 -> inputDims[1];
            case IN2 -> inputDims[2];
            case BATCH -> batchAxis >= 0 ? inputDims[batchAxis] : Const.UNKNOWN;
            case TIME -> steps();
            case FEAT -> s.width;
            case UNIT -> 1;
            case STACK -> s.stack.length;
        };
    }

    /** Checks that the graph output is the logits of the dense chain. */
    private void finish(String outName) {
        Value v = values.get(outName);
        if (v == null) throw new OnnxImportError("the graph output '" + outName + "' is not computed by any node");
        if (rnn.isEmpty()) throw new OnnxImportError("the graph has no LSTM or GRU node on the way to its output; " + SUPPORTED);
        if (!(v instanceof Sym s) || s.kind != Sym.Kind.VEC) {
            throw new OnnxImportError("the graph output '" + outName + "' is " + describe(v) + "; TinyFit needs the output of a Linear layer (the logits)");
        }
        if (s.dense != dense.size()) throw new OnnxImportError("the graph output is the output of dense layer " + s.dense + " of " + dense.size());
        for (Ax a : s.axes) {
            if (a != Ax.BATCH && a != Ax.FEAT && a != Ax.UNIT) throw new OnnxImportError("the graph output has a " + a.name().toLowerCase() + " axis; TinyFit needs [batch, classes]");
        }
    }

    // ------------------------------------------------------------------ dispatch

    private Value[] apply(NodeProto n, Attrs at) {
        String dom = n.getDomain();
        if (!dom.isEmpty() && !dom.equals("ai.onnx")) throw unsupported(n);
        String op = n.getOpType();
        return switch (op) {
            case "Constant" -> one(constant(at));
            case "Identity" -> one(need(n, 0));
            case "Dropout" -> new Value[] {need(n, 0), new Value.Refused("the mask output of a Dropout node")};
            case "Cast" -> one(cast(need(n, 0), (int) at.i("to", OnnxTensors.FLOAT)));
            case "Shape" -> one(shape(need(n, 0), at));
            case "Gather" -> one(gather(n, at));
            case "Slice" -> one(slice(n, at));
            case "Concat" -> one(concat(n, at));
            case "Squeeze", "Unsqueeze" -> one(squeeze(n, at, op.equals("Unsqueeze")));
            case "Transpose" -> one(transpose(need(n, 0), at.ints("perm")));
            case "Reshape" -> one(reshape(n, at));
            case "Flatten" -> one(flatten(need(n, 0), at.i("axis", 1)));
            case "ConstantOfShape" -> one(constantOfShape(n, at));
            case "Expand" -> one(expand(n));
            case "Add", "Sub", "Mul", "Div" -> one(arith(n, op));
            case "MatMul" -> one(DenseNodes.matmul(this, n, need(n, 0), need(n, 1)));
            case "Gemm" -> one(DenseNodes.gemm(this, n, at, need(n, 0)));
            case "Relu", "Tanh", "Sigmoid" -> one(DenseNodes.activation(this, need(n, 0), Activation.parse(op)));
            case "Softmax", "LogSoftmax" -> one(DenseNodes.softmax(this, need(n, 0), at, opset, op));
            case "LSTM", "GRU" -> RnnNodes.apply(this, n, at, k -> in(n, k));
            default -> throw unsupported(n);
        };
    }

    private static Value[] one(Value v) { return new Value[] {v}; }

    private static OnnxImportError unsupported(NodeProto n) {
        return new OnnxImportError("is not supported. " + SUPPORTED);
    }

    // ------------------------------------------------------------------ ops

    private Value constant(Attrs at) {
        if (at.has("value")) return OnnxTensors.read(at.get("value").getT(), "the Constant's value");
        if (at.has("value_float")) return Const.floats(new long[0], new float[] {at.f("value_float", 0)});
        if (at.has("value_int")) return Const.scalar(at.i("value_int", 0));
        if (at.has("value_ints")) return Const.vector(at.ints("value_ints"));
        if (at.has("value_floats")) {
            List<Float> fl = at.get("value_floats").getFloatsList();
            float[] f = new float[fl.size()];
            for (int i = 0; i < f.length; i++) f[i] = fl.get(i);
            return Const.floats(new long[] {f.length}, f);
        }
        throw new OnnxImportError("has no value TinyFit can read (value, value_float(s), value_int(s)); attributes " + at.names());
    }

    private Value cast(Value v, int to) {
        if (v instanceof Const c) return ConstOps.cast(c, to);
        if (!OnnxTensors.isFloatType(to)) throw new OnnxImportError("casts " + describe(v) + " to " + OnnxTensors.typeName(to));
        return v;
    }

    private Value shape(Value v, Attrs at) {
        long[] dims;
        if (v instanceof Const c) dims = c.dims.clone();
        else if (v instanceof Zeros z) dims = z.dims().clone();
        else {
            Sym s = (Sym) v;
            dims = new long[s.rank()];
            for (int i = 0; i < dims.length; i++) dims[i] = dimOf(s, s.axes[i]);
        }
        Const sh = Const.vector(dims);
        if (at.has("start") || at.has("end")) {
            sh = ConstOps.slice(sh, new long[] {at.i("start", 0)}, new long[] {at.i("end", Long.MAX_VALUE)}, new long[] {0}, new long[] {1});
        }
        return sh;
    }

    private Value gather(NodeProto n, Attrs at) {
        Value data = need(n, 0);
        Const idx = constIn(n, 1, "Gather indices");
        if (idx == null) throw new OnnxImportError("has no indices");
        long axis = at.i("axis", 0);
        if (data instanceof Const c) return ConstOps.gather(c, idx, axis);
        if (data instanceof Zeros z) {
            int a = ConstOps.axis(axis, z.rank(), "Gather axis");
            long[] out = new long[z.rank() - 1 + idx.rank()];
            System.arraycopy(z.dims(), 0, out, 0, a);
            System.arraycopy(idx.dims, 0, out, a, idx.rank());
            System.arraycopy(z.dims(), a + 1, out, a + idx.rank(), z.rank() - a - 1);
            return new Zeros(out);
        }
        return SymOps.gather(this, (Sym) data, idx, axis);
    }

    /** Slice parameters from inputs (opset 10+) or attributes (opset 1-9). */
    private Value slice(NodeProto n, Attrs at) {
        Value data = need(n, 0);
        long[] starts, ends, axes, steps;
        if (at.has("starts")) {
            starts = at.ints("starts");
            ends = at.ints("ends");
            axes = at.ints("axes");
        } else {
            starts = ints(n, 1, "Slice starts");
            ends = ints(n, 2, "Slice ends");
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? ints(n, 3, "Slice axes") : null;
        }
        steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? ints(n, 4, "Slice steps") : null;
        if (starts == null || ends == null || starts.length != ends.length) throw new OnnxImportError("Slice starts and ends must have the same length");
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        if (steps == null) {
            steps = new long[starts.length];
            Arrays.fill(steps, 1);
        }
        if (axes.length != starts.length || steps.length != starts.length) throw new OnnxImportError("Slice axes and steps must match starts");
        if (data instanceof Const c) return ConstOps.slice(c, starts, ends, axes, steps);
        if (data instanceof Zeros z) {
            long[] out = z.dims().clone();
            for (int k = 0; k < starts.length; k++) {
                int a = ConstOps.axis(axes[k], z.rank(), "Slice axis");
                out[a] = out[a] == Const.UNKNOWN ? Const.UNKNOWN : ConstOps.range(out[a], starts[k], ends[k], steps[k]).count();
            }
            return new Zeros(out);
        }
        return SymOps.slice(this, (Sym) data, starts, ends, axes, steps);
    }

    private long[] ints(NodeProto n, int k, String what) {
        Const c = constIn(n, k, what);
        if (c == null) throw new OnnxImportError(what + " is missing");
        return c.ints(what);
    }

    private Value concat(NodeProto n, Attrs at) {
        long axis = at.i("axis", 0);
        List<Value> vs = new ArrayList<>();
        for (int k = 0; k < n.getInputCount(); k++) if (!n.getInput(k).isEmpty()) vs.add(value(n.getInput(k)));
        if (vs.isEmpty()) throw new OnnxImportError("has no inputs");
        if (vs.stream().allMatch(v -> v instanceof Const)) return ConstOps.concat(vs.stream().map(v -> (Const) v).toList(), axis);
        if (vs.stream().allMatch(v -> v instanceof Zeros || (v instanceof Const c && c.isFloat() && c.allZero()))) {
            int r = vs.get(0) instanceof Zeros z ? z.rank() : ((Const) vs.get(0)).rank();
            long[] dims = new long[r];
            Arrays.fill(dims, Const.UNKNOWN);
            return new Zeros(dims);
        }
        if (vs.stream().allMatch(v -> v instanceof Sym)) return SymOps.concat(vs.stream().map(v -> (Sym) v).toList(), axis);
        throw new OnnxImportError("concatenates computed tensors with constants (" + vs.stream().map(GraphInterpreter::describe).toList() + ")");
    }

    private Value squeeze(NodeProto n, Attrs at, boolean unsqueeze) {
        Value data = need(n, 0);
        long[] axes = at.has("axes") ? at.ints("axes") : (n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? ints(n, 1, "axes") : null);
        if (unsqueeze) {
            if (axes == null || axes.length == 0) throw new OnnxImportError("Unsqueeze needs axes");
            if (data instanceof Const c) return ConstOps.withDims(c, ConstOps.unsqueezeDims(c.dims, axes));
            if (data instanceof Zeros z) return new Zeros(ConstOps.unsqueezeDims(z.dims(), axes));
            return SymOps.unsqueeze((Sym) data, axes);
        }
        if (data instanceof Const c) return ConstOps.withDims(c, ConstOps.squeezeDims(c.dims, axes));
        if (data instanceof Zeros z) return new Zeros(ConstOps.squeezeDims(z.dims(), axes));
        return SymOps.squeeze(this, (Sym) data, axes);
    }

    private Value transpose(Value v, long[] permAttr) {
        if (v instanceof Const c) return ConstOps.transpose(c, ConstOps.perm(permAttr, c.rank()));
        if (v instanceof Zeros z) {
            int[] p = ConstOps.perm(permAttr, z.rank());
            long[] out = new long[p.length];
            for (int i = 0; i < p.length; i++) out[i] = z.dims()[p[i]];
            return new Zeros(out);
        }
        Sym s = (Sym) v;
        int[] p = ConstOps.perm(permAttr, s.rank());
        Ax[] out = new Ax[p.length];
        for (int i = 0; i < p.length; i++) out[i] = s.axes[p[i]];
        return s.withAxes(out);
    }

    private Value reshape(NodeProto n, Attrs at) {
        Value data = need(n, 0);
        long[] shape = ints(n, 1, "Reshape shape");
        boolean allowZero = at.i("allowzero", 0) != 0;
        if (data instanceof Const c) return ConstOps.withDims(c, ConstOps.reshapeDims(c.dims, shape, allowZero));
        if (data instanceof Zeros z) {
            long[] out = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                out[i] = shape[i] == 0 && !allowZero && i < z.rank() ? z.dims()[i] : (shape[i] < 0 ? Const.UNKNOWN : shape[i]);
            }
            return new Zeros(out);
        }
        return SymOps.reshape(this, (Sym) data, shape, allowZero);
    }

    private Value flatten(Value v, long axisAttr) {
        int r = v instanceof Const c ? c.rank() : v instanceof Zeros z ? z.rank() : ((Sym) v).rank();
        long ax = axisAttr < 0 ? axisAttr + r : axisAttr;
        if (ax < 0 || ax > r) throw new OnnxImportError("Flatten axis " + axisAttr + " is out of range for rank " + r);
        if (v instanceof Const c) {
            long a = 1, b = 1;
            for (int i = 0; i < r; i++) if (i < ax) a *= c.dims[i]; else b *= c.dims[i];
            return ConstOps.withDims(c, new long[] {a, b});
        }
        if (v instanceof Zeros) return new Zeros(new long[] {Const.UNKNOWN, Const.UNKNOWN});
        return SymOps.flatten((Sym) v, (int) ax);
    }

    private Value constantOfShape(NodeProto n, Attrs at) {
        Const shape = constIn(n, 0, "ConstantOfShape shape");
        if (shape == null) throw new OnnxImportError("has no shape input");
        float fill = 0f;
        boolean isFloat = true;
        if (at.has("value")) {
            Const v = OnnxTensors.read(at.get("value").getT(), "the ConstantOfShape value");
            if (v.size() != 1) throw new OnnxImportError("value must hold one element");
            fill = (float) v.get(0);
            isFloat = v.isFloat();
        }
        long[] dims = shape.l == null ? null : shape.l.clone();
        if (dims == null) throw new OnnxImportError("shape must be an integer tensor");
        if (!shape.known()) {
            if (fill != 0f) throw new OnnxImportError("fills a tensor of symbolic shape with " + fill + "; TinyFit accepts zeros only");
            return new Zeros(dims);
        }
        int count = Limits.allocate(dims, isFloat, "ConstantOfShape result");
        if (isFloat) {
            float[] f = new float[count];
            Arrays.fill(f, fill);
            return Const.floats(dims, f);
        }
        long[] l = new long[count];
        Arrays.fill(l, (long) fill);
        return Const.longs(dims, l);
    }

    private Value expand(NodeProto n) {
        Value data = need(n, 0);
        Const shape = constIn(n, 1, "Expand shape");
        if (shape == null) throw new OnnxImportError("has no shape input");
        boolean zeros = data instanceof Zeros || (data instanceof Const c && c.isFloat() && c.allZero());
        if (data instanceof Const c && shape.known()) return ConstOps.expand(c, shape.ints("Expand shape"));
        if (zeros) {
            long[] s = shape.l;
            if (s == null) throw new OnnxImportError("shape must be an integer tensor");
            return new Zeros(s.clone());
        }
        throw new OnnxImportError("expands " + describe(data) + " to a symbolic shape; TinyFit accepts this for zeros only");
    }

    private Value arith(NodeProto n, String op) {
        Value a = need(n, 0), b = need(n, 1);
        if (a instanceof Const ca && b instanceof Const cb) return ConstOps.arith(op, ca, cb);
        if ((op.equals("Add") || op.equals("Sub")) && a instanceof Sym s && b instanceof Const c) return DenseNodes.addBias(this, s, c, op.equals("Sub"));
        if (op.equals("Add") && a instanceof Const c && b instanceof Sym s) return DenseNodes.addBias(this, s, c, false);
        if ((op.equals("Add") || op.equals("Sub")) && b instanceof Zeros) return a;
        if (op.equals("Add") && a instanceof Zeros) return b;
        throw new OnnxImportError(op + " of " + describe(a) + " and " + describe(b) + " is not supported; TinyFit reads " + op
                + (op.equals("Add") || op.equals("Sub") ? " of a constant bias to a Linear layer's output" : " on constants (shape arithmetic)"));
    }
}
