package org.tinyfit.model.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanException;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.provenance.Provenance;

/**
 * The plan text of a trial ({@link TrialSpec#plan()}): training settings and the architecture
 * first, each an {@code @}-entry, then an ordinary plan text:
 * {@code [@small=H;][@lr=LR;][@batch=B;]PLAN}. {@code @small=H} trains the same network with H
 * hidden units in its RNN layer (a small baseline) and applies PLAN to it; {@code @lr} and
 * {@code @batch} fix Adam's peak learning rate and the mini-batch size, so a trial trains the
 * same way on every machine. Examples: {@code @lr=0.02;rnn.kernel=kp:4x5,8x8;fc.kernel=dense},
 * {@code @small=13;@lr=0.02;*=dense/int8;activations=int8}.
 *
 * @param hidden   hidden units of a small baseline, or 0 for the base network's own
 * @param lr       learning rate, or NaN for the runner's default
 * @param batch    mini-batch size, or 0 for the runner's default
 * @param planText the compression plan text ({@code dense} when nothing is compressed)
 */
public record TrialPlan(int hidden, double lr, int batch, String planText) {
    /** Default learning rate when a trial names none. */
    public static final double DEFAULT_LR = 0.01;
    /** Default mini-batch size when a trial names none. */
    public static final int DEFAULT_BATCH = 64;

    public TrialPlan {
        if (hidden < 0) throw new IllegalArgumentException("@small hidden units must be positive, got " + hidden);
        if (!Double.isNaN(lr) && !(lr > 0 && lr < 10)) throw new IllegalArgumentException("@lr must be in (0, 10), got " + lr);
        if (batch < 0 || batch > 1 << 16) throw new IllegalArgumentException("@batch must be 1-65536, got " + batch);
        if (planText == null || planText.isBlank()) planText = "dense";
    }

    /** Parses the trial plan text. */
    public static TrialPlan parse(String text) {
        int hidden = 0, batch = 0;
        double lr = Double.NaN;
        List<String> rest = new ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            if (p.startsWith("@")) {
                int eq = p.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("trial setting '" + p + "' needs =VALUE");
                String k = p.substring(1, eq).trim().toLowerCase(Locale.ROOT), v = p.substring(eq + 1).trim();
                try {
                    switch (k) {
                        case "small" -> hidden = Integer.parseInt(v);
                        case "lr" -> lr = Double.parseDouble(v);
                        case "batch" -> batch = Integer.parseInt(v);
                        default -> throw new IllegalArgumentException("unknown trial setting '@" + k + "' (known: @small, @lr, @batch)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("trial setting '" + p + "' needs a number");
                }
                if (hidden < 0 || (k.equals("small") && hidden == 0)) throw new IllegalArgumentException("@small needs at least 1 hidden unit, got " + v);
            } else {
                rest.add(p);
            }
        }
        return new TrialPlan(hidden, lr, batch, rest.isEmpty() ? "dense" : String.join(";", rest));
    }

    /** The text form, {@link #parse}'s inverse. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (hidden > 0) sb.append("@small=").append(hidden).append(';');
        if (!Double.isNaN(lr)) sb.append("@lr=").append(PlanText.number(lr)).append(';');
        if (batch > 0) sb.append("@batch=").append(batch).append(';');
        return sb.append(planText).toString();
    }

    /** The network a trial trains: {@code base} itself, or its small baseline. */
    public Network network(Network base) {
        return hidden > 0 ? smaller(base, hidden) : base;
    }

    /** The compression plan, validated and expanded against {@link #network}. */
    public CompressionPlan plan(Network net) {
        if (planText.equals("dense")) return CompressionPlan.none();
        CompressionPlan p = PlanText.parse(planText, net);
        PlanText.validate(p, net);
        return PlanText.expand(p, net);
    }

    /** Whether it is a small baseline. */
    public boolean small() { return hidden > 0; }

    /**
     * The same architecture with {@code h} hidden units in its RNN layers, zero weights (a
     * small baseline; training starts from scratch).
     */
    public static Network smaller(Network base, int h) {
        if (h < 1) throw new PlanException("a small baseline needs at least 1 hidden unit, got " + h);
        List<Layer> ls = new ArrayList<>();
        int width = base.features();
        for (Layer l : base.layers()) {
            if (l instanceof RnnLayer r) {
                int rows = r.cell().gates() * h, cols = width + h;
                ls.add(new RnnLayer(r.name(), r.cell(), width, h, new DenseOp(new float[rows * cols], rows, cols), new float[r.cell().biasBlocks() * h],
                        r.linearBeforeReset() ? new float[h] : null, r.linearBeforeReset(), r.scalars().length > 0 ? r.scalars() : null));
                width = h;
            } else {
                DenseLayer d = (DenseLayer) l;
                int outW = d.outputSize();
                ls.add(new DenseLayer(d.name(), width, outW, new DenseOp(new float[outW * width], outW, width), new float[outW], d.activation()));
                width = outW;
            }
        }
        return new Network(base.name(), base.steps(), base.features(), ls, base.classNames(), base.metadata(), Provenance.NONE, base.datasets());
    }

    /** Hidden units of the (first) RNN layer of {@code net}, or 0. */
    public static int hiddenOf(Network net) {
        for (Layer l : net.layers()) if (l instanceof RnnLayer r) return r.hidden();
        return 0;
    }
}
