package org.tinyfit.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.LinearOp;

/** The registry of kernel codecs; dense is built in, compressed techniques register theirs. */
public final class KernelCodecs {
    private static final List<KernelCodec> CODECS = new CopyOnWriteArrayList<>();

    static {
        CODECS.add(new DenseCodec());
        // compressed techniques (and quantized dense, which replaces the float-only dense codec)
        for (KernelCodec c : CompressedCodec.all()) register(c);
    }

    private KernelCodecs() { }

    /** Adds a codec; a later codec for the same technique replaces the earlier one. */
    public static void register(KernelCodec c) {
        CODECS.removeIf(o -> o.technique().equals(c.technique()));
        CODECS.add(0, c);
    }

    static KernelCodec forOp(LinearOp op) {
        for (KernelCodec c : CODECS) if (c.canEncode(op)) return c;
        // anything else is stored as its dense reconstruction
        return CODECS.stream().filter(c -> c.technique().equals("dense")).findFirst().orElseThrow();
    }

    static KernelCodec forTechnique(String t) {
        for (KernelCodec c : CODECS) if (c.technique().equals(t)) return c;
        return null;
    }

    static List<String> techniques() {
        return CODECS.stream().map(KernelCodec::technique).sorted().toList();
    }

    /** Tensor of a role, checked for presence and element count. */
    public static Safetensors.Tensor tensor(Map<String, Safetensors.Tensor> tensors, String name, long elements) {
        Safetensors.Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("missing tensor '" + name + "'");
        if (t.elements() != elements) throw new IllegalArgumentException("tensor '" + name + "' has " + t.elements() + " values, expected " + elements);
        return t;
    }

    /**
     * Tensor of a role with exactly this shape: present, the element count (the first message
     * when it differs), then every dimension, so [40, 32] or [1280] never loads as 32 x 40.
     */
    public static Safetensors.Tensor shaped(Map<String, Safetensors.Tensor> tensors, String name, long... shape) {
        Safetensors.Tensor t = tensor(tensors, name, Safetensors.Tensor.elementCount(shape));
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape()) + ", expected " + java.util.Arrays.toString(shape));
        }
        return t;
    }

    /** Uncompressed float32 matrix: tensor {@code NAME} of shape [rows, cols]. */
    static final class DenseCodec implements KernelCodec {
        @Override public String technique() { return "dense"; }

        @Override public boolean canEncode(LinearOp op) { return op instanceof DenseOp; }

        @Override public List<Safetensors.Tensor> encode(String matrixName, LinearOp op, ObjectNode kernel) {
            float[] w = op instanceof DenseOp d ? d.data() : op.toDense();
            kernel.put("technique", "dense");
            kernel.putObject("tensors").put("w", matrixName);
            return List.of(Safetensors.Tensor.f32(matrixName, w, op.rows(), op.cols()));
        }

        @Override public LinearOp decode(String matrixName, int rows, int cols, JsonNode kernel, Map<String, Safetensors.Tensor> tensors) {
            String tn = kernel.path("tensors").path("w").asText(matrixName);
            Safetensors.Tensor t = tensor(tensors, tn, (long) rows * cols);
            if (t.rank() != 2 || t.shape()[0] != rows || t.shape()[1] != cols) {
                throw new IllegalArgumentException("tensor '" + tn + "' has shape " + java.util.Arrays.toString(t.shape()) + ", the layer needs [" + rows + ", " + cols + "]");
            }
            return new DenseOp(FiniteWeights.require(t.toFloats(), tn), rows, cols);
        }
    }
}
