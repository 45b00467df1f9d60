package org.tinyfit.model.search;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shipped sample models are, from the test's working folder. */
final class SearchTestFiles {
    private SearchTestFiles() { }

    static Path samples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/digits-fastrnn"))) return p.resolve("sample-models");
        }
        throw new IllegalStateException("sample-models/digits-fastrnn not found above " + Path.of("").toAbsolutePath());
    }

    static Path model(String name) { return samples().resolve(name).resolve(name + ".tinyfit"); }
}
