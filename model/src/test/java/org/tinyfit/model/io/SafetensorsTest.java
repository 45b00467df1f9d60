package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.Safetensors.Tensor;

class SafetensorsTest {
    @TempDir Path dir;

    @Test
    void writtenBytesFollowThePublicLayout() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, List.of(Tensor.f32("a", new float[] {1.5f, -2f}, 2), Tensor.bytes("b", new byte[] {7, (byte) 200, 3}, false, 1, 3)),
                Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        JsonNode h = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim());
        assertEquals("F32", h.get("a").get("dtype").asText());
        assertEquals("[2]", h.get("a").get("shape").toString());
        assertEquals("[0,8]", h.get("a").get("data_offsets").toString());
        assertEquals("U8", h.get("b").get("dtype").asText());
        assertEquals("[8,11]", h.get("b").get("data_offsets").toString());
        assertEquals("v", h.get("__metadata__").get("k").asText());
        int data = 8 + (int) n;
        assertEquals(data + 11, bytes.length);
        assertEquals(1.5f, bb.getFloat(data));
        assertEquals(-2f, bb.getFloat(data + 4));
        assertEquals(200, bytes[data + 9] & 0xff);
    }

    @Test
    void roundTripAllWrittenTypes() throws IOException {
        Path f = dir.resolve("r.safetensors");
        Safetensors.write(f, List.of(Tensor.f32("f", new float[] {0.25f, Float.NaN, -0f}, 3),
                Tensor.i32("i", new int[] {-5, Integer.MAX_VALUE}, 2, 1),
                Tensor.i16("s", new short[] {-3, 300}, 2),
                Tensor.bytes("e", new byte[0], true, 0)), Map.of());
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(List.of("f", "i", "s", "e"), List.copyOf(c.tensors().keySet()));
        float[] fl = c.tensors().get("f").toFloats();
        assertEquals(0.25f, fl[0]);
        assertTrue(Float.isNaN(fl[1]));
        assertArrayEquals(new int[] {-5, Integer.MAX_VALUE}, c.tensors().get("i").toInts());
        assertArrayEquals(new long[] {2, 1}, c.tensors().get("i").shape());
        assertArrayEquals(new int[] {-3, 300}, c.tensors().get("s").toInts());
        assertEquals(0, c.tensors().get("e").elements());
        // reading from bytes gives the same
        Safetensors.Contents c2 = Safetensors.read(Files.readAllBytes(f), "mem");
        assertArrayEquals(c.tensors().get("i").data(), c2.tensors().get("i").data());
    }

    @Test
    void halfAndBfloatDecode() {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 0x0001 = 2^-24
        Tensor h = new Tensor("h", Safetensors.DType.F16, new long[] {4}, new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0, (byte) 0xFF, 0x7B, 0x01, 0x00});
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, h.toFloats());
        // BF16 of 1.5 is the upper half of 0x3FC00000
        Tensor b = new Tensor("b", Safetensors.DType.BF16, new long[] {1}, new byte[] {(byte) 0xC0, 0x3F});
        assertArrayEquals(new float[] {1.5f}, b.toFloats());
    }

    /** A file with the given header JSON and data bytes. */
    private Path raw(String header, int dataBytes, long lengthOverride) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lengthOverride != -1 ? lengthOverride : h.length);
        b.put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private String fails(Path f) {
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void rejectsEachKindOfBadFile() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertEquals("file is 3 bytes, too short for a safetensors header (8-byte length)", fails(tiny));
        assertEquals("header length 100 bytes but only 2 bytes follow (truncated or not a safetensors file)", fails(raw("{}", 0, 100)));
        assertTrue(fails(raw("{not json", 0, -1)).startsWith("header is not valid JSON"));
        assertEquals("header must be a JSON object", fails(raw("[1,2]", 0, -1)));
        assertEquals("tensor 'x' has unknown dtype 'F8' (supported: [BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, I64, U64, F64])",
                fails(raw("{\"x\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, -1)));
        assertEquals("tensor 'x' has data_offsets [0, 99] (99 bytes) but dtype F32 and shape [5, 5] need 100 bytes",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[5,5],\"data_offsets\":[0,99]}}", 99, -1)));
        assertEquals("tensor 'x' has data_offsets [0, 8] beyond the 4-byte data buffer (truncated file?)",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, -1)));
        assertEquals("tensor 'x' has reversed data_offsets [8, 0]",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, -1)));
        assertEquals("tensor 'b' data_offsets [2, 6] overlap another tensor's data",
                fails(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6, -1)));
        assertEquals("bytes 0..4 of the data buffer belong to no tensor (hole before 'x')",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, -1)));
        assertEquals("data buffer has 12 bytes but the tensors cover 8 (trailing bytes)",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, -1)));
        assertEquals("tensor 'x' has an invalid dimension -2 in shape [-2]",
                fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, -1)));
        assertEquals("tensor 'x' has no shape array", fails(raw("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, -1)));
        assertEquals("__metadata__ value of 'k' must be a string", fails(raw("{\"__metadata__\":{\"k\":3}}", 0, -1)));
        assertTrue(fails(raw("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2, -1))
                .contains("Duplicate field 'x'"));
    }

    @Test
    void hostileSizesFailFastWithoutAllocating() throws IOException {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // a header length of 2^62
            String m = fails(raw("{}", 0, 1L << 62));
            assertTrue(m.startsWith("header length 4611686018427387904 bytes exceeds the limit"), m);
            // a negative (huge unsigned) header length
            m = fails(raw("{}", 0, -5L));
            assertEquals("header length 18446744073709551611 is invalid (not a safetensors file?)", m);
            // a tensor claiming 10^18 elements
            m = fails(raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":[0,4000000000000000000]}}", 0, -1));
            assertTrue(m.contains("beyond the 0-byte data buffer") || m.contains("absurd"), m);
            m = fails(raw("{\"x\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8, -1));
            assertEquals("tensor 'x' has an absurd shape [4611686018427387904,4] (size overflows)", m);
        });
    }
}
