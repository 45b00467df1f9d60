package org.tinyfit.model.io.onnx;

/**
 * What the importer knows about one tensor of the ONNX graph: a constant
 * ({@link Const}, possibly with unknown entries when it is a shape), a tensor of
 * zeros of partly unknown shape ({@link Zeros}), a tensor computed from the
 * model input ({@link Sym}) or a value that must not be used ({@link Refused}).
 */
sealed interface Value permits Const, Zeros, Sym, Value.Refused {

    /** A value the importer cannot represent; using it is an error with this reason. */
    record Refused(String why) implements Value { }
}
