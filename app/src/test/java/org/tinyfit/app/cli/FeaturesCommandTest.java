package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.audio.Mfcc;
import org.tinyfit.model.audio.Wav;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;

class FeaturesCommandTest {
    @TempDir Path dir;

    private static short[] tone(double hz, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 16000));
        return s;
    }

    private void clip(String label, String file, short[] s, int rate) throws Exception {
        Files.createDirectories(dir.resolve("wav").resolve(label));
        Wav.writeMono16(s, rate, dir.resolve("wav").resolve(label).resolve(file));
    }

    @Test void foldersBecomeLabelsWithTheSameFrontEnd() throws Exception {
        clip("yes", "b.wav", tone(440, 16000), 16000);
        clip("yes", "a.wav", tone(300, 12000), 16000);
        clip("no", "c.WAV", tone(900, 16000), 16000);
        Files.writeString(dir.resolve("wav/no/readme.txt"), "not a clip");
        Path out = dir.resolve("d.safetensors");
        var r = CliHarness.run("features", dir.resolve("wav").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote") && r.out().contains("3 clips"), r.out());
        Dataset d = DatasetFile.read(out);
        assertEquals(List.of("no", "yes"), d.classNames());
        assertEquals(3, d.n());
        assertEquals(49, d.steps());
        assertEquals(10, d.features());
        assertArrayEquals(new int[] {0, 1, 1}, d.y());
        assertEquals(Mfcc.NETWORK_SCALE, d.scale());
        // sample 1 is yes/a.wav: 0.75 s padded with zeros to 1 s
        float[] x = new float[16000];
        short[] a = tone(300, 12000);
        for (int i = 0; i < a.length; i++) x[i] = a[i] / 32768f;
        float[] want = new Mfcc().features(x);
        float[] got = new float[490];
        System.arraycopy(d.xF32(), 490, got, 0, 490);
        assertArrayEquals(want, got);
    }

    @Test void labelsFixTheOrderAndMayBeMissing() throws Exception {
        clip("yes", "a.wav", tone(440, 16000), 16000);
        Path out = dir.resolve("d.safetensors");
        var r = CliHarness.run("features", dir.resolve("wav").toString(), "--out", out.toString(), "--labels", "silence,unknown,yes,no");
        assertEquals(0, r.code(), r.err());
        Dataset d = DatasetFile.read(out);
        assertEquals(List.of("silence", "unknown", "yes", "no"), d.classNames());
        assertArrayEquals(new int[] {2}, d.y());
        r = CliHarness.run("features", dir.resolve("wav").toString(), "--out", out.toString(), "--labels", "no,up");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'yes' is not among the labels"), r.err());
    }

    @Test void wrongRatesAndLengthsNameTheFile() throws Exception {
        clip("yes", "slow.wav", tone(440, 8000), 8000);
        var r = CliHarness.run("features", dir.resolve("wav").toString(), "--out", dir.resolve("d.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("slow.wav") && r.err().contains("8000 Hz"), r.err());
        Files.delete(dir.resolve("wav/yes/slow.wav"));
        clip("yes", "long.wav", tone(440, 20000), 16000);
        r = CliHarness.run("features", dir.resolve("wav").toString(), "--out", dir.resolve("d.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("long.wav") && r.err().contains("at most 1 s"), r.err());
        r = CliHarness.run("features", dir.resolve("nowhere").toString(), "--out", dir.resolve("d.safetensors").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such folder"), r.err());
    }
}
