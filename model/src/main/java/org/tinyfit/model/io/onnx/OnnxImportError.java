package org.tinyfit.model.io.onnx;

/** A problem found while interpreting the graph; the importer adds the file and node to the message. */
final class OnnxImportError extends RuntimeException {
    OnnxImportError(String message) {
        super(message);
    }
}
