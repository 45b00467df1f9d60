package org.tinyfit.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tinyfit.views.SampleModel;

/** The shipped sample models, found as {@link AppServices#resolveHome()} describes. */
public final class SampleModels {
    private SampleModels() { }

    /** All sample models, sorted by name (empty when no sample-models folder is found). */
    public static List<SampleModel> list() {
        try {
            return AppServices.scanSamples(AppServices.resolveHome().orElse(null));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file of sample model {@code name}, if shipped. */
    public static Optional<Path> find(String name) {
        for (SampleModel s : list()) if (s.name().equals(name)) return Optional.of(s.path());
        return Optional.empty();
    }
}
