package org.tinyfit.model.net;

/**
 * A layer of a sequence classifier. Every layer has one weight matrix,
 * {@code kernel}, addressed in plans as {@code NAME.kernel}; biases and
 * scalars stay uncompressed.
 */
public sealed interface Layer permits RnnLayer, DenseLayer {
    String name();

    /** Inputs per step (RNN) or input features (dense). */
    int inputSize();

    /** Hidden units (RNN) or outputs (dense). */
    int outputSize();

    LinearOp kernel();

    /** The same layer with another representation of its kernel (same shape). */
    Layer withKernel(LinearOp kernel);

    /** Name of the kernel matrix in plans: {@code NAME.kernel}. */
    default String kernelName() { return name() + ".kernel"; }

    /** Uncompressed values besides the kernel: biases and scalars. */
    int extraParams();

    /** Parameters of the layer: stored kernel values plus biases and scalars. */
    default long params() { return kernel().storedValues() + extraParams(); }

    /** Short type label for tables ("lstm", "gru", "fastrnn", "fastgrnn", "dense"). */
    String typeId();

    static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("layer name '" + name + "' must be non-empty letters, digits, '_' or '-'");
        }
    }

    static void checkKernel(LinearOp k, int rows, int cols, String what) {
        if (k.rows() != rows || k.cols() != cols) {
            throw new IllegalArgumentException(what + " must be " + rows + "x" + cols + ", got " + k.rows() + "x" + k.cols());
        }
    }

    static void checkLength(float[] v, int len, String what) {
        if (v == null || v.length != len) {
            throw new IllegalArgumentException(what + " must have " + len + " values, got " + (v == null ? "none" : v.length));
        }
    }
}
