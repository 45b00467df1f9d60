package org.tinyfit.model.io.load;

import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.TinyfitFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.io.keras.KerasImporter;
import org.tinyfit.model.io.onnx.OnnxImporter;
import org.tinyfit.model.net.Network;

/**
 * Reads a model from any file TinyFit understands: {@code .tinyfit}, or an ONNX
 * ({@code .onnx}) or Keras ({@code .h5}) file imported in memory. The extension
 * decides; a file with another extension is recognised by its first bytes (zip:
 * .tinyfit, HDF5: Keras, otherwise ONNX).
 */
public final class ModelFiles {
    /** What a file holds. */
    public enum Kind { TINYFIT, ONNX, KERAS }

    /** Extensions of importable files (lower case, with the dot). */
    public static final List<String> ONNX_EXTENSIONS = List.of(".onnx");
    public static final List<String> KERAS_EXTENSIONS = List.of(".h5", ".hdf5", ".keras");

    private ModelFiles() { }

    public static Kind kind(Path file) throws IOException {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".tinyfit")) return Kind.TINYFIT;
        for (String e : ONNX_EXTENSIONS) if (n.endsWith(e)) return Kind.ONNX;
        for (String e : KERAS_EXTENSIONS) if (n.endsWith(e)) return Kind.KERAS;
        byte[] head = new byte[8];
        int got = 0;
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                got = in.readNBytes(head, 0, head.length);
            }
        }
        if (got >= 2 && head[0] == 'P' && head[1] == 'K') return Kind.TINYFIT;
        if (got >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return Kind.KERAS;
        return got == 0 ? Kind.TINYFIT : Kind.ONNX;
    }

    /** Reads or imports the model with default import options. */
    public static Network read(Path file) throws IOException {
        return read(file, ImportOptions.DEFAULT);
    }

    /** Reads a .tinyfit model, or imports an ONNX or Keras file with the given options. */
    public static Network read(Path file, ImportOptions opts) throws IOException {
        return switch (kind(file)) {
            case TINYFIT -> opts.name() == null ? TinyfitFile.read(file) : TinyfitFile.read(file).withName(opts.name());
            case ONNX -> OnnxImporter.read(file, opts);
            case KERAS -> KerasImporter.read(file, opts);
        };
    }
}
