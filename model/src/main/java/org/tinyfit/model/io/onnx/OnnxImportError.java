package org.tinyfit.model.io.onnx;

/** A problem found while interpreting the graph; the importer adds the file and node to the message. */
final class OnnxImportError extends RuntimeException {
    /** True for a size or memory limit: the message needs no hint about what TinyFit imports. */
    final boolean limit;

    OnnxImportError(String message) {
        this(message, false);
    }

    OnnxImportError(String message, boolean limit) {
        super(message);
        this.limit = limit;
    }
}
