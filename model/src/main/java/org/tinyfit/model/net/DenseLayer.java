package org.tinyfit.model.net;

/** y = act(W x + b), W of shape out x in. */
public record DenseLayer(String name, int inputSize, int outputSize, LinearOp kernel, float[] bias,
                         Activation activation) implements Layer {
    public DenseLayer {
        Layer.checkName(name);
        if (inputSize <= 0 || outputSize <= 0) throw new IllegalArgumentException("dense layer '" + name + "' needs positive sizes");
        Layer.checkKernel(kernel, outputSize, inputSize, "kernel of dense layer '" + name + "'");
        Layer.checkLength(bias, outputSize, "bias of dense layer '" + name + "'");
    }

    @Override public Layer withKernel(LinearOp k) { return new DenseLayer(name, inputSize, outputSize, k, bias, activation); }
    @Override public int extraParams() { return outputSize; }
    @Override public String typeId() { return "dense"; }

    /** out[outOff..) = act(W in[inOff..) + b). */
    public void forward(float[] in, int inOff, float[] out, int outOff, float[] work) {
        kernel.apply(in, inOff, out, outOff, work);
        for (int i = 0; i < outputSize; i++) out[outOff + i] += bias[i];
        activation.apply(out, outOff, outputSize);
    }
}
