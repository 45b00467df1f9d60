package org.tinyfit.model.cost;

import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

import java.util.ArrayList;
import java.util.List;

/** Zero-weight networks of given shapes (the cost model reads shapes only). */
final class Nets {
    private Nets() { }

    static RnnLayer rnn(String name, CellType cell, int in, int h, boolean lbr) {
        int m = cell.gates() * h;
        int n = in + h;
        return new RnnLayer(name, cell, in, h, new DenseOp(new float[m * n], m, n),
                new float[cell.biasBlocks() * h], null, lbr, RnnLayer.defaultScalars(cell));
    }

    static DenseLayer dense(String name, int in, int out, Activation act) {
        return new DenseLayer(name, in, out, new DenseOp(new float[in * out], out, in), new float[out], act);
    }

    /** One RNN layer (T steps, I inputs, H hidden) and a dense H -> classes layer named "fc". */
    static Network rnnNet(CellType cell, boolean lbr, int t, int i, int h, int classes) {
        List<Layer> layers = new ArrayList<>();
        layers.add(rnn("rnn", cell, i, h, lbr));
        layers.add(dense("fc", h, classes, Activation.NONE));
        return new Network("n", t, i, layers, null, null, null, null);
    }
}
