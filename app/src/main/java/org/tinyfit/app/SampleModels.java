package org.tinyfit.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shipped sample models: folders {@code sample-models/NAME/} holding
 * {@code NAME.tinyfit}. The folder is found from the system property
 * {@code tinyfit.home} (a folder containing sample-models/), else the
 * environment variable {@code TINYFIT_HOME}, else the working directory and its
 * parents, else next to the application's jar (installed app).
 */
public final class SampleModels {
    /** One sample model. */
    public record Sample(String name, Path file) { }

    private SampleModels() { }

    public static Optional<Path> directory() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("tinyfit.home");
        if (prop != null && !prop.isBlank()) candidates.add(Path.of(prop));
        String env = System.getenv("TINYFIT_HOME");
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) candidates.add(p);
        try {
            Path jar = Path.of(SampleModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) candidates.add(p);
        } catch (Exception ignored) {
            // no code source (e.g. custom class loader): skip
        }
        for (Path c : candidates) {
            Path d = c.resolve("sample-models");
            if (Files.isDirectory(d)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** All sample models, sorted by name. */
    public static List<Sample> list() {
        Optional<Path> dir = directory();
        if (dir.isEmpty()) return List.of();
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.get())) {
            s.filter(Files::isDirectory).sorted().forEach(d -> {
                Path f = d.resolve(d.getFileName() + ".tinyfit");
                if (Files.isRegularFile(f)) out.add(new Sample(d.getFileName().toString(), f));
            });
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** The file of sample model {@code name}, if shipped. */
    public static Optional<Path> find(String name) {
        for (Sample s : list()) if (s.name().equals(name)) return Optional.of(s.file());
        return Optional.empty();
    }
}
