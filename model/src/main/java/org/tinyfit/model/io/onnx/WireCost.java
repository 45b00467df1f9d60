package org.tinyfit.model.io.onnx;

/**
 * An upper estimate, from the protobuf wire format alone, of the heap that parsing a message
 * takes: every nested message becomes an object ({@link #PER_MESSAGE} bytes), every field an
 * entry ({@link #PER_FIELD}), and the bytes of a length-delimited field that is not itself a
 * message are counted once (strings and packed numbers are copied; raw data is aliased, so this
 * over-counts it). A nested field counts as a message when its content is a well-formed
 * sequence of fields. Two bytes of file can be an empty node (an object of ~100 bytes), so a
 * small hostile file can ask for a large heap; the importer reserves this estimate before
 * parsing. Scans each byte at most {@link #MAX_DEPTH} times.
 */
final class WireCost {
    static final long PER_MESSAGE = 160;
    static final long PER_FIELD = 16;
    static final int MAX_DEPTH = 12;

    private WireCost() { }

    /** The estimated parsed size of the message in {@code b}. */
    static long of(byte[] b) {
        long c = scan(b, 0, b.length, 0);
        return c < 0 ? b.length : c + PER_MESSAGE;
    }

    /** Cost of the fields in b[from, to), or -1 when they are not a well-formed field sequence. */
    private static long scan(byte[] b, int from, int to, int depth) {
        long cost = 0;
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(b, pos, to);
            if (tag < 0) return -1;
            int wire = (int) (tag & 7);
            if ((tag >>> 3) == 0) return -1;
            cost += PER_FIELD;
            switch (wire) {
                case 0 -> { if (varint(b, pos, to) < 0) return -1; }
                case 1 -> { if (to - pos[0] < 8) return -1; pos[0] += 8; }
                case 5 -> { if (to - pos[0] < 4) return -1; pos[0] += 4; }
                case 2 -> {
                    long len = varint(b, pos, to);
                    if (len < 0 || len > to - pos[0]) return -1;
                    int start = pos[0], end = (int) (start + len);
                    long inner = len > 0 && depth < MAX_DEPTH ? scan(b, start, end, depth + 1) : -1;
                    cost += inner >= 0 ? inner + PER_MESSAGE : len + (len == 0 ? PER_MESSAGE : 0);
                    pos[0] = end;
                }
                default -> { return -1; }
            }
        }
        return cost;
    }

    private static long varint(byte[] b, int[] pos, int to) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) return -1;
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v < 0 ? Long.MAX_VALUE : v;
        }
        return -1;
    }
}
