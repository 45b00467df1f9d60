package org.tinyfit.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.net.LinearOp;

/**
 * Stores one representation of a weight matrix in a .tinyfit file: its settings
 * go into the layer's {@code "kernel"} object in model.json (beside
 * {@code "technique"}), its tensors into weights.safetensors under names that
 * start with the matrix name.
 */
public interface KernelCodec {
    /** The {@code "technique"} value this codec reads and writes. */
    String technique();

    boolean canEncode(LinearOp op);

    /** Writes settings into {@code kernel} and returns the tensors (named {@code matrixName + "." + role}). */
    List<Safetensors.Tensor> encode(String matrixName, LinearOp op, ObjectNode kernel);

    /**
     * Builds the operator from its settings and tensors; {@code rows} x {@code cols} is
     * the shape the layer requires. Throw IllegalArgumentException with a clear message
     * for inconsistent input; the reader adds the file name.
     */
    LinearOp decode(String matrixName, int rows, int cols, JsonNode kernel, Map<String, Safetensors.Tensor> tensors);
}
