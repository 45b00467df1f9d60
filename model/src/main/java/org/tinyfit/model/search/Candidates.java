package org.tinyfit.model.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.FactorShapes;
import org.tinyfit.model.plan.KpShape;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.plan.Techniques;

/**
 * The search space of a network: per RNN kernel, every technique's settings (KP factor shapes,
 * hybrid-KP dense rows, doped-KP densities, low ranks, sparsities) times the bit widths and
 * activation types, plus small baselines (fewer hidden units). Each is costed with the cost
 * model and dropped when over a limit, so nothing that cannot fit is ever trained.
 */
public final class Candidates {
    private Candidates() { }

    /** Doped-KP overlay densities tried. */
    static final double[] DENSITIES = {0.005, 0.01, 0.02, 0.05};
    /** Pruning sparsities tried. */
    static final double[] SPARSITIES = {0.5, 0.75, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995};

    /** What was enumerated and what fits. */
    public record Space(List<Candidate> fitting, int enumerated, Map<String, Integer> droppedBy) { }

    /**
     * Enumerates the candidates of {@code base} for {@code techniques} (ids: kp, hkp, dkp, lmf,
     * prune, small, dense), {@code bits} (32, 16, 8, ..., 2) and {@code activations}, keeping
     * those within {@code limits}. Order is deterministic.
     */
    public static Space enumerate(Network base, Set<String> techniques, List<Integer> bits, List<Activations> activations, Limits limits) {
        RnnLayer main = PlanFeatures.mainRnn(base);
        if (main == null) throw new IllegalArgumentException("model '" + base.name() + "' has no RNN layer to compress");
        int m = main.kernel().rows(), n = main.kernel().cols();
        Map<String, Candidate> out = new LinkedHashMap<>();
        Map<String, Integer> dropped = new LinkedHashMap<>();
        int[] count = {0};
        for (String t : techniques) {
            if (!SearchConfig.ORDER.contains(t)) throw new IllegalArgumentException("unknown technique '" + t + "' (kp, hkp, dkp, lmf, prune, small, dense)");
        }
        for (String t : SearchConfig.canonical(techniques)) {
            if (t.equals("small")) continue;
            for (TechniqueSpec spec : specs(t, m, n)) {
                for (int b : bits) {
                    for (Activations a : activations) {
                        if (a == Activations.INT8 && b > 8) continue;
                        add(base, base, 0, planFor(base, main, spec, b, a), t, b, a, limits, out, dropped, count);
                    }
                }
            }
        }
        if (techniques.contains("small")) {
            for (int h : smallSizes(main.hidden())) {
                Network small = TrialPlan.smaller(base, h);
                for (int b : bits) {
                    for (Activations a : activations) {
                        if (a == Activations.INT8 && b > 8) continue;
                        CompressionPlan p = b == 32 && a == Activations.FLOAT32 ? CompressionPlan.none()
                                : planFor(small, PlanFeatures.mainRnn(small), new TechniqueSpec.Dense(), b, a);
                        add(base, small, h, p, "small", b, a, limits, out, dropped, count);
                    }
                }
            }
        }
        return new Space(List.copyOf(out.values()), count[0], dropped);
    }

    /** Hidden sizes of small baselines: about H/16 .. H-1 in geometric steps. */
    static List<Integer> smallSizes(int h) {
        TreeSet<Integer> s = new TreeSet<>();
        for (double f = 1.0 / 16; f < 1; f *= 1.25) {
            int v = (int) Math.round(h * f);
            if (v >= 2 && v < h) s.add(v);
        }
        return new ArrayList<>(s.descendingSet());
    }

    /** The settings tried for technique {@code t} on an m x n matrix. */
    static List<TechniqueSpec> specs(String t, int m, int n) {
        List<TechniqueSpec> out = new ArrayList<>();
        List<KpShape> shapes = FactorShapes.enumerate(m, n).stream().filter(s -> !s.trivial()).toList();
        List<KpShape> front = shapes.stream().filter(KpShape::pareto).toList();
        switch (t) {
            case "dense" -> out.add(new TechniqueSpec.Dense());
            case "kp" -> shapes.forEach(s -> out.add(s.spec()));
            case "hkp" -> {
                for (KpShape s : front) {
                    int[] ranks = FactorShapes.hybridRanks(m, s.m2());
                    int used = 0;
                    for (int r : ranks) {
                        if (r == 0 || m - r < s.m2()) continue;
                        out.add(Techniques.hybrid(m, n, s, r));
                        if (++used == 3) break;
                    }
                }
            }
            case "dkp" -> {
                for (KpShape s : front) for (double d : DENSITIES) out.add(new TechniqueSpec.Dkp(s.m1(), s.n1(), s.m2(), s.n2(), d));
            }
            case "lmf" -> {
                for (int r = 1; r <= Math.min(m, n) / 2; r *= 2) out.add(new TechniqueSpec.Lmf(r));
            }
            case "prune" -> {
                for (double s : SPARSITIES) out.add(new TechniqueSpec.Pruned(s));
            }
            default -> throw new IllegalArgumentException("unknown technique '" + t + "' (kp, hkp, dkp, lmf, prune, small, dense)");
        }
        Set<String> seen = new LinkedHashSet<>();
        return out.stream().filter(s -> s.fits(m, n) && seen.add(s.text())).toList();
    }

    /**
     * The plan of a candidate: the main RNN kernel under {@code spec} at {@code bits}, other RNN
     * kernels adapted to their shapes, dense layers dense (int8 when the kernel is quantized).
     */
    static CompressionPlan planFor(Network net, RnnLayer main, TechniqueSpec spec, int bits, Activations a) {
        Map<String, MatrixPlan> mp = new LinkedHashMap<>();
        int m0 = main.kernel().rows(), n0 = main.kernel().cols();
        for (Layer l : net.layers()) {
            int m = l.kernel().rows(), n = l.kernel().cols();
            if (l instanceof RnnLayer) {
                mp.put(l.kernelName(), new MatrixPlan(Techniques.adapt(spec, m0, n0, m, n), bits));
            } else {
                mp.put(l.kernelName(), new MatrixPlan(new TechniqueSpec.Dense(), bits < 32 ? Math.max(8, Math.min(bits, 16)) : 32));
            }
        }
        return new CompressionPlan(mp, a);
    }

    private static void add(Network base, Network net, int hidden, CompressionPlan plan, String kind, int bits, Activations a, Limits limits,
                            Map<String, Candidate> out, Map<String, Integer> dropped, int[] count) {
        count[0]++;
        CostReport c;
        try {
            PlanText.validate(plan, net);
            c = CostModel.estimate(net, plan, limits.device(), CostOptions.DEFAULT);
        } catch (RuntimeException e) {
            dropped.merge("invalid", 1, Integer::sum);
            return;
        }
        double energyMj = c.energyJoules() * 1e3;
        if (c.flashBytes() > limits.flashBytes()) { dropped.merge("flash", 1, Integer::sum); return; }
        if (c.sramBytes() > limits.sramBytes()) { dropped.merge("sram", 1, Integer::sum); return; }
        if (c.latencyMs() > limits.latencyMs()) { dropped.merge("latency", 1, Integer::sum); return; }
        if (energyMj > limits.energyMj()) { dropped.merge("energy", 1, Integer::sum); return; }
        String planText = plan.matrices().isEmpty() && plan.activations() == Activations.FLOAT32 ? "dense" : PlanText.format(plan);
        String text = new TrialPlan(hidden, Double.NaN, 0, planText).text();
        String label = kind + (bits < 32 ? "-int" + bits : "") + (a == Activations.INT8 && bits == 32 ? "-a8" : "");
        double[] f = PlanFeatures.of(base, net, plan, c.params(), c.macs(), 1);
        out.putIfAbsent(text, new Candidate(text, label, kind, bits, a == Activations.INT8, c.params(), c.flashBytes(), c.sramBytes(),
                c.macs(), c.latencyMs(), energyMj, f));
    }
}
