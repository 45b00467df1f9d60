package org.tinyfit.model.search;

import java.util.List;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.Footprint;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;

/**
 * The features the surrogate sees of a plan: log2 parameters, log2 of the rank bound of the
 * RNN kernel as a fraction of the base kernel's full rank, log2 MACs, log2 bits of the RNN
 * kernel, int8 activations (0/1), the technique one-hot (dense, kp, hkp, dkp, lmf, prune, small)
 * and log2 training epochs. None depends on the device.
 */
public final class PlanFeatures {
    private PlanFeatures() { }

    /** Technique ids in one-hot order. */
    public static final List<String> TECHNIQUES = List.of("dense", "kp", "hkp", "dkp", "lmf", "prune", "small");
    /** Number of features. */
    public static final int SIZE = 5 + TECHNIQUES.size() + 1;
    /** Indices of the continuous features (standardised by the surrogate). */
    static final int[] CONTINUOUS = {0, 1, 2, 3, SIZE - 1};

    private static final Device ANY = DeviceCatalog.builtIn().devices().get(0);

    /**
     * Features of {@code plan} (expanded against {@code net}) trained for {@code epochs}; {@code net}
     * is {@code base} or its small baseline.
     */
    public static double[] of(Network base, Network net, CompressionPlan plan, int epochs) {
        CostReport c = CostModel.estimate(net, plan, ANY, CostOptions.DEFAULT);
        return of(base, net, plan, c.params(), c.macs(), epochs);
    }

    /** Features with the parameter and MAC counts already estimated. */
    public static double[] of(Network base, Network net, CompressionPlan plan, long params, long macs, int epochs) {
        double[] f = new double[SIZE];
        f[0] = log2(params);
        RnnLayer main = mainRnn(net), baseMain = mainRnn(base);
        String technique = net == base ? "dense" : "small";
        int bits = 32;
        double rank = 1;
        if (main != null) {
            int m = main.kernel().rows(), n = main.kernel().cols();
            double full = baseMain == null ? Math.min(m, n) : Math.min(baseMain.kernel().rows(), baseMain.kernel().cols());
            MatrixPlan mp = plan.forMatrix(main.kernelName());
            bits = mp.bits();
            if (net == base) technique = mp.technique().id();
            Integer rb = null;
            try {
                Footprint fp = mp.technique().footprint(m, n);
                rb = fp.rankBound();
            } catch (RuntimeException e) {
                // not fitting: keep full rank
            }
            if (mp.technique() instanceof TechniqueSpec.Pruned p) rank = Math.min(m, n) * Math.max(0.01, 1 - p.sparsity());
            else rank = rb == null ? Math.min(m, n) : rb;
            rank = rank / full;
        }
        f[1] = log2(Math.max(rank, 1e-6));
        f[2] = log2(Math.max(1, macs));
        f[3] = log2(bits);
        f[4] = plan.activations() == Activations.INT8 ? 1 : 0;
        int t = TECHNIQUES.indexOf(technique);
        f[5 + Math.max(0, t)] = 1;
        f[SIZE - 1] = log2(Math.max(1, epochs));
        return f;
    }

    /** A copy of {@code f} with the epochs feature set. */
    public static double[] withEpochs(double[] f, int epochs) {
        double[] g = f.clone();
        g[SIZE - 1] = log2(Math.max(1, epochs));
        return g;
    }

    static RnnLayer mainRnn(Network net) {
        RnnLayer best = null;
        for (Layer l : net.layers()) {
            if (l instanceof RnnLayer r && (best == null || (long) r.kernel().rows() * r.kernel().cols() > (long) best.kernel().rows() * best.kernel().cols())) best = r;
        }
        return best;
    }

    private static double log2(double v) { return Math.log(v) / Math.log(2); }
}
