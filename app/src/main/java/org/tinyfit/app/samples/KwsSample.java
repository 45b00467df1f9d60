package org.tinyfit.app.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.train.TrainConfig;

/**
 * The keyword spotter {@code kws-lstm}: an LSTM with 118 hidden units on 49 x 10 MFCCs and
 * a dense layer over the 12 classes (62,316 parameters, 249,264 B = 243 KiB of float32 weights,
 * the size of the Kronecker papers' KWS LSTM), trained on {@link KwsData}. The validation set
 * is written beside the model as {@code val.safetensors}; it is not used in training.
 */
final class KwsSample {
    /** Hidden units. */
    static final int HIDDEN = 118;

    private KwsSample() { }

    static BuildSamples.Spec spec(Path work, Path out, Map<String, String> a) throws IOException, InterruptedException {
        KwsData.Splits k = KwsData.build(work, KwsData.TRAIN_PER_CLASS, KwsData.VAL_PER_CLASS, KwsData.TEST_PER_CLASS, 2);
        Path dir = out.resolve("kws-lstm");
        Files.createDirectories(dir);
        DatasetFile.write(k.val(), dir.resolve("val.safetensors"));
        int epochs = Integer.parseInt(a.getOrDefault("--kws-epochs", "10"));
        double lr = Double.parseDouble(a.getOrDefault("--kws-lr", "0.005"));
        return new BuildSamples.Spec("kws-lstm",
                "LSTM (118 hidden) keyword spotter on 49 x 10 MFCCs of 1 s clips (40 ms window, 20 ms stride): the ten Speech Commands v1 "
                        + "words, silence and unknown; trained on SYNTHETIC speech (espeak-ng + SoX)",
                CellType.LSTM, false, HIDDEN, new TrainConfig(epochs, 32, lr, 100, 5.0, 0, 7, 0),
                new SampleData.Split(k.train(), k.test()),
                "espeak-ng and SoX (Debian packages espeak-ng, sox): speech synthesised and augmented by org.tinyfit.app.samples.KwsData, seed " + KwsData.SEED);
    }
}
