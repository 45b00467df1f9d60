package org.tinyfit.views;

import java.nio.file.Path;
import java.util.Objects;

/** A shipped model the picker offers: display name and the {@code .tinyfit} file. */
public record SampleModel(String name, Path path) {
    public SampleModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }

    @Override public String toString() { return name; }
}
