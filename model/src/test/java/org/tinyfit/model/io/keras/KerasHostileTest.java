package org.tinyfit.model.io.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.TinyfitFormatException;

/** Corrupt Keras files end in a message naming the file, never in an out-of-memory error or a hang. */
class KerasHostileTest {
    @TempDir Path dir;

    @Test
    void flippedObjectHeaderByteIsAMessage() throws Exception {
        Path valid = dir.resolve("valid.h5");
        KerasImportTest.lstmSoftmax().file().write(valid);
        byte[] b = Files.readAllBytes(valid);
        // issue 16: byte 73 of a valid LSTM file, 0x00 -> 0x44, made jhdf allocate a buffer of the
        // object header's declared chunk size (far beyond the file) until the heap was gone
        b[73] = 0x44;
        Path bad = dir.resolve("flipped.h5");
        Files.write(bad, b);
        TinyfitFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(TinyfitFormatException.class, () -> KerasImporter.read(bad)));
        assertTrue(e.getMessage().startsWith(bad + ": is not a readable HDF5 file"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void everySingleByteFlipOfTheHeaderRegionEndsInAMessageOrAModel() throws Exception {
        Path valid = dir.resolve("valid.h5");
        KerasImportTest.lstmSoftmax().file().write(valid);
        byte[] orig = Files.readAllBytes(valid);
        Path p = dir.resolve("m.h5");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < Math.min(orig.length, 1200); i += 3) {
                byte[] b = orig.clone();
                b[i] ^= 0x44;
                Files.write(p, b);
                try {
                    KerasImporter.read(p);
                } catch (TinyfitFormatException e) {
                    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                }
            }
        });
    }
}
