package org.tinyfit.app.cli;

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
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * Writes a one-LSTM + one-Linear TinyFit network as the ONNX graph PyTorch
 * exports for it (batch_first, out[:, -1, :], Gemm), reordering TinyFit's gate
 * blocks i, f, g, o into ONNX's i, o, f, c. A test fixture for the CLI.
 */
final class OnnxExport {
    private OnnxExport() { }

    private static TensorProto tensor(String name, long[] dims, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    private static TensorProto ints(String name, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length).setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static NodeProto node(String op, String name, String[] in, String[] out, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : in) n.addInput(i);
        for (String o : out) n.addOutput(o);
        for (AttributeProto a : attrs) n.addAttribute(a);
        return n.build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static ValueInfoProto info(String name, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
            else s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** The ONNX model of {@code net} (layers: lstm, fc); {@code symbolicSteps} leaves the time dimension open. */
    static ModelProto of(Network net, boolean symbolicSteps) {
        RnnLayer l = (RnnLayer) net.layers().get(0);
        DenseLayer fc = (DenseLayer) net.layers().get(1);
        int nI = l.inputSize(), nH = l.hidden(), cols = nI + nH, nK = fc.outputSize();
        float[] k = l.kernel().toDense();
        float[] w = new float[4 * nH * nI], r = new float[4 * nH * nH], b = new float[8 * nH];
        int[] tinyfitBlockOfOnnx = {0, 3, 1, 2}; // ONNX i, o, f, c <- TinyFit i, f, g, o
        for (int q = 0; q < 4; q++) {
            int tb = tinyfitBlockOfOnnx[q];
            for (int u = 0; u < nH; u++) {
                int src = (tb * nH + u) * cols, dst = q * nH + u;
                System.arraycopy(k, src, w, dst * nI, nI);
                System.arraycopy(k, src + nI, r, dst * nH, nH);
                b[dst] = l.bias()[tb * nH + u];
            }
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName("main_graph");
        g.addInput(info("input", "batch", symbolicSteps ? "sequence" : net.steps(), nI));
        g.addOutput(info("logits", "batch", nK));
        g.addInitializer(tensor("W", new long[] {1, 4 * nH, nI}, w));
        g.addInitializer(tensor("R", new long[] {1, 4 * nH, nH}, r));
        g.addInitializer(tensor("B", new long[] {1, 8 * nH}, b));
        g.addInitializer(tensor("fc.weight", new long[] {nK, nH}, fc.kernel().toDense()));
        g.addInitializer(tensor("fc.bias", new long[] {nK}, fc.bias()));
        g.addInitializer(ints("axis1", 1));
        g.addInitializer(TensorProto.newBuilder().setName("last").setDataType(7).addInt64Data(-1).build());
        g.addNode(node("Transpose", "/lstm/Transpose", new String[] {"input"}, new String[] {"xt"}, intsAttr("perm", 1, 0, 2)));
        g.addNode(node("LSTM", "/lstm/LSTM", new String[] {"xt", "W", "R", "B"}, new String[] {"y", "yh", "yc"}, intAttr("hidden_size", nH)));
        g.addNode(node("Squeeze", "/lstm/Squeeze", new String[] {"y", "axis1"}, new String[] {"ys"}));
        g.addNode(node("Transpose", "/Transpose", new String[] {"ys"}, new String[] {"yb"}, intsAttr("perm", 1, 0, 2)));
        g.addNode(node("Gather", "/Gather", new String[] {"yb", "last"}, new String[] {"h"}, intAttr("axis", 1)));
        g.addNode(node("Gemm", "/fc/Gemm", new String[] {"h", "fc.weight", "fc.bias"}, new String[] {"logits"}, intAttr("transB", 1)));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.1.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build();
    }
}
