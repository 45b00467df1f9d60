package org.tinyfit.model.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of a search, {@code DIR/journal.jsonl}: one JSON object per line
 * ({@code type} header, start, done or failed), each line written and forced to disk before the
 * search goes on. Opening it again reads every complete line; a torn last line (a kill during
 * a write) is dropped and cut off the file, so the next append starts on a line of its own.
 */
public final class Journal implements Closeable {
    public static final String FILE = "journal.jsonl";
    /** Largest journal read (bytes). */
    static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final List<Map<String, Object>> entries;
    private final boolean tornTail;

    private Journal(Path file, FileChannel channel, List<Map<String, Object>> entries, boolean tornTail) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
        this.tornTail = tornTail;
    }

    /** Opens (or creates) the journal in {@code dir}. */
    public static Journal open(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        List<Map<String, Object>> out = new ArrayList<>();
        boolean torn = false;
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size > MAX_BYTES) throw new IOException(f + ": journal of " + size + " bytes (at most " + MAX_BYTES + ")");
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) { }
            byte[] b = buf.array();
            int lastNl = -1;
            for (int i = b.length - 1; i >= 0; i--) if (b[i] == '\n') { lastNl = i; break; }
            String text = new String(b, 0, lastNl + 1, StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : text.split("\n")) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    out.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { }));
                } catch (IOException e) {
                    throw new IOException(f + ": line " + lineNo + " is not a journal entry (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
                }
            }
            if (lastNl + 1 < b.length) {
                torn = true;
                ch.truncate(lastNl + 1);
                ch.force(true);
            }
            ch.position(ch.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new Journal(f, ch, out, torn);
    }

    /** The complete lines read when opened. */
    public List<Map<String, Object>> entries() { return List.copyOf(entries); }

    /** Whether a torn last line was dropped when opened. */
    public boolean hadTornTail() { return tornTail; }

    public Path file() { return file; }

    /** Appends one entry as a line and forces it to disk. */
    public synchronized void append(Map<String, Object> entry) throws IOException {
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    @Override public synchronized void close() throws IOException { channel.close(); }

    /** Reads every complete entry of a journal file without opening it for writing. */
    public static List<Map<String, Object>> read(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(FILE))) return List.of();
        try (Journal j = open(dir)) {
            return j.entries();
        }
    }
}
