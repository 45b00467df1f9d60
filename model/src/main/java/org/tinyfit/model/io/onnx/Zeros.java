package org.tinyfit.model.io.onnx;

/**
 * A float tensor known to be all zeros whose dims may be unknown ({@link Const#UNKNOWN}),
 * e.g. the initial state PyTorch builds with {@code ConstantOfShape(Concat(1, Shape(x)[0], H))}.
 */
record Zeros(long[] dims) implements Value {
    int rank() { return dims.length; }
}
