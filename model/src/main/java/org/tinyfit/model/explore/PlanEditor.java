package org.tinyfit.model.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.FactorShapes;
import org.tinyfit.model.plan.KpShape;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanException;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.plan.Techniques;

/**
 * Editing a compression plan of one network: an immutable pair (network, plan) whose
 * edits return a new editor. Every edit of the window and the command line goes
 * through here, so the rules are the same everywhere:
 * <ul>
 *   <li>a matrix's entry as people see it is {@link #entryOf}: the plan's own (or
 *       {@code *}) entry, else the structure the matrix is stored in (a trained KP model
 *       shows KP), else dense float32;</li>
 *   <li>the plan to cost, export and label is {@link #effectivePlan}: every matrix's
 *       entry, stored structures included;</li>
 *   <li>settings carried from one technique or matrix to another follow {@link Techniques}.</li>
 * </ul>
 * Edits that cannot apply (a rank on a KP matrix, an unknown matrix) return this editor.
 */
public final class PlanEditor {
    /** What {@link #applyToAllRnn} did: the new editor and one sentence per matrix. */
    public record Applied(PlanEditor editor, List<String> notes) { }

    private final Network net;
    private final CompressionPlan plan;
    private final Map<String, List<KpShape>> shapes;

    private PlanEditor(Network net, CompressionPlan plan, Map<String, List<KpShape>> shapes) {
        this.net = Objects.requireNonNull(net, "network");
        this.plan = plan == null ? CompressionPlan.none() : plan;
        this.shapes = shapes;
    }

    /**
     * The editor of {@code net} as stored: no matrix entries, and the activations the stored
     * matrices run (int8 for a model stored with int8 activations), so that applying the plan
     * changes nothing.
     */
    public static PlanEditor of(Network net) {
        Activations stored = Compressor.effectivePlan(net, null).activations();
        return new PlanEditor(net, new CompressionPlan(java.util.Map.of(), stored), new ConcurrentHashMap<>());
    }

    /** The editor of {@code net} under a plan given as text (validated, {@code *} expanded). */
    public static PlanEditor of(Network net, String planText) {
        return of(net).withPlan(PlanText.parse(planText == null ? "" : planText, net));
    }

    public Network network() { return net; }

    /** The plan as edited: only the entries someone set (canonical order: network order). */
    public CompressionPlan plan() { return plan; }

    /** The canonical text of {@link #plan()}. */
    public String planText() { return PlanText.format(plan); }

    /** The same network under {@code p} (checked against the network). */
    public PlanEditor withPlan(CompressionPlan p) {
        CompressionPlan next = p == null ? CompressionPlan.none() : p;
        PlanText.validate(next, net);
        next = PlanText.expand(next, net);
        return next.equals(plan) ? this : new PlanEditor(net, next, shapes);
    }

    /**
     * Every matrix's entry under the plan, stored structures included, and int8
     * activations when the plan asks or the stored matrices run int8: what the cost
     * model, the exports and the labels use.
     */
    public CompressionPlan effectivePlan() {
        return Compressor.effectivePlan(net, plan);
    }

    /** A matrix's entry as the controls show it (see the class comment). */
    public MatrixPlan entryOf(String matrix) {
        MatrixPlan mp = effectivePlan().matrices().get(matrix);
        return mp == null ? MatrixPlan.dense() : mp;
    }

    /** Whether the plan changes nothing of the stored network (its accuracy is the file's own). */
    public boolean isStoredModel() {
        return effectivePlan().equals(Compressor.effectivePlan(net, null));
    }

    /** The plan with {@code matrix}'s entry replaced; an entry equal to how the matrix is stored is dropped. */
    public PlanEditor with(String matrix, MatrixPlan mp) {
        if (net.layerOfMatrix(matrix).isEmpty()) return this;
        Map<String, MatrixPlan> m = new LinkedHashMap<>(plan.matrices());
        boolean storedDense = net.layerOfMatrix(matrix).map(l -> l.kernel() instanceof DenseOp).orElse(false);
        if (storedDense && mp.equals(MatrixPlan.dense())) m.remove(matrix);
        else m.put(matrix, mp);
        Map<String, MatrixPlan> ordered = new LinkedHashMap<>();
        for (String k : net.matrixNames()) if (m.containsKey(k)) ordered.put(k, m.get(k));
        for (var e : m.entrySet()) ordered.putIfAbsent(e.getKey(), e.getValue());
        return withPlan(new CompressionPlan(ordered, plan.activations()));
    }

    /** Switches {@code matrix} to technique {@code id}, keeping the KP shape and the bits where they carry over. */
    public PlanEditor technique(String matrix, String id) {
        MatrixSelection s = selection(matrix);
        if (s == null || s.techniqueId().equals(id)) return this;
        TechniqueSpec t = Techniques.defaults(id, s.rows(), s.cols());
        KpShape shape = s.shape();
        if (shape != null) {
            if (t instanceof TechniqueSpec.Kp) t = shape.spec();
            else if (t instanceof TechniqueSpec.Dkp d) t = new TechniqueSpec.Dkp(shape.m1(), shape.n1(), shape.m2(), shape.n2(), d.density());
            else if (t instanceof TechniqueSpec.Hkp) t = Techniques.hybrid(s.rows(), s.cols(), shape, -1);
        }
        return with(matrix, new MatrixPlan(t, s.plan().bits()));
    }

    /** Steps a KP-like technique to factor shape {@code index} of {@link MatrixSelection#shapes()}. */
    public PlanEditor shapeIndex(String matrix, int index) {
        MatrixSelection s = selection(matrix);
        if (s == null || index < 0 || index >= s.shapes().size() || index == s.shapeIndex()) return this;
        KpShape k = s.shapes().get(index);
        TechniqueSpec t = s.plan().technique();
        TechniqueSpec n;
        if (t instanceof TechniqueSpec.Dkp d) n = new TechniqueSpec.Dkp(k.m1(), k.n1(), k.m2(), k.n2(), d.density());
        else if (t instanceof TechniqueSpec.Hkp h) n = Techniques.hybrid(s.rows(), s.cols(), k, h.r());
        else if (t instanceof TechniqueSpec.Kp) n = k.spec();
        else return this;
        return with(matrix, new MatrixPlan(n, s.plan().bits()));
    }

    /** Hybrid KP: dense rows r, snapped to the nearest legal value. */
    public PlanEditor hybridRank(String matrix, int r) {
        MatrixSelection s = selection(matrix);
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Hkp) || s.shape() == null) return this;
        return with(matrix, new MatrixPlan(Techniques.hybrid(s.rows(), s.cols(), s.shape(), r), s.plan().bits()));
    }

    /** Doped KP: overlay density, clamped to [1e-4, 1]. */
    public PlanEditor density(String matrix, double d) {
        MatrixSelection s = selection(matrix);
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Dkp k) || Double.isNaN(d)) return this;
        double v = Math.max(1e-4, Math.min(1, d));
        return with(matrix, new MatrixPlan(new TechniqueSpec.Dkp(k.m1(), k.n1(), k.m2(), k.n2(), v), s.plan().bits()));
    }

    /** Low rank r, clamped to 1..min(m, n). */
    public PlanEditor rank(String matrix, int r) {
        MatrixSelection s = selection(matrix);
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Lmf)) return this;
        return with(matrix, new MatrixPlan(new TechniqueSpec.Lmf(Math.max(1, Math.min(r, Math.min(s.rows(), s.cols())))), s.plan().bits()));
    }

    /** Pruning sparsity, clamped to [0, 0.999]. */
    public PlanEditor sparsity(String matrix, double sp) {
        MatrixSelection s = selection(matrix);
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Pruned) || Double.isNaN(sp)) return this;
        return with(matrix, new MatrixPlan(new TechniqueSpec.Pruned(Math.max(0, Math.min(0.999, sp))), s.plan().bits()));
    }

    /** The bit width of {@code matrix}'s tensors (2..8, 16 or 32). */
    public PlanEditor bits(String matrix, int bits) {
        MatrixSelection s = selection(matrix);
        if (s == null || s.plan().bits() == bits || !MatrixPlan.validBits(bits)) return this;
        return with(matrix, new MatrixPlan(s.plan().technique(), bits));
    }

    public PlanEditor activations(Activations a) {
        if (a == null || plan.activations() == a) return this;
        return withPlan(new CompressionPlan(plan.matrices(), a));
    }

    /**
     * The settings of {@code from} on every RNN matrix: the same settings on matrices of
     * the same shape, otherwise the KP shape of the nearest compression, the same density
     * and sparsity, the rank clipped ({@link Techniques#adapt}). One note per matrix says
     * what it got.
     *
     * @throws PlanException when the adapted plan does not fit (it names the matrix)
     */
    public Applied applyToAllRnn(String from) {
        MatrixSelection s = selection(from);
        if (s == null) return new Applied(this, List.of());
        Map<String, MatrixPlan> m = new LinkedHashMap<>(plan.matrices());
        List<String> notes = new ArrayList<>();
        for (RnnLayer l : net.rnnLayers()) {
            int rows = l.kernel().rows(), cols = l.kernel().cols();
            TechniqueSpec t = Techniques.adapt(s.plan().technique(), s.rows(), s.cols(), rows, cols);
            MatrixPlan mp = new MatrixPlan(t, s.plan().bits());
            m.put(l.kernelName(), mp);
            String what = l.kernelName() + " (" + rows + "x" + cols + "): " + PlanText.format(mp);
            if (l.kernelName().equals(from)) what += " (the selected matrix)";
            else if (rows == s.rows() && cols == s.cols()) what += " (same shape, same settings)";
            else what += " (adapted from " + s.rows() + "x" + s.cols() + ")";
            notes.add(what);
        }
        if (notes.isEmpty()) return new Applied(this, List.of("the model has no RNN matrices"));
        return new Applied(withPlan(new CompressionPlan(m, plan.activations())), List.copyOf(notes));
    }

    /** Everything the controls of {@code matrix} show, or null when the network has no such matrix. */
    public MatrixSelection selection(String matrix) {
        Layer l = matrix == null ? null : net.layerOfMatrix(matrix).orElse(null);
        if (l == null) return null;
        int m = l.kernel().rows(), n = l.kernel().cols();
        List<KpShape> list = shapes.computeIfAbsent(m + "x" + n, k -> List.copyOf(FactorShapes.enumerate(m, n)));
        MatrixPlan mp = entryOf(matrix);
        TechniqueSpec t = mp.technique();
        int idx = -1;
        int[] ranks = new int[0];
        int rIdx = -1;
        if (t instanceof TechniqueSpec.Hkp h) {
            for (int i = 0; i < list.size(); i++) if (list.get(i).m2() == h.m2() && list.get(i).n2() == h.n2()) { idx = i; break; }
            ranks = FactorShapes.hybridRanks(m, h.m2());
            for (int i = 0; i < ranks.length; i++) if (ranks[i] == h.r()) rIdx = i;
        } else if (t instanceof TechniqueSpec.Kp || t instanceof TechniqueSpec.Dkp) {
            TechniqueSpec.Kp k = t instanceof TechniqueSpec.Kp kp ? kp : ((TechniqueSpec.Dkp) t).kp();
            for (int i = 0; i < list.size(); i++) if (list.get(i).m1() == k.m1() && list.get(i).n1() == k.n1()) { idx = i; break; }
        }
        return new MatrixSelection(matrix, l.name(), l.typeId(), m, n, l instanceof RnnLayer, mp, list, idx, ranks, rIdx);
    }

    /** The default matrix to select: the first RNN matrix, else the first matrix. */
    public String defaultSelection() {
        for (Layer l : net.layers()) if (l instanceof RnnLayer) return l.kernelName();
        return net.layers().get(0).kernelName();
    }

    /**
     * A short label of a plan: its non-dense entries without the ".kernel" suffix,
     * e.g. "lstm kp:8x4,64x39/int8"; "dense (baseline)" when there are none.
     */
    public static String label(CompressionPlan p) {
        List<String> parts = new ArrayList<>();
        for (var e : p.matrices().entrySet()) {
            if (e.getValue().equals(MatrixPlan.dense())) continue;
            parts.add(e.getKey().replace(".kernel", "") + " " + PlanText.format(e.getValue()));
        }
        if (p.activations() == Activations.INT8) parts.add("int8 act.");
        return parts.isEmpty() ? "dense (baseline)" : String.join(", ", parts);
    }

    @Override public String toString() { return net.name() + ": " + planText(); }
}
