package org.tinyfit.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizeTextTest {
    @Test void readsBytesAndUnits() {
        assertEquals(2048, SizeText.parse("2048"));
        assertEquals(2048, SizeText.parse("2048B"));
        assertEquals(16384, SizeText.parse("16KB"));
        assertEquals(16384, SizeText.parse(" 16 kib "));
        assertEquals(16384, SizeText.parse("16k"));
        assertEquals(1572864, SizeText.parse("1.5MB"));
        assertEquals(1L << 30, SizeText.parse("1GB"));
    }

    @Test void saysWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeText.parse("16 parsecs")).getMessage().contains("not a size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeText.parse("")).getMessage().contains("missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeText.parse("0KB")).getMessage().contains("less than one byte"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeText.parse("-5KB")).getMessage().contains("not a size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeText.parse("5000GB")).getMessage().contains("more than 1 TB"));
    }

    @Test void formatReadsBack() {
        for (long b : new long[] {1, 1000, 1024, 1536, 16384, 1 << 20, 3 << 20, 1572864}) assertEquals(b, SizeText.parse(SizeText.format(b)));
        assertEquals("16KB", SizeText.format(16384));
        assertEquals("2MB", SizeText.format(2 << 20));
        assertEquals("1536B", SizeText.format(1536));
    }
}
