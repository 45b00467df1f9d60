package org.tinyfit.app.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic keyword data: speaker-disjoint, balanced, and the same twice (needs espeak-ng and sox; skipped without them). */
class KwsDataTest {
    @TempDir Path work;

    static boolean has(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test void voicesOfTheSplitsAreDisjoint() {
        Set<String> seen = new HashSet<>();
        for (List<String> v : List.of(KwsData.TRAIN_VOICES, KwsData.VAL_VOICES, KwsData.TEST_VOICES)) {
            for (String s : v) assertTrue(seen.add(s), s + " is in two splits");
        }
        assertEquals(12, KwsData.CLASSES.size());
        for (String w : KwsData.UNKNOWN) assertTrue(!KwsData.CLASSES.contains(w), w);
    }

    @Test void twoBuildsAreIdentical() throws Exception {
        assumeTrue(has("espeak-ng") && has("sox"), "espeak-ng and sox are not installed (apt-get install espeak-ng sox)");
        KwsData.Splits a = KwsData.build(work.resolve("a"), 1, 1, 1, 2);
        KwsData.Splits b = KwsData.build(work.resolve("b"), 1, 1, 1, 1);
        assertEquals(12, a.train().n());
        assertArrayEquals(a.train().xF32(), b.train().xF32());
        assertArrayEquals(a.test().xF32(), b.test().xF32());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a.test().y());
        assertTrue(a.test().metadata().get("source").startsWith("SYNTHETIC"));
        for (float v : a.val().xF32()) assertTrue(Float.isFinite(v));
    }
}
