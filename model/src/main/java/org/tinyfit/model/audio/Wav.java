package org.tinyfit.model.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * RIFF/WAVE files with integer PCM samples (format tag 1, or WAVE_FORMAT_EXTENSIBLE
 * with the PCM sub-format). The reader walks the chunk list and validates every
 * size against the file length before it allocates, so a damaged or hostile
 * header gives an {@link AudioFormatException} naming the file, never an
 * out-of-memory error. Only 16-bit samples are decoded; other widths are
 * reported with their format so the caller can say what to convert.
 */
public final class Wav {
    /** Largest data chunk read (64 MiB, about 35 minutes of 16 kHz 16-bit mono). */
    public static final long MAX_DATA_BYTES = 64L << 20;

    private Wav() { }

    /**
     * The format and 16-bit samples of a WAV file.
     *
     * @param sampleRate samples per second per channel
     * @param channels   interleaved channels
     * @param bits       bits per sample
     * @param samples    interleaved samples (frames * channels), PCM16 values
     */
    public record Audio(int sampleRate, int channels, int bits, short[] samples) {
        /** Frames (samples per channel). */
        public int frames() { return samples.length / channels; }

        /** Channel 0 as floats, value / 32768 (in [-1, 1)). */
        public float[] mono() {
            int n = frames();
            float[] out = new float[n];
            for (int i = 0; i < n; i++) out[i] = samples[i * channels] / 32768f;
            return out;
        }
    }

    /** Reads a WAV file; throws {@link AudioFormatException} for anything it cannot decode. */
    public static Audio read(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) throw new AudioFormatException(name, "is too short for a WAV file (" + size + " bytes)");
            ByteBuffer head = read(ch, 0, 12, name);
            if (!tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
                throw new AudioFormatException(name, "is not a RIFF/WAVE file");
            }
            long pos = 12;
            int format = -1, channels = 0, rate = 0, bits = 0, blockAlign = 0;
            while (pos + 8 <= size) {
                ByteBuffer ck = read(ch, pos, 8, name);
                String id = tag(ck, 0);
                long len = ck.getInt(4) & 0xffffffffL;
                long body = pos + 8;
                if (id.equals("fmt ")) {
                    if (len < 16 || body + len > size) throw new AudioFormatException(name, "has a fmt chunk of invalid size " + len);
                    ByteBuffer f = read(ch, body, (int) Math.min(len, 40), name);
                    format = f.getShort(0) & 0xffff;
                    channels = f.getShort(2) & 0xffff;
                    rate = f.getInt(4);
                    blockAlign = f.getShort(12) & 0xffff;
                    bits = f.getShort(14) & 0xffff;
                    if (format == 0xFFFE) {
                        if (len < 40) throw new AudioFormatException(name, "has a WAVE_FORMAT_EXTENSIBLE fmt chunk of size " + len + " (needs 40)");
                        format = f.getShort(24) & 0xffff; // first two bytes of the sub-format GUID
                    }
                } else if (id.equals("data")) {
                    if (format < 0) throw new AudioFormatException(name, "has its data chunk before the fmt chunk");
                    if (format != 1) throw new AudioFormatException(name, "is not integer PCM (format tag " + format + "); convert it to 16-bit PCM");
                    if (channels < 1 || rate <= 0) throw new AudioFormatException(name, "has an invalid format: " + channels + " channels, " + rate + " Hz");
                    if (bits != 16) {
                        throw new AudioFormatException(name, "has " + bits + "-bit samples; 16-bit PCM is needed (e.g. sox IN -b 16 OUT.wav)");
                    }
                    if (blockAlign != 2 * channels) throw new AudioFormatException(name, "has block align " + blockAlign + " for " + channels + " channels of 16 bits");
                    long avail = size - body;
                    // streamed WAVs (e.g. written to a pipe) may leave the size at 0 or 0xFFFFFFFF: use what is there
                    long n = (len == 0 || len == 0xffffffffL) ? avail : len;
                    if (n > avail) throw new AudioFormatException(name, "has a data chunk of " + len + " bytes but only " + avail + " follow");
                    if (n > MAX_DATA_BYTES) throw new AudioFormatException(name, "has " + n + " bytes of audio, more than the " + MAX_DATA_BYTES + " read");
                    n -= n % blockAlign;
                    ByteBuffer d = read(ch, body, (int) n, name);
                    short[] s = new short[(int) (n / 2)];
                    d.asShortBuffer().get(s);
                    return new Audio(rate, channels, bits, s);
                }
                pos = body + len + (len & 1);
            }
            throw new AudioFormatException(name, format < 0 ? "has no fmt chunk" : "has no data chunk");
        }
    }

    /** Writes 16-bit PCM mono samples as a canonical 44-byte-header WAV. */
    public static void writeMono16(short[] samples, int sampleRate, OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (short s : samples) b.putShort(s);
        out.write(b.array());
    }

    /** Writes 16-bit PCM mono samples to a file. */
    public static void writeMono16(short[] samples, int sampleRate, Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            writeMono16(samples, sampleRate, o);
        }
    }

    /** Reads raw little-endian 16-bit samples (as sox {@code -t raw -e signed -b 16} writes them) from a stream. */
    public static short[] readRaw16(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        short[] s = new short[all.length / 2];
        ByteBuffer.wrap(all, 0, s.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new AudioFormatException(name, "ends inside a chunk");
        }
        return b.flip();
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
