package org.tinyfit.model.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @TempDir Path dir;

    private Path wav(short[] s, int rate) throws Exception {
        Path p = dir.resolve("c" + s.length + "-" + rate + ".wav");
        Wav.writeMono16(s, rate, p);
        return p;
    }

    @Test void roundTripsPcm16Mono() throws Exception {
        short[] s = {0, 1, -1, 32767, -32768, 1234};
        Wav.Audio a = Wav.read(wav(s, 16000));
        assertEquals(16000, a.sampleRate());
        assertEquals(1, a.channels());
        assertArrayEquals(s, a.samples());
        assertEquals(-1f, a.mono()[4]);
    }

    @Test void clipsArePaddedToOneSecond() throws Exception {
        float[] x = Clips.read(wav(new short[] {16384, -16384}, 16000));
        assertEquals(16000, x.length);
        assertEquals(0.5f, x[0]);
        assertEquals(-0.5f, x[1]);
        assertEquals(0f, x[2]);
    }

    @Test void wrongRateLengthAndEmptyAreClearErrors() throws Exception {
        Path p8k = wav(new short[8000], 8000);
        var e = assertThrows(AudioFormatException.class, () -> Clips.read(p8k));
        assertTrue(e.getMessage().contains("8000 Hz") && e.getMessage().contains(p8k.toString()), e.getMessage());
        Path longer = wav(new short[16001], 16000);
        e = assertThrows(AudioFormatException.class, () -> Clips.read(longer));
        assertTrue(e.getMessage().contains("16001 samples"), e.getMessage());
        Path empty = wav(new short[0], 16000);
        e = assertThrows(AudioFormatException.class, () -> Clips.read(empty));
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
    }

    @Test void stereoIsRefusedForClips() throws Exception {
        byte[] b = canonical(2, 16000, 16, 8, 4);
        Path p = dir.resolve("st.wav");
        Files.write(p, b);
        var e = assertThrows(AudioFormatException.class, () -> Clips.read(p));
        assertTrue(e.getMessage().contains("2 channel"), e.getMessage());
    }

    @Test void hostileHeadersFailBeforeAllocating() throws Exception {
        // a data chunk that claims 4 GB in a 60-byte file
        byte[] b = canonical(1, 16000, 16, 16, 2);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7ffffff0);
        Path p = dir.resolve("big.wav");
        Files.write(p, b);
        var e = assertThrows(AudioFormatException.class, () -> Wav.read(p));
        assertTrue(e.getMessage().contains("only 16 follow"), e.getMessage());
        // 8-bit, float and garbage
        Path p8 = dir.resolve("u8.wav");
        Files.write(p8, canonical(1, 16000, 8, 4, 1));
        assertTrue(assertThrows(AudioFormatException.class, () -> Wav.read(p8)).getMessage().contains("8-bit"));
        Path junk = dir.resolve("junk.wav");
        Files.write(junk, "not a wav file at all".getBytes());
        assertTrue(assertThrows(AudioFormatException.class, () -> Wav.read(junk)).getMessage().contains("RIFF"));
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(canonical(1, 16000, 16, 4, 2), 30));
        assertThrows(AudioFormatException.class, () -> Wav.read(cut));
    }

    private static byte[] canonical(int channels, int rate, int bits, int dataBytes, int blockAlign) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign)
                .putShort((short) bits).put("data".getBytes()).putInt(dataBytes);
        o.write(b.array());
        return o.toByteArray();
    }
}
