package org.tinyfit.model.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One-second keyword clips from WAV files, checked for the front end's format:
 * 16-bit PCM, mono, 16,000 Hz, at most 1 s. A shorter clip is padded with zeros at
 * its end to 16,000 samples (as Speech Commands' own loader does with its short clips);
 * a longer one, another rate or more than one channel is an error that says how to
 * convert the file with sox.
 */
public final class Clips {
    private Clips() { }

    /** The samples of a clip (value / 32768), padded to {@link Mfcc#CLIP}. */
    public static float[] read(Path wav) throws IOException {
        Wav.Audio a = Wav.read(wav);
        String name = wav.toString();
        if (a.sampleRate() != Mfcc.SAMPLE_RATE || a.channels() != 1) {
            throw new AudioFormatException(name, "is " + a.sampleRate() + " Hz, " + a.channels() + " channel(s); the front end needs 16000 Hz mono"
                    + " (sox IN.wav -r 16000 -c 1 -b 16 OUT.wav)");
        }
        if (a.frames() == 0) throw new AudioFormatException(name, "holds no samples");
        if (a.frames() > Mfcc.CLIP) {
            throw new AudioFormatException(name, "is " + a.frames() + " samples long (" + a.frames() / (double) Mfcc.SAMPLE_RATE
                    + " s); clips must be at most 1 s (16000 samples): cut it around the word (sox IN.wav OUT.wav trim START 1)");
        }
        float[] x = new float[Mfcc.CLIP];
        float[] m = a.mono();
        System.arraycopy(m, 0, x, 0, m.length);
        return x;
    }

    /** The 49 x 10 MFCCs of a clip as int16 samples (value / 32768), padded to 1 s. */
    public static float[] features(short[] pcm, Mfcc mfcc) {
        if (pcm.length > Mfcc.CLIP) throw new IllegalArgumentException("a clip has at most " + Mfcc.CLIP + " samples, got " + pcm.length);
        float[] x = new float[Mfcc.CLIP];
        for (int i = 0; i < pcm.length; i++) x[i] = pcm[i] / 32768f;
        return mfcc.features(x);
    }
}
