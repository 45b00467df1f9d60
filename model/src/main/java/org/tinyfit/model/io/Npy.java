package org.tinyfit.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} array format (version 1.0, 2.0 and 3.0), as {@code numpy.save}
 * writes it: the magic {@code \x93NUMPY}, a major and minor version byte, the header
 * length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), an ASCII (3.0: UTF-8)
 * Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, T, I), }}
 * padded with spaces to a multiple of 64 bytes, then the raw data in C order.
 *
 * <p>Reading checks everything the header claims before it allocates: the dtype is one
 * TinyFit reads (booleans, signed and unsigned integers of 1, 2, 4 and 8 bytes, float32
 * and float64, either byte order), the shape's element count does not overflow, the data
 * is exactly as long as the header says, and the values fit in the bytes the caller allows.
 */
public final class Npy {
    /** Bytes a header may have at most; numpy's own limit for reading is 10,000. */
    static final int MAX_HEADER = 1 << 16;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An array read from a {@code .npy}: its shape and dtype, and its values either as
     * float32 ({@code floats}, inputs) or as whole numbers ({@code ints}, labels).
     */
    public record Array(String name, long[] shape, char kind, int itemSize, float[] floats, int[] ints) {
        public long count() { return floats != null ? floats.length : ints.length; }

        public int rank() { return shape.length; }

        /** E.g. {@code int64 [100]} or {@code float32 [100, 28, 28]}. */
        public String describe() {
            String k = switch (kind) {
                case 'f' -> "float";
                case 'i' -> "int";
                case 'u' -> "uint";
                default -> "bool";
            };
            return k + (kind == 'b' ? "" : String.valueOf(itemSize * 8)) + " " + Arrays.toString(shape);
        }
    }

    private Npy() { }

    /**
     * Reads one array of {@code length} bytes from {@code in}.
     *
     * @param name     the file (or zip entry) for messages
     * @param length   the bytes of the whole {@code .npy} (header and data)
     * @param maxBytes what the values may take in memory at most (4 bytes each)
     * @param labels   read whole numbers (integer or bool dtypes only; each must fit an int) rather than float32
     */
    public static Array read(String name, InputStream in, long length, long maxBytes, boolean labels) throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 10 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
            throw new TinyfitFormatException(name, "is not a NumPy .npy array (no \\x93NUMPY magic)");
        }
        int major = head[6] & 0xff;
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = (head[8] & 0xff) | (head[9] & 0xff) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) throw new TinyfitFormatException(name, "ends inside the .npy header");
            headerLen = (head[8] & 0xffL) | (head[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24;
            prefix = 12;
        } else {
            throw new TinyfitFormatException(name, ".npy version " + major + "." + (head[7] & 0xff) + " is not supported (1.0, 2.0 or 3.0)");
        }
        if (headerLen > MAX_HEADER || prefix + headerLen > length) {
            throw new TinyfitFormatException(name, ".npy header of " + headerLen + " bytes does not fit the " + length + "-byte array");
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) throw new TinyfitFormatException(name, "ends inside the .npy header");
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        Matcher d = DESCR.matcher(header);
        if (!d.find()) throw new TinyfitFormatException(name, "the .npy header has no simple 'descr' (a structured or object array?): " + clip(header));
        char order = d.group(1).charAt(0);
        char kind = d.group(2).charAt(0);
        int size;
        try {
            size = Integer.parseInt(d.group(3));
        } catch (NumberFormatException e) {
            throw new TinyfitFormatException(name, "dtype '" + d.group() + "' is not supported");
        }
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!ok) {
            throw new TinyfitFormatException(name, "dtype '" + d.group(1) + d.group(2) + d.group(3)
                    + "' is not supported (float32/64, int8..64, uint8..64 or bool)");
        }
        Matcher f = FORTRAN.matcher(header);
        if (f.find() && f.group(1).equals("True")) {
            throw new TinyfitFormatException(name, "is stored in Fortran order; save it with numpy.ascontiguousarray(a) first");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) throw new TinyfitFormatException(name, "the .npy header has no 'shape': " + clip(header));
        List<Long> dims = new ArrayList<>();
        long count = 1;
        for (String part : s.group(1).split(",")) {
            String p = part.strip().replaceFirst("[lL]$", "");
            if (p.isEmpty()) continue;
            long v;
            try {
                v = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new TinyfitFormatException(name, "shape entry '" + part.strip() + "' is not a whole number");
            }
            if (v < 0) throw new TinyfitFormatException(name, "shape entry " + v + " is negative");
            dims.add(v);
            if (v != 0 && count > Long.MAX_VALUE / v) throw new TinyfitFormatException(name, "shape " + dims + " has too many elements");
            count *= v;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long dataBytes = length - prefix - headerLen;
        if (count > Long.MAX_VALUE / size || count * size != dataBytes) {
            throw new TinyfitFormatException(name, "shape " + Arrays.toString(shape) + " of " + size + "-byte values needs "
                    + (count > Long.MAX_VALUE / size ? "more than 2^63" : String.valueOf(count * size)) + " bytes of data, the file has "
                    + dataBytes);
        }
        if (labels && kind == 'f') {
            throw new TinyfitFormatException(name, "labels must be whole numbers (an integer dtype), got " + (size * 8 == 32 ? "float32" : "float64"));
        }
        if (count > Integer.MAX_VALUE - 8 || count * 4 > maxBytes) {
            throw new TinyfitFormatException(name, "holds " + count + " values, more than this process can hold (" + (maxBytes >> 20)
                    + " MB for arrays); use a smaller data set or a larger -Xmx");
        }
        float[] floats = labels ? null : new float[(int) count];
        int[] ints = labels ? new int[(int) count] : null;
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] buf = new byte[Math.max(size, (1 << 16) / size * size)];
        int k = 0;
        while (k < count) {
            int want = (int) Math.min(buf.length, (count - k) * size);
            int got = in.readNBytes(buf, 0, want);
            if (got < want) throw new TinyfitFormatException(name, "ends after " + k + " of " + count + " values");
            ByteBuffer b = ByteBuffer.wrap(buf, 0, want).order(bo);
            for (int i = 0; i < want / size; i++, k++) {
                double v = value(b, kind, size);
                if (labels) {
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw new TinyfitFormatException(name, "label " + (long) v + " of sample " + k + " is out of range");
                    }
                    ints[k] = (int) v;
                } else {
                    floats[k] = (float) v;
                }
            }
        }
        return new Array(name, shape, kind, size, floats, ints);
    }

    private static double value(ByteBuffer b, char kind, int size) {
        return switch (kind) {
            case 'f' -> size == 4 ? b.getFloat() : b.getDouble();
            case 'i' -> switch (size) {
                case 1 -> b.get();
                case 2 -> b.getShort();
                case 4 -> b.getInt();
                default -> b.getLong();
            };
            case 'u' -> switch (size) {
                case 1 -> b.get() & 0xff;
                case 2 -> b.getShort() & 0xffff;
                case 4 -> b.getInt() & 0xffffffffL;
                default -> {
                    long v = b.getLong();
                    yield v >= 0 ? v : Math.pow(2, 64) + v;
                }
            };
            default -> b.get() != 0 ? 1 : 0;
        };
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
