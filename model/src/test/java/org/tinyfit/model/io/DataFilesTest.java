package org.tinyfit.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.data.Dataset;

/**
 * A user's own data sets, read from files NumPy wrote (src/test/resources/.../numpy, made by
 * numpy.save / savez / savez_compressed / savetxt): x = arange(30).reshape(5, 3, 2) * 0.5 - 3,
 * y = [0, 1, 2, 1, 0], for a model of 3 steps x 2 features and 3 classes.
 */
class DataFilesTest {
    static final DataFiles.Expect MODEL = new DataFiles.Expect(3, 2, 3);
    static final int[] Y = {0, 1, 2, 1, 0};
    @TempDir Path tmp;

    static Path file(String name) throws URISyntaxException {
        return Path.of(DataFilesTest.class.getResource("numpy/" + name).toURI());
    }

    static float[] expectedX() {
        float[] x = new float[30];
        for (int i = 0; i < 30; i++) x[i] = (float) (i * 0.5 - 3);
        return x;
    }

    static void same(Dataset d) {
        assertEquals(5, d.n());
        assertEquals(3, d.steps());
        assertEquals(2, d.features());
        assertArrayEquals(expectedX(), d.xF32());
        assertArrayEquals(Y, d.y());
    }

    @Test
    void everyFormNumpyWritesGivesTheSameSamples() throws Exception {
        same(DataFiles.read(file("plain.npz").toString(), MODEL));          // float32 [5,3,2], int64 labels
        same(DataFiles.read(file("compressed.npz").toString(), MODEL));     // deflated; float64 [5,6]; uint8 [5,1]
        same(DataFiles.read(file("x.npy") + "," + file("y.npy"), MODEL));   // a pair of .npy
        same(DataFiles.read(file("x_be.npy") + "," + file("y.npy"), MODEL)); // big-endian float32
        same(DataFiles.read(file("plain.csv").toString(), MODEL));          // savetxt with a header line
        Path folder = Files.createDirectories(tmp.resolve("mine"));
        Files.copy(file("x.npy"), folder.resolve("x.npy"));
        Files.copy(file("y.npy"), folder.resolve("y.npy"));
        Dataset d = DataFiles.read(folder.toString(), MODEL);
        same(d);
        assertEquals("mine", d.name());
        same(DataFiles.read(file("plain.npz").toString(), DataFiles.Expect.ANY)); // [N, T, I] needs no model
    }

    @Test
    void eachProblemIsOneSentenceNamingTheFile() throws Exception {
        msg("nan.npz", MODEL, "sample 3 holds NaN (step 1, feature 0); inputs must be finite numbers");
        msg("label7.npz", MODEL, "label 7 of sample 2 is outside the model's 3 classes (0..2)");
        msg("short_y.npz", MODEL, "x has 5 samples but y has 4 labels");
        msg("other.npz", MODEL, "needs arrays x and y");
        msg("plain.npz", new DataFiles.Expect(2, 3, 3), "samples are 3 x 2 (steps x features) but the model takes 2 x 3");
        msg("compressed.npz", new DataFiles.Expect(4, 2, 3), "x has 6 values per sample; the model takes 4 x 2 = 8");
        msg("compressed.npz", DataFiles.Expect.ANY, "x must have shape [N, T, I], got float64 [5, 6]");
        msg("plain.csv", new DataFiles.Expect(2, 2, 3), "line 2 has 7 values; expected 5");
        msg("x.npy", MODEL, "name the inputs and the labels as X.npy,Y.npy");
        IOException e = assertThrows(IOException.class, () -> DataFiles.read(file("x.npy") + "," + file("y_float.npy"), MODEL));
        assertTrue(e.getMessage().contains("labels must be whole numbers (an integer dtype), got float32"), e.getMessage());
        e = assertThrows(IOException.class, () -> DataFiles.read(file("fortran.npy") + "," + file("y.npy"), MODEL));
        assertTrue(e.getMessage().contains("Fortran order"), e.getMessage());
        e = assertThrows(IOException.class, () -> DataFiles.read(tmp.toString(), MODEL));
        assertTrue(e.getMessage().contains("is a folder without x.npy and y.npy"), e.getMessage());
        for (Throwable t : new Throwable[] {e}) assertEquals(1, t.getMessage().lines().count());
    }

    @Test
    void hostileHeadersAreRefusedBeforeAllocating() throws Exception {
        byte[] ok = Files.readAllBytes(file("x.npy"));
        String header = new String(ok, 10, ok.length - 10 - 120, java.nio.charset.StandardCharsets.ISO_8859_1);
        // a shape that claims 10^12 values with the 120 bytes of data the file has
        Path big = tmp.resolve("big.npy");
        Files.write(big, withHeader(ok, header.replace("(5, 3, 2)", "(1000000, 1000000, 1)")));
        IOException e = assertThrows(IOException.class, () -> DataFiles.read(big + "," + file("y.npy"), MODEL));
        assertTrue(e.getMessage().contains("needs 4000000000000 bytes of data, the file has 120"), e.getMessage());
        // an overflowing shape
        Files.write(big, withHeader(ok, header.replace("(5, 3, 2)", "(9223372036854775807, 4, 1)")));
        e = assertThrows(IOException.class, () -> DataFiles.read(big + "," + file("y.npy"), MODEL));
        assertTrue(e.getMessage().contains("too many elements"), e.getMessage());
        // truncated data
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(ok, ok.length - 7));
        e = assertThrows(IOException.class, () -> DataFiles.read(cut + "," + file("y.npy"), MODEL));
        assertTrue(e.getMessage().contains("the file has 113"), e.getMessage());
        // a structured dtype
        Files.write(big, withHeader(ok, header.replace("'<f4'", "[('a', '<f4')]")));
        e = assertThrows(IOException.class, () -> DataFiles.read(big + "," + file("y.npy"), MODEL));
        assertTrue(e.getMessage().contains("no simple 'descr'"), e.getMessage());
    }

    private static byte[] withHeader(byte[] npy, String header) {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + 120];
        System.arraycopy(npy, 0, out, 0, 8);
        out[8] = (byte) h.length;
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(npy, npy.length - 120, out, 10 + h.length, 120);
        return out;
    }

    private static void msg(String name, DataFiles.Expect e, String expected) throws Exception {
        IOException ex = assertThrows(IOException.class, () -> DataFiles.read(file(name).toString(), e));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertTrue(ex.getMessage().contains(name), "names the file: " + ex.getMessage());
        assertEquals(1, ex.getMessage().lines().count(), ex.getMessage());
    }
}
