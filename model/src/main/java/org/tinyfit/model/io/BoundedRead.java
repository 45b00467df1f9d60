package org.tinyfit.model.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads whole files and streams with a limit on the bytes actually read, never on the size
 * a file reports: {@code /dev/zero}, a FIFO or a symbolic link to either reports 0 bytes and
 * never ends. The buffer grows with what arrives, so a lying size costs nothing.
 */
public final class BoundedRead {
    private static final int CHUNK = 1 << 16;

    private BoundedRead() { }

    /**
     * The file's bytes, at most {@code max}; {@code what} names the kind of file in messages
     * ("a plan file"). A folder, a missing file and a longer file are refused with the file's name.
     */
    public static byte[] bytes(Path file, long max, String what) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new TinyfitFormatException(name, "is a folder, not " + what);
        if (!Files.exists(file)) throw new NoSuchFileException(name);
        try (InputStream in = Files.newInputStream(file)) {
            return bytes(in, max, name, what);
        }
    }

    /** At most {@code max} bytes of a stream; more is refused naming {@code name}. */
    public static byte[] bytes(InputStream in, long max, String name, String what) throws IOException {
        if (max < 0 || max > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("limit " + max + " is not an array size");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(max + 1, CHUNK));
        byte[] buf = new byte[(int) Math.min(max + 1, CHUNK)];
        long total = 0;
        while (true) {
            int want = (int) Math.min(buf.length, max + 1 - total);
            if (want <= 0) break;
            int r = in.read(buf, 0, want);
            if (r < 0) break;
            total += r;
            if (total > max) throw new TinyfitFormatException(name, "is larger than the limit of " + max + " bytes for " + what);
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** The file as UTF-8 text of at most {@code max} bytes; malformed UTF-8 is refused. */
    public static String utf8(Path file, long max, String what) throws IOException {
        return utf8(bytes(file, max, what), file.toString(), what);
    }

    /** Bytes as strict UTF-8 (malformed input is refused naming {@code name}). */
    public static String utf8(byte[] bytes, String name, String what) throws TinyfitFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TinyfitFormatException(name, "is not UTF-8 text (not " + what + "?)");
        }
    }
}
