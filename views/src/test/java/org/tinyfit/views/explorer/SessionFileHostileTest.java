package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: session files that are not what they claim end in one-line messages. */
class SessionFileHostileTest {
    @TempDir Path dir;

    @Test
    void modelPathWithANulIsAMessage() throws IOException {
        Path f = dir.resolve("nul" + SessionFile.EXTENSION);
        Files.writeString(f, "{\"format\": \"tinyfit-session\", \"version\": 1, \"model\": \"/tmp/a\\u0000b.tinyfit\"}");
        String m = assertThrows(IOException.class, () -> SessionFile.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": the session's model '/tmp/a\\u0000b.tinyfit' is not a valid path"), m);
        assertEquals(1, m.lines().count());
    }

    @Test
    void linkToDevZeroIsBoundedByWhatIsRead() throws IOException {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) return;
        Path f = dir.resolve("zero" + SessionFile.EXTENSION);
        Files.createSymbolicLink(f, zero);
        String m = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(IOException.class, () -> SessionFile.read(f)).getMessage());
        assertTrue(m.startsWith(f + ": not a TinyFit session (is larger than the limit of"), m);
    }

    @Test
    void writeIsAtomicAndReadsBack() throws IOException {
        Path f = dir.resolve("s" + SessionFile.EXTENSION);
        SessionFile.Session s = new SessionFile.Session(dir.resolve("m.tinyfit"), "nucleo-f746zg", "fc.kernel=lmf:2", "fc.kernel",
                List.of("a"), List.of(), List.of());
        SessionFile.write(s, f);
        SessionFile.write(s, f);
        assertEquals("fc.kernel=lmf:2", SessionFile.read(f).plan());
        try (var l = Files.list(dir)) {
            assertEquals(List.of(f), l.toList());
        }
    }
}
