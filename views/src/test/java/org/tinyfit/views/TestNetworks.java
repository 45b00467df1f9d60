package org.tinyfit.views;

import java.util.List;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/** Small in-code networks whose parameter counts are easy to compute by hand. */
final class TestNetworks {
    private TestNetworks() { }

    /**
     * LSTM I=4 H=8: kernel (4*8) x (4+8) = 32 x 12 = 384, bias 4*8 = 32, total 416.
     * Dense 8->3: kernel 3 x 8 = 24, bias 3, total 27. Model: 443.
     */
    static Network lstm(String name) {
        RnnLayer rnn = new RnnLayer("lstm1", CellType.LSTM, 4, 8, new DenseOp(new float[32 * 12], 32, 12),
                new float[32], null, false, null);
        DenseLayer out = new DenseLayer("out", 8, 3, new DenseOp(new float[24], 3, 8), new float[3], Activation.NONE);
        return new Network(name, 10, 4, List.of(rnn, out), null, null, null, null);
    }

    /**
     * GRU I=16 H=32: kernel 96 x 48 = 4,608, bias 96, total 4,704.
     * Dense 32->10: 320 + 10 = 330. Model: 5,034.
     */
    static Network gru(String name) {
        RnnLayer rnn = new RnnLayer("gru1", CellType.GRU, 16, 32, new DenseOp(new float[96 * 48], 96, 48),
                new float[96], null, false, null);
        DenseLayer out = new DenseLayer("logits", 32, 10, new DenseOp(new float[320], 10, 32), new float[10], Activation.NONE);
        return new Network(name, 20, 16, List.of(rnn, out), null, null, null, null);
    }
}
