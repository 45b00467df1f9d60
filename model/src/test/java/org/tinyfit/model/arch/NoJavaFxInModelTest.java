package org.tinyfit.model.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model module must never reference JavaFX: checked on the compiled classes' constant pools. */
class NoJavaFxInModelTest {

    @Test
    void compiledModelClassesNeverReferenceJavafx() throws IOException {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), "run from the model module after compilation");
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator) {
                scanned++;
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (text.contains("javafx/") || text.contains("javafx.")) offenders.add(classes.relativize(p).toString());
            }
        }
        assertTrue(scanned > 5, "found only " + scanned + " classes");
        assertTrue(offenders.isEmpty(), "model classes reference JavaFX: " + offenders);
    }
}
