package org.tinyfit.model.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tinyfit.model.io.fuzz.FuzzTargets.Target;

/**
 * The fuzz targets on deterministic mutations of the seeds, so that every {@code mvn verify}
 * runs more than the seeds themselves without the fuzzer: bit flips, bytes set to 0, 0xff,
 * 0x7f or 0x80, little-endian integers set to boundary values, truncations, repeated and
 * deleted blocks, spliced seeds. Fixed seeds: a failure reproduces with its case number, and
 * {@code -Dtinyfit.fuzz.cases=N} runs more cases per seed.
 */
@Tag("fuzz")
class MutationRegressionTest {
    static final int CASES = Integer.getInteger("tinyfit.fuzz.cases", 120);

    static List<byte[]> seeds(Target t) throws IOException, URISyntaxException {
        var url = MutationRegressionTest.class.getResource("ReaderFuzzTestInputs/" + t.name());
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            for (Path p : s.sorted().toList()) out.add(Files.readAllBytes(p));
        }
        return out;
    }

    static byte[] mutate(byte[] in, List<byte[]> seeds, Random r) {
        byte[] b = in.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 0x44}[r.nextInt(5)];
                case 2 -> {
                    long v = new long[] {0, -1, Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE, 1L << 40, 134_217_728L}[r.nextInt(7)];
                    for (int i = 0; i < 8 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                }
                case 3 -> b = java.util.Arrays.copyOf(b, at);
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                case 5 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 6 -> {
                    byte[] o = seeds.get(r.nextInt(seeds.size()));
                    int from = o.length == 0 ? 0 : r.nextInt(o.length);
                    int len = Math.min(o.length - from, Math.min(b.length - at, 1 + r.nextInt(256)));
                    System.arraycopy(o, from, b, at, len);
                }
                default -> {
                    for (int i = 0; i < 1 + r.nextInt(16) && at + i < b.length; i++) b[at + i] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void mutatedSeedsEndInAResultOrAMessage(Target t) throws Exception {
        List<byte[]> seeds = seeds(t);
        assertTrue(!seeds.isEmpty(), "seeds of " + t);
        int n = assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
            int cases = 0;
            for (int s = 0; s < seeds.size(); s++) {
                FuzzTargets.run(t, seeds.get(s));
                Random r = new Random(16_000L * (t.ordinal() + 1) + s);
                for (int c = 0; c < CASES; c++) {
                    byte[] in = mutate(seeds.get(s), seeds, r);
                    try {
                        FuzzTargets.run(t, in);
                    } catch (Throwable e) {
                        Path repro = Files.createTempFile("tinyfit-" + t + "-seed" + s + "-case" + c + "-", ".bin");
                        Files.write(repro, in);
                        throw new AssertionError(t + " seed " + s + " case " + c + " (input saved to " + repro + "): " + e, e);
                    }
                    cases++;
                }
            }
            return cases;
        });
        System.out.println("fuzz " + t + ": " + n + " mutated cases");
    }
}
