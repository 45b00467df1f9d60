package org.tinyfit.model.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian
 * unsigned header length N, N bytes of UTF-8 JSON
 * {@code {"NAME": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {string: string}}}, then the byte buffer, little-endian, with
 * offsets relative to its start. The tensors cover the buffer exactly, without
 * holes or overlaps. The writer pads the header with spaces to a multiple of 8.
 *
 * <p>The reader validates the whole header against the file size before it
 * allocates any tensor, so a hostile header fails fast with a
 * {@link TinyfitFormatException} naming the file and the problem.
 */
public final class Safetensors {
    /**
     * Largest header accepted (bytes): 100,000 tensors with long names and metadata fit in a
     * few MB; the header is parsed as a token stream ({@link SafetensorsHeader}), never as a tree.
     */
    public static final long MAX_HEADER = 16L << 20;
    /** Largest number of tensors accepted. */
    public static final int MAX_TENSORS = 100_000;
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;

    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Safetensors() { }

    /** Element types. */
    public enum DType {
        BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), I64(8), U64(8), F64(8);

        private final int size;

        DType(int size) { this.size = size; }

        public int size() { return size; }

        static DType parse(String s) {
            for (DType d : values()) if (d.name().equals(s)) return d;
            return null;
        }
    }

    /**
     * One tensor: raw little-endian bytes of {@code product(shape)} elements.
     */
    public record Tensor(String name, DType dtype, long[] shape, byte[] data) {
        public Tensor {
            long n = elementCount(shape);
            if (n * dtype.size() != data.length) {
                throw new IllegalArgumentException("tensor '" + name + "' has " + data.length + " bytes, shape " + Arrays.toString(shape) + " of " + dtype + " needs " + n * dtype.size());
            }
        }

        public long elements() { return elementCount(shape); }

        public int rank() { return shape.length; }

        public static long elementCount(long[] shape) {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }

        private ByteBuffer le() { return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN); }

        /** Values as floats (F32, F64, F16, BF16 and the integer types). */
        public float[] toFloats() {
            int n = (int) elements();
            float[] out = new float[n];
            ByteBuffer b = le();
            switch (dtype) {
                case F32 -> b.asFloatBuffer().get(out);
                case F64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
                case F16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
                case BF16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); }
                default -> { long[] v = toLongs(); for (int i = 0; i < n; i++) out[i] = v[i]; }
            }
            return out;
        }

        /** Values of an integer (or BOOL) tensor as longs. */
        public long[] toLongs() {
            int n = (int) elements();
            long[] out = new long[n];
            ByteBuffer b = le();
            for (int i = 0; i < n; i++) {
                out[i] = switch (dtype) {
                    case BOOL, U8 -> b.get(i) & 0xffL;
                    case I8 -> b.get(i);
                    case I16 -> b.getShort(i * 2);
                    case U16 -> b.getShort(i * 2) & 0xffffL;
                    case I32 -> b.getInt(i * 4);
                    case U32 -> b.getInt(i * 4) & 0xffffffffL;
                    case I64, U64 -> b.getLong(i * 8);
                    default -> throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not an integer type");
                };
            }
            return out;
        }

        /** Values of an integer tensor as ints; throws when one does not fit. */
        public int[] toInts() {
            long[] v = toLongs();
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] != (int) v[i]) throw new IllegalStateException("tensor '" + name + "' value " + v[i] + " does not fit in 32 bits");
                out[i] = (int) v[i];
            }
            return out;
        }

        public static Tensor f32(String name, float[] v, long... shape) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            return new Tensor(name, DType.F32, shape.clone(), b.array());
        }

        public static Tensor i32(String name, int[] v, long... shape) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(v);
            return new Tensor(name, DType.I32, shape.clone(), b.array());
        }

        public static Tensor i16(String name, short[] v, long... shape) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(v);
            return new Tensor(name, DType.I16, shape.clone(), b.array());
        }

        /** Bytes as U8 (or I8 with {@code signed}); the array is not copied. */
        public static Tensor bytes(String name, byte[] v, boolean signed, long... shape) {
            return new Tensor(name, signed ? DType.I8 : DType.U8, shape.clone(), v);
        }
    }

    /** A whole file: tensors in header order and the metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        }
    }

    // ------------------------------------------------------------------ reading

    public static Contents read(Path file) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new TinyfitFormatException(name, "is a folder, not a safetensors file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8) throw new TinyfitFormatException(name, "file is " + size + " bytes, too short for a safetensors header (8-byte length)");
            readFully(ch, lenBuf, 0, name);
            long n = lenBuf.getLong(0);
            checkHeaderLength(n, size, name);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8, name);
            long dataStart = 8 + n;
            SafetensorsHeader h = SafetensorsHeader.parse(hb.array(), size - dataStart, name);
            reserve(new MemoryBudget(Long.MAX_VALUE), h.covered, name);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : h.entries) {
                ByteBuffer db = ByteBuffer.allocate((int) (e.end() - e.begin()));
                readFully(ch, db, dataStart + e.begin(), name);
                tensors.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), db.array()));
            }
            return new Contents(tensors, h.metadata);
        }
    }

    /** Reads safetensors bytes (e.g. a zip entry); {@code name} is used in messages. */
    public static Contents read(byte[] bytes, String name) throws TinyfitFormatException {
        long size = bytes.length;
        if (size < 8) throw new TinyfitFormatException(name, "file is " + size + " bytes, too short for a safetensors header (8-byte length)");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        checkHeaderLength(n, size, name);
        long dataStart = 8 + n;
        SafetensorsHeader h = SafetensorsHeader.parse(Arrays.copyOfRange(bytes, 8, (int) dataStart), size - dataStart, name);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : h.entries) {
            int from = (int) (dataStart + e.begin());
            tensors.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), Arrays.copyOfRange(bytes, from, from + (int) (e.end() - e.begin()))));
        }
        return new Contents(tensors, h.metadata);
    }

    /**
     * Reads safetensors from a stream whose length is not known in advance (a zip entry, whose
     * declared size may lie): the header is checked first, then the tensors' total size is
     * reserved from {@code budget}, then each tensor is read into its own array, in data order.
     * A stream that ends early or goes on after the last tensor is refused.
     */
    public static Contents read(InputStream in, String name, MemoryBudget budget) throws IOException {
        byte[] len = in.readNBytes(8);
        if (len.length < 8) throw new TinyfitFormatException(name, "file is " + len.length + " bytes, too short for a safetensors header (8-byte length)");
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        checkHeaderLength(n, Long.MAX_VALUE, name);
        byte[] hb = new byte[(int) n];
        int got = in.readNBytes(hb, 0, hb.length);
        if (got < n) throw new TinyfitFormatException(name, "header length " + n + " bytes but only " + got + " bytes follow (truncated or not a safetensors file)");
        SafetensorsHeader h = SafetensorsHeader.parse(hb, -1, name);
        reserve(budget, h.covered, name);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        long pos = 0;
        for (SafetensorsHeader.Entry e : h.inDataOrder()) {
            byte[] d = new byte[(int) (e.end() - e.begin())];
            int r = in.readNBytes(d, 0, d.length);
            if (r < d.length) {
                throw new TinyfitFormatException(name, "tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end() + "] beyond the "
                        + (pos + r) + "-byte data buffer (truncated file?)");
            }
            pos += r;
            byName.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), d));
        }
        if (in.read() >= 0) throw new TinyfitFormatException(name, "data buffer has more bytes than the " + pos + " the tensors cover (trailing bytes)");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : h.entries) tensors.put(e.name(), byName.get(e.name()));
        return new Contents(tensors, h.metadata);
    }

    private static void reserve(MemoryBudget budget, long bytes, String name) throws TinyfitFormatException {
        try {
            budget.reserve(bytes, "the tensors' data");
        } catch (MemoryBudget.Exceeded e) {
            throw new TinyfitFormatException(name, e.getMessage());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, String name) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new TinyfitFormatException(name, "file ends early (truncated)");
        }
    }

    private static void checkHeaderLength(long n, long size, String name) throws TinyfitFormatException {
        if (n < 2) throw new TinyfitFormatException(name, "header length " + Long.toUnsignedString(n) + " is invalid (not a safetensors file?)");
        if (n > MAX_HEADER) throw new TinyfitFormatException(name, "header length " + Long.toUnsignedString(n) + " bytes exceeds the limit of " + MAX_HEADER + " bytes (not a safetensors file?)");
        if (n > size - 8) throw new TinyfitFormatException(name, "header length " + n + " bytes but only " + (size - 8) + " bytes follow (truncated or not a safetensors file)");
    }

    // ------------------------------------------------------------------ writing

    /** The file bytes for the given tensors (in iteration order) and metadata. */
    public static byte[] toBytes(Iterable<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode h = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = h.putObject("__metadata__");
            for (var e : metadata.entrySet()) m.put(e.getKey(), e.getValue());
        }
        long pos = 0;
        List<Tensor> list = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t.name().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is not a valid tensor name");
            if (h.has(t.name())) throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice");
            ObjectNode o = h.putObject(t.name());
            o.put("dtype", t.dtype().name());
            ArrayNode s = o.putArray("shape");
            for (long d : t.shape()) s.add(d);
            ArrayNode off = o.putArray("data_offsets");
            off.add(pos);
            off.add(pos + t.data().length);
            pos += t.data().length;
            list.add(t);
        }
        byte[] hj;
        try {
            hj = JSON.writeValueAsString(h).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (hj.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, 8 + padded + pos));
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.writeBytes(len.array());
        out.writeBytes(hj);
        for (int i = hj.length; i < padded; i++) out.write(' ');
        for (Tensor t : list) out.writeBytes(t.data());
        return out.toByteArray();
    }

    /** Writes a safetensors file atomically (temporary file, then move). */
    public static void write(Path file, Iterable<Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeAtomically(file, toBytes(tensors, metadata));
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicWrite.write(file, bytes);
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static String lower(DType d) { return d.name().toLowerCase(Locale.ROOT); }
}
