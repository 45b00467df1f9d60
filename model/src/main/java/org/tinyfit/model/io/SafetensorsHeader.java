package org.tinyfit.model.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.io.Safetensors.DType;

/**
 * The safetensors header parsed as a stream of JSON tokens, without a tree: every token
 * counts against a budget ({@link #MAX_TOKENS}), a tensor's shape is read up to its rank
 * limit, {@code __metadata__} up to {@link #MAX_METADATA} entries. Memory stays proportional
 * to what is kept (the entries and the metadata strings), and time linear in the header.
 */
final class SafetensorsHeader {
    /** Most JSON tokens in a header (100,000 tensors of rank 8 take 2.1 million, 10,000 metadata entries 20,000). */
    static final int MAX_TOKENS = 2_500_000;
    /** Most {@code __metadata__} entries. */
    static final int MAX_METADATA = 10_000;
    /** Longest string in a header (characters). */
    static final int MAX_STRING = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // tensor names are unique: a symbol table of them would only cost time and memory
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).maxNestingDepth(64).maxNumberLength(64).build())
            .build();

    /** One tensor's header entry. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) { }

    final List<Entry> entries = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    private final String name;
    private final long dataLen;
    private final JsonParser p;
    private int tokens;

    private SafetensorsHeader(byte[] header, String name, long dataLen) throws IOException {
        this.name = name;
        this.dataLen = dataLen;
        this.p = FACTORY.createParser(header);
    }

    /**
     * Parses and checks a header against a data buffer of {@code dataLen} bytes (-1: unknown, a
     * stream; the tensors must then cover exactly the bytes they declare).
     */
    static SafetensorsHeader parse(byte[] header, long dataLen, String name) throws TinyfitFormatException {
        try {
            SafetensorsHeader h = new SafetensorsHeader(header, name, dataLen);
            h.root();
            return h;
        } catch (JsonParseException e) {
            throw new TinyfitFormatException(name, "header is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (TinyfitFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new TinyfitFormatException(name, "header is not valid JSON (" + e.getMessage() + ")");
        }
    }

    private JsonToken next() throws IOException {
        if (++tokens > MAX_TOKENS) throw fail("header has more than " + MAX_TOKENS + " JSON tokens (not a safetensors file?)");
        JsonToken t = p.nextToken();
        if (t == null) throw fail("header is not valid JSON (it ends early)");
        return t;
    }

    private TinyfitFormatException fail(String problem) {
        return new TinyfitFormatException(name, problem);
    }

    private void root() throws IOException {
        if (next() != JsonToken.START_OBJECT) throw fail("header must be a JSON object");
        int count = 0;
        while (next() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (key.equals("__metadata__")) {
                metadata();
                continue;
            }
            if (++count > Safetensors.MAX_TENSORS) throw fail("header lists more than the limit of " + Safetensors.MAX_TENSORS + " tensors");
            entries.add(entry(key));
        }
        // END_OBJECT: only white space may follow
        JsonToken after = p.nextToken();
        if (after != null) throw fail("header is not valid JSON (text after the object)");
        checkCoverage();
    }

    private void metadata() throws IOException {
        if (next() != JsonToken.START_OBJECT) throw fail("__metadata__ must be an object of strings");
        while (next() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            if (next() != JsonToken.VALUE_STRING) throw fail("__metadata__ value of '" + k + "' must be a string");
            if (metadata.size() >= MAX_METADATA) throw fail("__metadata__ has more than " + MAX_METADATA + " entries");
            metadata.put(k, p.getText());
        }
    }

    /** Skips the value whose first token is current, counting its tokens. */
    private void skipValue(JsonToken t) throws IOException {
        int depth = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? 1 : 0;
        while (depth > 0) {
            JsonToken n = next();
            if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) depth++;
            else if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) depth--;
        }
    }

    private Entry entry(String key) throws IOException {
        String t = "tensor '" + key + "'";
        if (next() != JsonToken.START_OBJECT) {
            skipValue(p.currentToken());
            throw fail(t + " must be an object with dtype, shape and data_offsets");
        }
        String dt = null;
        List<String> shapeText = null;
        List<String> offText = null;
        boolean dtString = false;
        while (next() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = next();
            switch (f) {
                case "dtype" -> {
                    dtString = v == JsonToken.VALUE_STRING;
                    dt = dtString ? p.getText() : null;
                    skipValue(v);
                }
                case "shape" -> shapeText = v == JsonToken.START_ARRAY ? numbers(t, "shape", Safetensors.MAX_RANK) : skipNull(v);
                case "data_offsets" -> offText = v == JsonToken.START_ARRAY ? numbers(t, "data_offsets", 2) : skipNull(v);
                default -> skipValue(v);
            }
        }
        if (!dtString) throw fail(t + " has no dtype string");
        if (shapeText == null) throw fail(t + " has no shape array");
        if (offText == null || offText.size() != 2) throw fail(t + " needs data_offsets [begin, end]");
        DType dtype = DType.parse(dt);
        if (dtype == null) throw fail(t + " has unknown dtype '" + dt + "' (supported: " + Arrays.toString(DType.values()) + ")");
        String sh = "[" + String.join(",", shapeText) + "]";
        long[] shape = new long[shapeText.size()];
        long elems = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = integer(shapeText.get(i));
            if (d < 0) throw fail(t + " has an invalid dimension " + shapeText.get(i) + " in shape " + sh);
            shape[i] = d;
            try {
                elems = Math.multiplyExact(elems, d);
                Math.multiplyExact(elems, dtype.size());
            } catch (ArithmeticException e) {
                throw fail(t + " has an absurd shape " + sh + " (size overflows)");
            }
        }
        long bytes = elems * dtype.size();
        long begin = integer(offText.get(0)), end = integer(offText.get(1));
        if (begin < 0 || end < 0) throw fail(t + " has invalid data_offsets [" + String.join(",", offText) + "]");
        if (end < begin) throw fail(t + " has reversed data_offsets [" + begin + ", " + end + "]");
        if (dataLen >= 0 && end > dataLen) throw fail(t + " has data_offsets [" + begin + ", " + end + "] beyond the " + dataLen + "-byte data buffer (truncated file?)");
        if (end - begin != bytes) {
            throw fail(t + " has data_offsets [" + begin + ", " + end + "] (" + (end - begin) + " bytes) but dtype "
                    + dtype + " and shape " + Arrays.toString(shape) + " need " + bytes + " bytes");
        }
        if (bytes > Integer.MAX_VALUE - 16) throw fail(t + " is larger than 2 GB");
        return new Entry(key, dtype, shape, begin, end);
    }

    private List<String> skipNull(JsonToken v) throws IOException {
        skipValue(v);
        return null;
    }

    /**
     * The elements of the array just opened, as their JSON text: integers, or "?" for anything
     * else (refused later); more than {@code max} elements are refused.
     */
    private List<String> numbers(String t, String field, int max) throws IOException {
        List<String> out = new ArrayList<>();
        JsonToken e;
        int n = 0;
        while ((e = next()) != JsonToken.END_ARRAY) {
            n++;
            if (n <= max) {
                out.add(e == JsonToken.VALUE_NUMBER_INT ? p.getText() : e.isScalarValue() ? invalid(p.getText(), e) : "?");
            }
            skipValue(e);
        }
        if (n > max) {
            if (field.equals("shape")) throw fail(t + " has rank " + n + ", more than " + max);
            throw fail(t + " needs data_offsets [begin, end]");
        }
        return out;
    }

    private static String invalid(String text, JsonToken e) {
        return e == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    /** An integer's value; -1 for anything that is not a non-negative integer that fits a long. */
    private static long integer(String s) {
        if (s.isEmpty() || s.length() > 19) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The tensors must cover the data buffer exactly: sorted by begin, contiguous, to the end. */
    private void checkCoverage() throws TinyfitFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
        long pos = 0;
        for (Entry e : sorted) {
            if (e.begin < pos) throw fail("tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end + "] overlap another tensor's data");
            if (e.begin > pos) throw fail("bytes " + pos + ".." + e.begin + " of the data buffer belong to no tensor (hole before '" + e.name + "')");
            pos = e.end;
        }
        if (dataLen >= 0 && pos != dataLen) {
            throw fail("data buffer has " + dataLen + " bytes but the tensors cover " + pos + (dataLen > pos ? " (trailing bytes)" : ""));
        }
        covered = pos;
    }

    /** Bytes of the data buffer the tensors cover. */
    long covered;

    /** The entries in data order. */
    List<Entry> inDataOrder() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
        return sorted;
    }
}
