package org.tinyfit.model.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tinyfit.model.provenance.Provenance;

/** Small networks with random weights for tests. */
public final class TestNets {
    private TestNets() { }

    public static float[] rand(Random r, int len, double scale) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    public static RnnLayer rnn(Random r, String name, CellType cell, int in, int h, boolean lbr) {
        int rows = cell.gates() * h;
        int cols = in + h;
        float[] w = rand(r, rows * cols, 1.0 / Math.sqrt(cols));
        float[] b = rand(r, cell.biasBlocks() * h, 0.1);
        float[] rb = (cell == CellType.GRU && lbr) ? rand(r, h, 0.1) : null;
        float[] sc = RnnLayer.scalarCount(cell) == 0 ? null : new float[] {(float) r.nextGaussian(), (float) r.nextGaussian()};
        return new RnnLayer(name, cell, in, h, new DenseOp(w, rows, cols), b, rb, lbr, sc);
    }

    public static DenseLayer dense(Random r, String name, int in, int out, Activation act) {
        return new DenseLayer(name, in, out, new DenseOp(rand(r, in * out, 1.0 / Math.sqrt(in)), out, in), rand(r, out, 0.1), act);
    }

    /** cells... -> dense(classes). */
    public static Network classifier(long seed, int steps, int features, int classes, int hidden, CellType... cells) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        int in = features;
        for (int i = 0; i < cells.length; i++) {
            layers.add(rnn(r, "rnn" + i, cells[i], in, hidden, false));
            in = hidden;
        }
        if (cells.length == 0) in = steps * features;
        layers.add(dense(r, "fc", in, classes, Activation.NONE));
        return new Network("test", steps, features, layers, null, Map.of(), Provenance.NONE, Map.of());
    }
}
