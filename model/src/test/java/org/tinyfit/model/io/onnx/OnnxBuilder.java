package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds ONNX graphs in tests, the way PyTorch's exporter lays them out. */
final class OnnxBuilder {
    final GraphProto.Builder g = GraphProto.newBuilder().setName("main_graph");
    private int counter;

    static TensorProto floats(String name, long[] dims, float[] data, boolean raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(OnnxTensors.FLOAT);
        for (long d : dims) t.addDims(d);
        if (raw) {
            ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : data) b.putFloat(f);
            t.setRawData(ByteString.copyFrom(b.array()));
        } else {
            for (float f : data) t.addFloatData(f);
        }
        return t.build();
    }

    static TensorProto longs(String name, long[] dims, long... data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(OnnxTensors.INT64);
        for (long d : dims) t.addDims(d);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) b.putLong(v);
        t.setRawData(ByteString.copyFrom(b.array()));
        return t.build();
    }

    /** A float initializer (raw_data). */
    String init(String name, long[] dims, float[] data) {
        g.addInitializer(floats(name, dims, data, true));
        return name;
    }

    /** An int64 vector initializer. */
    String ints(String name, long... v) {
        g.addInitializer(longs(name, new long[] {v.length}, v));
        return name;
    }

    /** An int64 scalar initializer. */
    String scalar(String name, long v) {
        g.addInitializer(longs(name, new long[0], v));
        return name;
    }

    /** A Constant node holding a float tensor in float_data; returns its output. */
    String constant(String name, long[] dims, float[] data) {
        g.addNode(NodeProto.newBuilder().setOpType("Constant").setName(name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(floats(name, dims, data, false))));
        return name;
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto attr(String name, long[] v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    static AttributeProto attr(String name, TensorProto t) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    /** Adds a node with {@code outputs} outputs named after the op; returns the output names. */
    String[] node(String op, int outputs, String[] inputs, AttributeProto... attrs) {
        int id = counter++;
        String name = "/" + op + "_" + id;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : inputs) n.addInput(i);
        String[] outs = new String[outputs];
        for (int k = 0; k < outputs; k++) {
            outs[k] = name + "_output_" + k;
            n.addOutput(outs[k]);
        }
        for (AttributeProto a : attrs) n.addAttribute(a);
        g.addNode(n);
        return outs;
    }

    /** A one-output node. */
    String op(String op, String[] inputs, AttributeProto... attrs) {
        return node(op, 1, inputs, attrs)[0];
    }

    static String[] in(String... s) { return s; }

    private static TypeProto type(Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
            else s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(OnnxTensors.FLOAT).setShape(s)).build();
    }

    /** A graph input; dims are numbers or symbolic names. */
    String input(String name, Object... dims) {
        g.addInput(ValueInfoProto.newBuilder().setName(name).setType(type(dims)));
        return name;
    }

    void output(String name, Object... dims) {
        g.addOutput(ValueInfoProto.newBuilder().setName(name).setType(type(dims)));
    }

    ModelProto model(int opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build();
    }

    // ---- PyTorch glue ----

    /** PyTorch's zero initial state for a dynamic batch: ConstantOfShape(Concat([layers], Shape(x)[0], [H])). */
    String zeroState(String x, int layers, int hidden) {
        String shape = op("Shape", in(x));
        String b = op("Gather", in(shape, scalar("idx0_" + counter, 0)), attr("axis", 0L));
        String b1 = op("Unsqueeze", in(b, ints("ax0_" + counter, 0)));
        String dims = op("Concat", in(ints("layers_" + counter, layers), b1, ints("hid_" + counter, hidden)), attr("axis", 0L));
        return op("ConstantOfShape", in(dims), attr("value", floats("v", new long[] {1}, new float[] {0f}, true)));
    }
}
