package org.tinyfit.app.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.tinyfit.model.audio.Clips;
import org.tinyfit.model.audio.Mfcc;
import org.tinyfit.model.data.Dataset;

/**
 * The synthetic keyword-spotting data set of {@code kws-lstm}: the ten command words of
 * Google's Speech Commands v1, "silence" (background noise only) and "unknown" (the other
 * twenty Speech Commands words), spoken by espeak-ng and augmented with SoX, turned into
 * 49 x 10 MFCCs by {@link Mfcc} (audio is never stored).
 *
 * <p>Each clip is drawn from its own {@code java.util.Random(SEED + 1,000,003 * split + index)}:
 * an espeak-ng voice (accent + variant), speed 130-210 words/min and pitch 20-80; SoX then
 * resamples to 16 kHz and applies, each with probability 1/2, 1/2 and 3/10, a tempo change
 * (0.88-1.12, {@code tempo -s}), a pitch shift (-200..+200 cents) and reverberation
 * (reverberance 10-70 %, room scale 20-100 %). The word is placed at a uniformly random
 * offset in the 1 s clip (time shift), scaled to a peak of -26..-1 dBFS, and with probability
 * 0.8 mixed with background noise at an SNR of 0-30 dB (power over the spoken part), else with
 * a noise floor of -80..-60 dBFS RMS (no clip holds digital silence). Noise
 * is one of six 30 s SoX signals (white, pink, brown, low-passed pink, 60 Hz hum with
 * brown noise, band-passed white); training clips take noise from its first 20 s,
 * validation and test clips from its last 10 s. "silence" clips are noise alone at -75..-20 dBFS
 * RMS. Samples are rounded to 16-bit PCM before the front end, as a recording would be.
 *
 * <p>Splits are speaker-disjoint: a voice variant (the synthetic "speaker": pitch, formants,
 * breath, flutter) used for validation or testing never speaks in training; the eight
 * English accents are shared. SoX runs with {@code -R} (repeatable pseudo-random numbers)
 * and {@code -D} (no dither), so a rebuild with the same espeak-ng and SoX versions is
 * byte-identical.
 */
public final class KwsData {
    /** Seed of every clip's random draws. */
    public static final long SEED = 20261129L;
    /** Class names in label order. */
    public static final List<String> CLASSES = List.of("silence", "unknown", "yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go");
    /** The other twenty Speech Commands v1 words, spoken for "unknown". */
    public static final List<String> UNKNOWN = List.of("bed", "bird", "cat", "dog", "eight", "five", "four", "happy", "house", "marvin",
            "nine", "one", "seven", "sheila", "six", "three", "tree", "two", "wow", "zero");
    /** espeak-ng's English accents (all splits). */
    public static final List<String> ACCENTS = List.of("en-gb", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd",
            "en-029", "en-us-nyc");
    /** Voice variants ("speakers") of each split; disjoint. */
    public static final List<String> TRAIN_VOICES = List.of("m1", "m2", "m4", "m6", "m8", "Andy", "robert", "iven", "paul", "victor", "travis",
            "f1", "f3", "f5", "belinda", "linda", "steph", "aunty", "klatt", "klatt2", "klatt4", "klatt6");
    public static final List<String> VAL_VOICES = List.of("m5", "ed", "norbert", "f4", "shelby", "klatt5");
    public static final List<String> TEST_VOICES = List.of("m3", "m7", "john", "grandpa", "f2", "grandma", "klatt3");

    /** The six background noises: name and SoX synth effects (30 s at 16 kHz). */
    static final List<String[]> NOISES = List.of(
            new String[] {"white", "synth 30 whitenoise"},
            new String[] {"pink", "synth 30 pinknoise"},
            new String[] {"brown", "synth 30 brownnoise"},
            new String[] {"rumble", "synth 30 pinknoise lowpass 500"},
            new String[] {"hum", "synth 30 brownnoise synth 30 sine mix 60 lowpass 1000"},
            new String[] {"hiss", "synth 30 whitenoise vol 0.5 sinc 2000-6000"});

    private KwsData() { }

    /** Train, validation and test sets. */
    public record Splits(Dataset train, Dataset val, Dataset test) { }

    /** Builds the three sets with {@code perClass} clips per class each; {@code work} holds temporary files. */
    public static Splits build(Path work, int trainPerClass, int valPerClass, int testPerClass, int threads) throws IOException, InterruptedException {
        Files.createDirectories(work);
        String espeak = version("espeak-ng", "--version"), sox = version("sox", "--version");
        float[][] noise = new float[NOISES.size()][];
        for (int k = 0; k < NOISES.size(); k++) noise[k] = toFloat(run(work, null, sox(NOISES.get(k)[1])));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", "SYNTHETIC speech, no recordings of people: the Speech Commands v1 words spoken by espeak-ng (" + espeak
                + "; 8 English accents x voice variants) and augmented with SoX (" + sox + "): tempo, pitch, reverberation, time shift, "
                + "background noise at 0-30 dB SNR; built by TinyFit's sample-models/build.sh kws-lstm (org.tinyfit.app.samples.KwsData, seed " + SEED + ")");
        meta.put("licence", "generated data (no third-party recordings); tools: espeak-ng GPL-3.0-or-later, SoX GPL-2.0-or-later");
        meta.put("features", "MFCC: 16 kHz, 1 s clips, 40 ms Hann window (640), 20 ms stride (320), 49 frames, 1024-point FFT power, "
                + "40 mel channels 20-4000 Hz, ln(max(E, 1e-10)), orthonormal DCT-II, 10 coefficients, sinusoidal lifter L=22 (org.tinyfit.model.audio.Mfcc)");
        meta.put("accents", String.join(",", ACCENTS));
        Dataset train = split(work, "kws-train", 0, TRAIN_VOICES, trainPerClass, noise, true, threads, meta);
        Dataset val = split(work, "kws-val", 1, VAL_VOICES, valPerClass, noise, false, threads, meta);
        Dataset test = split(work, "kws-test", 2, TEST_VOICES, testPerClass, noise, false, threads, meta);
        return new Splits(train, val, test);
    }


    private static Dataset split(Path work, String name, int splitId, List<String> voices, int perClass, float[][] noise, boolean trainNoise,
                                 int threads, Map<String, String> meta) throws InterruptedException, IOException {
        int n = perClass * CLASSES.size();
        int per = Mfcc.FRAMES * Mfcc.COEFFS;
        float[] x = new float[n * per];
        int[] y = new int[n];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<Mfcc> mfcc = ThreadLocal.withInitial(Mfcc::new);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int idx = i;
            y[i] = i % CLASSES.size();
            jobs.add(pool.submit(() -> {
                short[] pcm = clip(work, splitId, idx, y[idx], voices, noise, trainNoise);
                System.arraycopy(Clips.features(pcm, mfcc.get()), 0, x, idx * per, per);
                return null;
            }));
        }
        pool.shutdown();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).get();
                if ((i + 1) % 500 == 0) System.out.printf(Locale.ROOT, "  %s: %d / %d clips%n", name, i + 1, n);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            pool.shutdownNow();
            throw new IOException(name + ": " + e.getCause().getMessage(), e.getCause());
        }
        pool.awaitTermination(1, TimeUnit.MINUTES);
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("split", name.substring(4) + ": " + perClass + " clips per class, voice variants " + String.join(",", voices)
                + (trainNoise ? "; noise from seconds 0-20" : "; noise from seconds 20-30"));
        m.put("layout", "[N, 49 frames, 10 MFCCs]; network input = x * scale");
        return new Dataset(name, n, Mfcc.FRAMES, Mfcc.COEFFS, null, x, y, Mfcc.NETWORK_SCALE, CLASSES, m);
    }

    /** Writes train, val and test sets to DIR (for inspection): {@code KwsData DIR WORK [TRAIN VAL TEST per class]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int tr = args.length > 2 ? Integer.parseInt(args[2]) : TRAIN_PER_CLASS, va = args.length > 3 ? Integer.parseInt(args[3]) : VAL_PER_CLASS,
                te = args.length > 4 ? Integer.parseInt(args[4]) : TEST_PER_CLASS;
        Splits s = build(Path.of(args[1]), tr, va, te, 2);
        org.tinyfit.model.io.DatasetFile.write(s.train(), dir.resolve("train.safetensors"));
        org.tinyfit.model.io.DatasetFile.write(s.val(), dir.resolve("val.safetensors"));
        org.tinyfit.model.io.DatasetFile.write(s.test(), dir.resolve("test.safetensors"));
    }

    /** Clips per class of the shipped sets (train 3,960, validation 960, test 1,080 clips). */
    public static final int TRAIN_PER_CLASS = 330, VAL_PER_CLASS = 80, TEST_PER_CLASS = 90;

    /** One augmented 1 s clip as 16-bit PCM. */
    static short[] clip(Path work, int splitId, int idx, int label, List<String> voices, float[][] noise, boolean trainNoise) throws IOException {
        Random r = new Random(SEED + 1_000_003L * splitId + idx);
        double[] out = new double[Mfcc.CLIP];
        String word = label == 0 ? null : label == 1 ? UNKNOWN.get(r.nextInt(UNKNOWN.size())) : CLASSES.get(label);
        String voice = ACCENTS.get(r.nextInt(ACCENTS.size())) + "+" + voices.get(r.nextInt(voices.size()));
        int speed = 130 + r.nextInt(81), pitch = 20 + r.nextInt(61);
        boolean tempo = r.nextBoolean(), pitchShift = r.nextBoolean(), reverb = r.nextDouble() < 0.3;
        double tempoF = 0.88 + 0.24 * r.nextDouble();
        int cents = -200 + r.nextInt(401), reverberance = 10 + r.nextInt(61), room = 20 + r.nextInt(81);
        double offsetU = r.nextDouble(), peakDb = -26 + 25 * r.nextDouble();
        boolean noisy = r.nextDouble() < 0.8;
        double snrDb = 30 * r.nextDouble(), silenceDb = -75 + 55 * r.nextDouble(), floorDb = -80 + 20 * r.nextDouble();
        int kind = r.nextInt(noise.length);
        double noiseU = r.nextDouble();
        if (word != null) {
            Path wav = work.resolve("clip-" + splitId + "-" + idx + ".wav");
            try {
                run(work, null, List.of("espeak-ng", "-v", voice, "-s", Integer.toString(speed), "-p", Integer.toString(pitch), "-w", wav.toString(), word));
                List<String> cmd = new ArrayList<>(List.of("sox", "-R", "-D", "-q", wav.toString(), "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1",
                        "-r", "16000", "-"));
                if (tempo) cmd.addAll(List.of("tempo", "-s", String.format(Locale.ROOT, "%.3f", tempoF)));
                if (pitchShift) cmd.addAll(List.of("pitch", Integer.toString(cents)));
                if (reverb) cmd.addAll(List.of("reverb", Integer.toString(reverberance), "50", Integer.toString(room)));
                double[] s = toDouble(run(work, null, cmd));
                // the spoken part: from the first to the last sample above 2% of the peak
                double peak = 0;
                for (double v : s) peak = Math.max(peak, Math.abs(v));
                if (peak == 0) throw new IOException("espeak-ng produced silence for '" + word + "' with voice " + voice);
                int first = 0, last = s.length - 1;
                while (Math.abs(s[first]) < 0.02 * peak) first++;
                while (Math.abs(s[last]) < 0.02 * peak) last--;
                int len = Math.min(last - first + 1, Mfcc.CLIP);
                int at = (int) Math.floor(offsetU * (Mfcc.CLIP - len + 1));
                double g = Math.pow(10, peakDb / 20) / peak;
                double power = 0;
                for (int i = 0; i < len; i++) {
                    out[at + i] = g * s[first + i];
                    power += out[at + i] * out[at + i];
                }
                power /= len;
                // clean clips keep a microphone-like floor (-80..-60 dBFS RMS), never digital silence
                addNoise(out, noise[kind], noiseU, trainNoise, noisy ? Math.sqrt(power / Math.pow(10, snrDb / 10)) : Math.pow(10, (floorDb) / 20));
            } finally {
                Files.deleteIfExists(wav);
            }
        } else {
            addNoise(out, noise[kind], noiseU, trainNoise, Math.pow(10, silenceDb / 20));
        }
        short[] pcm = new short[Mfcc.CLIP];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(out[i] * 32768)));
        return pcm;
    }

    /** Adds a 1 s noise segment at RMS {@code rms}; training clips draw from seconds 0-20 of the noise, others from 20-30. */
    private static void addNoise(double[] out, float[] noise, double u, boolean train, double rms) {
        int from = train ? 0 : 20 * Mfcc.SAMPLE_RATE, to = train ? 20 * Mfcc.SAMPLE_RATE : noise.length;
        int start = from + (int) Math.floor(u * (to - from - Mfcc.CLIP));
        double p = 0;
        for (int i = 0; i < Mfcc.CLIP; i++) p += (double) noise[start + i] * noise[start + i];
        double g = p == 0 ? 0 : rms / Math.sqrt(p / Mfcc.CLIP);
        for (int i = 0; i < Mfcc.CLIP; i++) out[i] += g * noise[start + i];
    }

    private static List<String> sox(String effects) {
        List<String> c = new ArrayList<>(List.of("sox", "-R", "-D", "-q", "-r", "16000", "-n", "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", "16000", "-"));
        c.addAll(List.of(effects.split(" ")));
        c.addAll(List.of("norm", "-3"));
        return c;
    }

    private static String version(String tool, String flag) throws IOException {
        try {
            Process p = new ProcessBuilder(tool, flag).redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return v.lines().findFirst().orElse(tool).replaceAll("\\s+", " ").replace("sox: ", "");
        } catch (IOException e) {
            throw new IOException(tool + " is not installed (Debian: apt-get install espeak-ng sox); the keyword data set is synthesised with it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] run(Path work, byte[] in, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream s = p.getInputStream()) {
            out = s.readAllBytes();
        }
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static double[] toDouble(byte[] raw) {
        double[] d = new double[raw.length / 2];
        for (int i = 0; i < d.length; i++) d[i] = (short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8)) / 32768.0;
        return d;
    }

    private static float[] toFloat(byte[] raw) {
        double[] d = toDouble(raw);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
