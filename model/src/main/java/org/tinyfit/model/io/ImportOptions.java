package org.tinyfit.model.io;

/**
 * Settings of a model import (ONNX, Keras).
 *
 * @param steps time steps when the file leaves them open (a symbolic dimension); null when the file fixes them
 * @param name  model name; null takes the file name without its extension
 */
public record ImportOptions(Integer steps, String name) {
    public static final ImportOptions DEFAULT = new ImportOptions(null, null);

    public ImportOptions {
        if (steps != null && (steps <= 0 || steps > 1_000_000)) throw new IllegalArgumentException("steps must be between 1 and 1000000, got " + steps);
        if (name != null && name.isBlank()) throw new IllegalArgumentException("the model name must not be empty");
        String problem = name == null ? null : SafeNames.nameProblem(name);
        if (problem != null) throw new IllegalArgumentException("the model name '" + SafeNames.printable(name) + "' " + problem);
    }

    /** The model name for a file: {@link #name()} or the file name without its extension. */
    public String nameFor(java.nio.file.Path file) {
        if (name != null) return name;
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        String base = dot > 0 ? f.substring(0, dot) : f;
        return base.isBlank() ? "imported" : base;
    }
}
