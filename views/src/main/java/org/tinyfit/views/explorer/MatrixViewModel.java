package org.tinyfit.views.explorer;

import org.tinyfit.views.LatestTaskLane;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ejml.data.DMatrixRMaj;
import org.tinyfit.model.compress.DkpOp;
import org.tinyfit.model.compress.HkpOp;
import org.tinyfit.model.compress.KpOp;
import org.tinyfit.model.compress.LmfOp;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.compress.Projection;
import org.tinyfit.model.compress.PrunedOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.compress.Svd;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.views.Formats;

/**
 * Pictures of one matrix under its plan entry: the original W, the projection's
 * reconstruction and the error W - W' (one colour scale, +-max|W|), the stored
 * factors and masks of the technique, and a spectrum: the singular values of the
 * KP rearrangement for KP techniques (how much any KP of that shape can capture:
 * one KP keeps sigma_1^2 of ||W||^2), else the singular values of W itself.
 * Computed off the fx thread (debounced, latest wins); the view copies the pixels.
 */
public final class MatrixViewModel {
    /** Most pixels per side; larger matrices are shown pooled. */
    public static final int MAX_SIDE = 1024;

    /** ARGB pixels, row-major, width x height. */
    public record Picture(String title, int width, int height, int[] argb, String note) { }

    /**
     * @param spectrum      singular values, descending
     * @param spectrumKeep  how many of them the technique keeps (1 for KP, r for low rank), 0 when not applicable
     * @param relError      ||W - W'||_F / ||W||_F
     * @param trained       W' and the factors are the trained matrix of the plan (an atlas variant or a retrain), not the projection
     */
    public record Pictures(String matrix, String planText, int rows, int cols, double scale, double relError,
                           Picture original, Picture reconstruction, Picture error, List<Picture> parts,
                           double[] spectrum, String spectrumTitle, int spectrumKeep, boolean trained) { }

    private final LatestTaskLane lane;
    private final long debounceMs;
    private final ReadOnlyObjectWrapper<Pictures> pictures = new ReadOnlyObjectWrapper<>(this, "pictures");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Select a matrix");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private volatile ProjectionCache cache;
    private final Map<String, double[]> wSpectra = new ConcurrentHashMap<>();

    public MatrixViewModel(ScheduledExecutorService executor, Executor fx, long debounceMs) {
        this.lane = new LatestTaskLane("matrix", executor, fx);
        this.debounceMs = debounceMs;
    }

    public void setModel(ProjectionCache c) {
        lane.cancel();
        cache = c;
        wSpectra.clear();
        pictures.set(null);
        running.set(false);
        status.set(c == null ? "No model loaded" : "Select a matrix");
    }

    /** Pictures of {@code name} under {@code plan} (null: as stored). */
    public void request(String name, MatrixPlan plan, boolean int8) { request(name, plan, int8, null, null); }

    /**
     * As above; with {@code trained} (called off the fx thread; null or an empty result: none) the pictures show the
     * trained matrix of the plan ({@code trainedWhat}, e.g. "trained, atlas") instead of the projection.
     */
    public void request(String name, MatrixPlan plan, boolean int8, java.util.concurrent.Callable<LinearOp> trained, String trainedWhat) {
        ProjectionCache c = cache;
        if (c == null || name == null) return;
        running.set(true);
        status.set("Projecting " + name + "\u2026");
        lane.<Pictures>submit(debounceMs, ctx -> compute(c, name, plan, int8, trained == null ? null : trained.call(), trainedWhat, ctx),
                new LatestTaskLane.Sink<Pictures>() {
            @Override public void done(Pictures p) {
                running.set(false);
                pictures.set(p);
                status.set(name + " \u00b7 " + (plan == null ? "as stored" : PlanText.format(plan))
                        + (p.trained() ? " \u00b7 " + trainedWhat : "")
                        + " \u00b7 relative error " + Formats.percent(100 * p.relError()));
            }

            @Override public void failed(String message) {
                running.set(false);
                status.set("Could not draw " + name + ": " + message);
            }
        });
    }

    private Pictures compute(ProjectionCache c, String name, MatrixPlan plan, boolean int8, LinearOp trainedOp, String trainedWhat,
                             LatestTaskLane.Job.Context<Pictures> ctx) {
        LinearOp stored = c.get(name, null, false);
        int m = stored.rows(), n = stored.cols();
        float[] w = stored.toDense();
        boolean isTrained = trainedOp != null && trainedOp.rows() == m && trainedOp.cols() == n;
        LinearOp op = isTrained ? trainedOp : plan == null ? stored : c.get(name, plan, int8);
        ctx.checkCancelled();
        float[] r = op.toDense();
        float[] e = new float[w.length];
        double ew = 0, ee = 0;
        for (int i = 0; i < w.length; i++) {
            e[i] = w[i] - r[i];
            ew += (double) w[i] * w[i];
            ee += (double) e[i] * e[i];
        }
        double rel = ew == 0 ? (ee == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(ee / ew);
        double scale = Heatmaps.maxAbs(w);
        Picture orig = picture("W (stored)", w, m, n, scale, m + " \u00d7 " + n);
        Picture rec = picture(isTrained ? "W\u2032 (trained)" : "W\u2032 (plan)", r, m, n, scale,
                (isTrained ? "trained" : "projected") + ", same scale");
        Picture err = picture("W \u2212 W\u2032", e, m, n, scale, "error " + Formats.percent(100 * rel));
        List<Picture> parts = parts(op);
        ctx.checkCancelled();
        TechniqueSpec t = plan == null ? new TechniqueSpec.Dense() : plan.technique();
        double[] spectrum;
        String title;
        int keep;
        KpParts kp = kpParts(t, w, m, n);
        if (kp != null) {
            spectrum = Projection.kpSpectrum(kp.w, kp.m, n, kp.m1, kp.n1, kp.m2, kp.n2);
            keep = 1;
            title = "Singular values of the KP rearrangement (B " + kp.m1 + "\u00d7" + kp.n1 + ", C " + kp.m2 + "\u00d7" + kp.n2
                    + (kp.m < m ? ", lower " + kp.m + " rows" : "") + "): one KP keeps "
                    + Formats.percent(100 * energy(spectrum, 1)) + " of \u2016W\u2016\u00b2";
        } else {
            spectrum = wSpectra.computeIfAbsent(name, k -> {
                DMatrixRMaj a = new DMatrixRMaj(m, n);
                for (int i = 0; i < w.length; i++) a.data[i] = w[i];
                return Svd.of(a, false).sigma();
            });
            keep = t instanceof TechniqueSpec.Lmf l ? l.rank() : 0;
            title = "Singular values of W" + (keep > 0 ? ": rank " + keep + " keeps " + Formats.percent(100 * energy(spectrum, keep))
                    + " of \u2016W\u2016\u00b2" : "");
        }
        return new Pictures(name, plan == null ? "" : PlanText.format(plan), m, n, scale, rel, orig, rec, err, parts,
                spectrum, title, keep, isTrained);
    }

    private record KpParts(float[] w, int m, int m1, int n1, int m2, int n2) { }

    private static KpParts kpParts(TechniqueSpec t, float[] w, int m, int n) {
        if (t instanceof TechniqueSpec.Kp k) return new KpParts(w, m, k.m1(), k.n1(), k.m2(), k.n2());
        if (t instanceof TechniqueSpec.Dkp k) return new KpParts(w, m, k.m1(), k.n1(), k.m2(), k.n2());
        if (t instanceof TechniqueSpec.Hkp k) {
            return new KpParts(java.util.Arrays.copyOfRange(w, k.r() * n, m * n), m - k.r(), k.m1(), k.n1(), k.m2(), k.n2());
        }
        return null;
    }

    /** sum of the first k sigma^2 over the total. */
    static double energy(double[] s, int k) {
        double top = 0, all = 0;
        for (int i = 0; i < s.length; i++) {
            all += s[i] * s[i];
            if (i < k) top += s[i] * s[i];
        }
        return all == 0 ? 0 : top / all;
    }

    private static List<Picture> parts(LinearOp op) {
        List<Picture> out = new ArrayList<>();
        if (op instanceof KpOp k) {
            addKp(out, k);
        } else if (op instanceof HkpOp h) {
            if (h.r() > 0) out.add(tensor("A (dense rows)", h.a()));
            addKp(out, h.kp());
        } else if (op instanceof DkpOp d) {
            addKp(out, d.kp());
            float[] s = d.index().toDense(d.overlay().values());
            out.add(picture("Overlay S", s, d.rows(), d.cols(), Heatmaps.maxAbs(s), Formats.integer(d.index().nnz()) + " non-zeros"));
            out.add(mask("Mask of S", s, d.rows(), d.cols()));
        } else if (op instanceof LmfOp l) {
            out.add(tensor("U", l.u()));
            out.add(tensor("V", l.v()));
        } else if (op instanceof PrunedOp p) {
            float[] v = p.index().toDense(p.values().values());
            out.add(mask("Mask (kept weights)", v, p.rows(), p.cols()));
        }
        return out;
    }

    private static void addKp(List<Picture> out, KpOp k) {
        out.add(tensor("B", k.b()));
        out.add(tensor("C", k.c()));
    }

    private static Picture tensor(String title, QTensor t) {
        return picture(title, t.values(), t.rows(), t.cols(), Heatmaps.maxAbs(t.values()),
                t.rows() + " \u00d7 " + t.cols() + (t.quantized() ? ", int" + t.bits() : ""));
    }

    private static Picture mask(String title, float[] v, int rows, int cols) {
        Pooled p = pool(v, rows, cols);
        boolean[] kept = new boolean[p.v.length];
        int nnz = 0;
        for (int i = 0; i < kept.length; i++) kept[i] = p.v[i] != 0;
        for (float x : v) if (x != 0) nnz++;
        return new Picture(title, p.w, p.h, Heatmaps.mask(kept),
                Formats.percent(100.0 * nnz / Math.max(1, v.length)) + " kept");
    }

    static Picture picture(String title, float[] v, int rows, int cols, double scale, String note) {
        Pooled p = pool(v, rows, cols);
        return new Picture(title, p.w, p.h, Heatmaps.diverging(p.v, scale), note);
    }

    private record Pooled(float[] v, int w, int h) { }

    /** Keeps the value of largest magnitude in each block when a side exceeds {@link #MAX_SIDE}. */
    private static Pooled pool(float[] v, int rows, int cols) {
        int fr = (rows + MAX_SIDE - 1) / MAX_SIDE, fc = (cols + MAX_SIDE - 1) / MAX_SIDE;
        if (fr == 1 && fc == 1) return new Pooled(v, cols, rows);
        int h = (rows + fr - 1) / fr, w = (cols + fc - 1) / fc;
        float[] out = new float[h * w];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                int o = (i / fr) * w + j / fc;
                float x = v[i * cols + j];
                if (Math.abs(x) > Math.abs(out[o])) out[o] = x;
            }
        return new Pooled(out, w, h);
    }

    public ReadOnlyObjectProperty<Pictures> picturesProperty() { return pictures.getReadOnlyProperty(); }

    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
}
