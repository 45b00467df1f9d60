package org.tinyfit.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/** In-code networks with hand-computable parameter counts, and a temporary sample-models folder. */
final class UiFixtures {
    private UiFixtures() { }

    /**
     * LSTM I=4 H=8: kernel (4*8) x (4+8) = 32 x 12 = 384 values, bias 4*8 = 32: 416.
     * Dense 8->3: 3 x 8 = 24, bias 3: 27. Total 443; shares 93.9 % and 6.1 %.
     */
    static Network kws() {
        return net("kws", 10, 4,
                lstm("lstm1", 4, 8),
                dense("out", 8, 3, Activation.NONE));
    }

    /**
     * GRU I=16 H=32: 96 x 48 = 4,608, bias 96: 4,704. Dense 32->10: 320 + 10 = 330.
     * Total 5,034; shares 93.4 % and 6.6 %.
     */
    static Network gesture() {
        RnnLayer gru = new RnnLayer("gru1", CellType.GRU, 16, 32, new DenseOp(new float[96 * 48], 96, 48),
                new float[96], null, false, null);
        return net("gesture", 20, 16, gru, dense("logits", 32, 10, Activation.NONE));
    }

    /**
     * Stacked LSTM for the screenshot. LSTM 10->64: 256 x 74 = 18,944 + 256 = 19,200;
     * LSTM 64->32: 128 x 96 = 12,288 + 128 = 12,416; dense 32->32: 1,056; dense 32->12: 396.
     * Total 33,068.
     */
    static Network speech() {
        return net("speech-commands", 49, 10,
                lstm("lstm1", 10, 64),
                lstm("lstm2", 64, 32),
                dense("fc1", 32, 32, Activation.RELU),
                dense("logits", 32, 12, Activation.NONE));
    }

    static RnnLayer lstm(String name, int in, int h) {
        return new RnnLayer(name, CellType.LSTM, in, h, new DenseOp(new float[4 * h * (in + h)], 4 * h, in + h),
                new float[4 * h], null, false, null);
    }

    static DenseLayer dense(String name, int in, int out, Activation a) {
        return new DenseLayer(name, in, out, new DenseOp(new float[in * out], out, in), new float[out], a);
    }

    static Network net(String name, int steps, int features, Layer... layers) {
        return new Network(name, steps, features, List.of(layers), null, null, null, null);
    }

    /** Creates {@code home/sample-models/NAME/NAME.tinyfit} (empty files) and returns the files. */
    static Path sample(Path home, String name) throws IOException {
        Path dir = Files.createDirectories(home.resolve("sample-models").resolve(name));
        Path f = dir.resolve(name + ".tinyfit");
        if (!Files.exists(f)) Files.createFile(f);
        return f.toAbsolutePath().normalize();
    }
}
