package org.tinyfit.model.search;

import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;

/**
 * Predicted trained accuracy of a plan: a Gaussian process fitted on trained rows (plan
 * features, {@link PlanFeatures}, to measured accuracy). Squared-exponential kernel over the
 * standardised continuous features and the technique one-hot, a constant prior mean (the
 * rows' mean), signal variance, length scale and noise chosen on a grid by marginal likelihood.
 * A prediction is the posterior mean with a 90% interval of the measured accuracy (posterior
 * variance plus noise) and the number of rows it rests on (rows correlated above 0.5 with the
 * plan). Immutable and thread-safe; a prediction costs O(n^2) for n rows (microseconds for a
 * few hundred).
 */
public final class Surrogate {
    /** z of a central 90% interval of a normal distribution. */
    public static final double Z90 = 1.6448536269514722;

    /** A trained row: features and the accuracy measured. */
    public record Row(double[] features, double accuracy) {
        public Row {
            if (features.length != PlanFeatures.SIZE) throw new IllegalArgumentException("a row needs " + PlanFeatures.SIZE + " features");
            features = features.clone();
        }
    }

    /**
     * A prediction.
     *
     * @param mean    predicted accuracy (0..1)
     * @param low     lower end of the 90% interval
     * @param high    upper end of the 90% interval
     * @param support trained rows it rests on (correlation above 0.5)
     */
    public record Prediction(double mean, double low, double high, int support) {
        /** Whether {@code acc} lies within the interval. */
        public boolean covers(double acc) { return acc >= low && acc <= high; }
    }

    private static final double[] LENGTHS = {0.7, 1.0, 1.5, 2.2, 3.3};
    private static final double[] SIGNALS = {0.5, 1, 2};
    private static final double[] NOISES = {0.02, 0.08, 0.3};

    private final double[][] x;       // standardised
    private final double[] mu, sd;     // per feature (one-hot: 0, 1)
    private final double yMean;
    private final double signal, length, noise;
    private final double[][] chol;
    private final double[] alpha;
    private final int epochs;
    private final double widen;

    private Surrogate(double[][] x, double[] mu, double[] sd, double yMean, double signal, double length, double noise,
                      double[][] chol, double[] alpha, int epochs, double widen) {
        this.widen = widen;
        this.x = x;
        this.mu = mu;
        this.sd = sd;
        this.yMean = yMean;
        this.signal = signal;
        this.length = length;
        this.noise = noise;
        this.chol = chol;
        this.alpha = alpha;
        this.epochs = epochs;
    }

    /** Fits on {@code rows} (at least one). */
    public static Surrogate fit(List<Row> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("the surrogate needs at least one trained row");
        int n = rows.size(), d = PlanFeatures.SIZE;
        double[] mu = new double[d], sd = new double[d];
        java.util.Arrays.fill(sd, 1);
        for (int j : PlanFeatures.CONTINUOUS) {
            double s = 0, s2 = 0;
            for (Row r : rows) s += r.features[j];
            double m = s / n;
            for (Row r : rows) s2 += (r.features[j] - m) * (r.features[j] - m);
            mu[j] = m;
            sd[j] = n > 1 ? Math.max(Math.sqrt(s2 / (n - 1)), 0.25) : 1;
        }
        double[][] x = new double[n][];
        double[] y = new double[n];
        double ym = 0;
        int maxEpochs = 1;
        for (int i = 0; i < n; i++) {
            x[i] = standardise(rows.get(i).features, mu, sd);
            y[i] = rows.get(i).accuracy;
            ym += y[i];
            maxEpochs = Math.max(maxEpochs, (int) Math.round(Math.pow(2, rows.get(i).features[d - 1])));
        }
        ym /= n;
        double yv = 0;
        for (double v : y) yv += (v - ym) * (v - ym);
        yv = n > 1 ? Math.max(yv / (n - 1), 1e-4) : 0.01;
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = y[i] - ym;
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) dist[i][j] = dist[j][i] = sq(x[i], x[j]);
        double best = Double.NEGATIVE_INFINITY;
        double[] pick = {1.5, yv, 0.08 * yv};
        double[][] bestL = null;
        double[] bestA = null;
        for (double l : LENGTHS) {
            for (double sg : SIGNALS) {
                for (double ns : NOISES) {
                    double s2 = sg * yv, nz = ns * yv + 1e-6;
                    double[][] k = new double[n][n];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j <= i; j++) k[i][j] = k[j][i] = s2 * Math.exp(-0.5 * dist[i][j] / (l * l));
                        k[i][i] += nz;
                    }
                    double[][] lo = cholesky(k);
                    if (lo == null) continue;
                    double[] a = solve(lo, yc);
                    double ll = 0;
                    for (int i = 0; i < n; i++) ll -= 0.5 * yc[i] * a[i] + Math.log(lo[i][i]);
                    if (ll > best) {
                        best = ll;
                        pick = new double[] {l, s2, nz};
                        bestL = lo;
                        bestA = a;
                    }
                }
            }
        }
        if (bestL == null) throw new IllegalStateException("no kernel fitted the rows");
        return new Surrogate(x, mu, sd, ym, pick[1], pick[0], pick[2], bestL, bestA, maxEpochs, widen(bestL, bestA));
    }

    /** Predicted accuracy of a row of features. */
    public Prediction predict(double[] features) {
        int n = x.length;
        double[] f = standardise(features, mu, sd);
        double[] k = new double[n];
        int support = 0;
        double mean = yMean;
        double inv = -0.5 / (length * length);
        for (int i = 0; i < n; i++) {
            double c = Math.exp(sq(f, x[i]) * inv);
            if (c > 0.5) support++;
            k[i] = signal * c;
            mean += k[i] * alpha[i];
        }
        // v = L^-1 k
        double vv = 0;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = k[i];
            double[] li = chol[i];
            for (int j = 0; j < i; j++) s -= li[j] * v[j];
            v[i] = s / li[i];
            vv += v[i] * v[i];
        }
        double var = Math.max(signal - vv, 0) + noise;
        double h = Z90 * widen * Math.sqrt(var);
        return new Prediction(clamp(mean), clamp(mean - h), clamp(mean + h), support);
    }

    /** Predicted accuracy of {@code plan} on {@code base} trained for {@link #epochs()}. */
    public Prediction predict(Network base, CompressionPlan plan) {
        return predict(PlanFeatures.of(base, base, PlanText.expand(plan, base), epochs));
    }

    /** Predicted accuracy of a trial plan ({@link TrialPlan}: small baselines too) trained for {@code epochs}. */
    public Prediction predict(Network base, TrialPlan plan, int epochs) {
        Network net = plan.network(base);
        return predict(PlanFeatures.of(base, net, plan.plan(net), epochs));
    }

    /** Rows it rests on. */
    public int size() { return x.length; }

    /** The most epochs among its rows (what {@link #predict(Network, CompressionPlan)} predicts for). */
    public int epochs() { return epochs; }

    /** The surrogate of {@code base}'s atlas (a shipped one or a search's {@code atlas.csv}), or null when no row applies. */
    public static Surrogate fromAtlas(Network base, Atlas atlas) {
        List<Row> rows = rows(base, atlas);
        return rows.isEmpty() ? null : fit(rows);
    }

    /** The rows of an atlas of {@code base}: every row whose plan applies to it (small baselines by their parameter count). */
    public static List<Row> rows(Network base, Atlas atlas) {
        List<Row> out = new ArrayList<>();
        for (Atlas.Entry e : atlas.entries()) {
            if (!(e.accuracy() >= 0 && e.accuracy() <= 1)) continue;
            try {
                TrialPlan tp = trialPlanOf(base, e);
                if (tp == null) continue;
                Network net = tp.network(base);
                out.add(new Row(PlanFeatures.of(base, net, tp.plan(net), Math.max(1, e.epochs())), e.accuracy()));
            } catch (RuntimeException ignored) {
                // a row of another model or a plan this version does not read
            }
        }
        return out;
    }

    /** The trial plan of an atlas row: its plan, or for a small baseline the hidden size whose float32 parameter count matches. */
    static TrialPlan trialPlanOf(Network base, Atlas.Entry e) {
        if (e.technique().startsWith("small")) {
            int h0 = TrialPlan.hiddenOf(base);
            String planText = e.plan().isBlank() ? "dense" : e.plan();
            for (int h = 1; h <= h0; h++) {
                Network s = TrialPlan.smaller(base, h);
                if (s.params() == e.params()) return new TrialPlan(h, Double.NaN, 0, planText);
            }
            return null;
        }
        return new TrialPlan(0, Double.NaN, 0, e.plan().isBlank() ? "dense" : e.plan());
    }

    /**
     * Leave-one-out coverage of the 90% interval on {@code rows}: the fraction of rows whose
     * accuracy lies within the interval predicted by a surrogate fitted on the others.
     */
    public static double looCoverage(List<Row> rows) {
        if (rows.size() < 2) return Double.NaN;
        int in = 0;
        for (int i = 0; i < rows.size(); i++) {
            List<Row> rest = new ArrayList<>(rows);
            Row held = rest.remove(i);
            if (fit(rest).predict(held.features).covers(held.accuracy)) in++;
        }
        return (double) in / rows.size();
    }

    /**
     * How much to widen the interval so that it covers the rows' own leave-one-out residuals:
     * the standardised LOO residual of row i is alpha_i / sqrt((K^-1)_ii) (closed form); the factor
     * is their empirical 90% quantile over z90, at least 1 (1 for fewer than 5 rows).
     */
    private static double widen(double[][] l, double[] alpha) {
        int n = alpha.length;
        if (n < 5) return 1;
        double[] z = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(e, 0);
            e[i] = 1;
            double kinv = solve(l, e)[i];
            z[i] = Math.abs(alpha[i]) / Math.sqrt(kinv);
        }
        java.util.Arrays.sort(z);
        double q = z[Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)];
        return Math.max(1, q / Z90);
    }

    private static double[] standardise(double[] f, double[] mu, double[] sd) {
        double[] o = new double[f.length];
        for (int j = 0; j < f.length; j++) o[j] = (f[j] - mu[j]) / sd[j];
        return o;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    private static double clamp(double v) { return Math.max(0, Math.min(1, v)); }

    /** Lower Cholesky factor, or null when not positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > 0)) return null;
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves (L L^T) a = b. */
    static double[] solve(double[][] l, double[] b) {
        int n = b.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
            z[i] = s / l[i][i];
        }
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * a[k];
            a[i] = s / l[i][i];
        }
        return a;
    }
}
