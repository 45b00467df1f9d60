package org.tinyfit.views.explorer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Jazzer fuzz test of the session reader (regression mode in mvn verify, seeds in
 * {@code SessionFuzzTestInputs/session/}; a longer campaign: docs/FUZZING.md). Any input ends in
 * a session or in an IOException with a one-line message that names the file.
 */
@Tag("fuzz")
class SessionFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m")
    void session(byte[] data) throws IOException {
        if (file == null) {
            file = Files.createTempFile("tinyfit-fuzz", SessionFile.EXTENSION);
            file.toFile().deleteOnExit();
        }
        Files.write(file, data);
        try {
            SessionFile.read(file);
        } catch (IOException e) {
            String m = e.getMessage();
            if (m == null || !m.startsWith(file.toString()) || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
                throw new AssertionError("not one line naming the file: " + m, e);
            }
        }
    }
}
