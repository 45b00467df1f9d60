package org.tinyfit.model.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.explore.Pareto;
import org.tinyfit.model.io.AtomicWrite;
import org.tinyfit.model.io.SafeNames;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.provenance.ModelKind;

/**
 * A search for the most accurate compressed model that fits a device's limits.
 *
 * <p>Candidates ({@link Candidates}) are enumerated and costed first; those over a limit are
 * dropped, so nothing is trained that cannot fit. Trials run in batches of
 * {@link TrialExecutor#slots()}: each batch first promotes, by successive halving (ASHA's rule),
 * the best 1/eta of a rung's finished trials (best by Pareto layer of flash and accuracy, then accuracy) to the next rung (eta times the epochs, up to the
 * full training), and fills the rest with new candidates at the first rung. New candidates come
 * from a few random ones (a technique at random, then a setting), then from the surrogate
 * ({@link Surrogate}, a Gaussian process over plan features and epochs, seeded with the model's
 * atlas when given): the highest upper confidence bound of the accuracy at full training or, every
 * other pick, the largest gain at that bound in the hypervolume of the accuracy-flash front the
 * search expects at full training (so the front fills, not only its top), the batch's earlier picks counted at their predicted accuracy (so a batch spreads out).
 *
 * <p>Batches are synchronous and all randomness comes from the seed, so a search is deterministic
 * for a seed and a slot count. Every trial is journalled ({@link Journal}: start, then done or
 * failed, forced to disk) and every trained model written (atomically) before its done line, with
 * its row in {@code DIR/atlas.csv}; run again on the same folder, the search replays the journal:
 * finished trials are not trained again, trials that were running are.
 */
public final class Search {
    private final Network base;
    private final SearchInputs inputs;
    private final SearchConfig config;
    private final TrialExecutor executor;
    private final List<Surrogate.Row> seedRows;
    private final SearchListener listener;
    private final String id;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile List<CompletableFuture<TrialResult>> running = List.of();

    /**
     * @param base     the base model (as in {@code inputs})
     * @param inputs   the input files, by hash
     * @param seedRows trained rows to seed the surrogate with (the model's atlas), may be empty
     * @param listener progress, may be null
     */
    public Search(Network base, SearchInputs inputs, SearchConfig config, TrialExecutor executor, List<Surrogate.Row> seedRows,
                  SearchListener listener) {
        this.base = base;
        this.inputs = inputs;
        this.config = config;
        this.executor = executor;
        this.seedRows = List.copyOf(seedRows == null ? List.of() : seedRows);
        this.listener = listener == null ? new SearchListener() { } : listener;
        this.id = id(config, inputs);
    }

    /** The search id: a hash of the settings and the inputs' hashes. */
    public static String id(SearchConfig config, SearchInputs inputs) {
        String canon = config.fingerprint() + "\n" + inputs.modelSha256() + "\n" + inputs.trainSha256() + "\n" + inputs.evalSha256();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canon.getBytes(StandardCharsets.UTF_8));
            return "s-" + HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() { return id; }

    /** Stops the search: running trials are cancelled (their journal lines say started, so a resume trains them again). */
    public void cancel() {
        cancelled.set(true);
        for (CompletableFuture<TrialResult> f : running) f.cancel(true);
    }

    // ------------------------------------------------------------------ state

    record Done(Candidate c, int rung, double accuracy) { }

    private final List<SearchTrial> trials = new ArrayList<>();
    private final Map<Integer, List<Done>> rungDone = new HashMap<>();
    private final Map<Integer, Set<String>> promoted = new HashMap<>();
    private final Set<String> tried = new HashSet<>();
    private final List<Surrogate.Row> observed = new ArrayList<>();
    private int failed;
    private long epochsRun;
    private int picks;

    /** Runs until the budget is spent, nothing is left or it is cancelled. */
    public SearchOutcome run() throws IOException {
        Path dir = inputs.dir();
        Candidates.Space space = Candidates.enumerate(base, config.techniques(), config.bits(), config.activations(), config.limits());
        List<Candidate> cands = space.fitting();
        if (cands.isEmpty()) {
            throw new IllegalArgumentException("no candidate fits " + config.limits().describe() + " (" + space.enumerated() + " enumerated, dropped: "
                    + space.droppedBy() + "); raise a limit or allow more techniques, bits or int8 activations");
        }
        List<Integer> rungs = config.rungs();
        Map<String, Map<String, Object>> journalled = new HashMap<>();
        try (Journal journal = Journal.open(dir)) {
            boolean hasHeader = false;
            for (Map<String, Object> e : journal.entries()) {
                String type = String.valueOf(e.get("type"));
                if (type.equals("header")) {
                    hasHeader = true;
                    if (!config.fingerprint().equals(e.get("settings")) || !id.equals(e.get("search"))) {
                        throw new IllegalArgumentException(dir + " holds search " + e.get("search") + " with other settings or inputs ("
                                + e.get("settings") + "); resume it with the same options or use another folder");
                    }
                } else if (type.equals("done") || type.equals("failed")) {
                    journalled.put(String.valueOf(e.get("key")), e);
                }
            }
            if (!hasHeader) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("type", "header");
                h.put("search", id);
                h.put("settings", config.fingerprint());
                h.put("model", base.name());
                h.put("model_sha256", inputs.modelSha256());
                h.put("train_sha256", inputs.trainSha256());
                h.put("eval_sha256", inputs.evalSha256());
                journal.append(h);
            }
            writeBaseCopy(dir);
            listener.started(id, cands.size(), space.enumerated(), space.droppedBy(), executor.describe(), rungs);
            Random rng = new Random(config.seed());
            long t0 = System.nanoTime();
            double secondsPerEpoch = Double.NaN;
            boolean exhausted = false;
            int slots = Math.max(1, executor.slots());
            while (!cancelled.get()) {
                int left = config.maxTrials() > 0 ? config.maxTrials() - trials.size() : Integer.MAX_VALUE;
                if (left <= 0) break;
                if (config.maxTime() != null && System.nanoTime() - t0 >= config.maxTime().toNanos()) break;
                long epochsLeft = config.maxEpochs() > 0 ? config.maxEpochs() - epochsRun : Long.MAX_VALUE;
                if (epochsLeft <= 0) break;
                List<SearchTrial> batch = propose(cands, rungs, Math.min(slots, left), epochsLeft, rng);
                if (batch.isEmpty()) {
                    exhausted = true;
                    break;
                }
                // submit what the journal does not already hold
                List<CompletableFuture<TrialResult>> fs = new ArrayList<>();
                List<TrialSpec> specs = new ArrayList<>();
                for (SearchTrial t : batch) {
                    TrialSpec spec = spec(t);
                    specs.add(spec);
                    Map<String, Object> j = journalled.get(spec.key());
                    if (j != null && reusable(dir, j)) {
                        fs.add(null);
                        continue;
                    }
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("type", "start");
                    s.put("key", spec.key());
                    s.put("plan", t.plan());
                    s.put("epochs", t.epochs());
                    s.put("rung", t.rung());
                    s.put("seed", spec.seed());
                    journal.append(s);
                    listener.trial(t.with(SearchTrial.State.RUNNING));
                    fs.add(executor.submit(spec));
                }
                running = fs.stream().filter(f -> f != null).toList();
                for (int i = 0; i < batch.size(); i++) {
                    SearchTrial t = batch.get(i);
                    TrialSpec spec = specs.get(i);
                    SearchTrial out;
                    if (fs.get(i) == null) {
                        out = fromJournal(t, journalled.get(spec.key()));
                    } else {
                        TrialResult r = await(fs.get(i));
                        if (r == null) break; // cancelled
                        out = record(dir, journal, t, spec, r);
                        if (out.done() && out.seconds() > 0) {
                            double spe = out.seconds() / out.epochs();
                            secondsPerEpoch = Double.isNaN(secondsPerEpoch) ? spe : 0.7 * secondsPerEpoch + 0.3 * spe;
                        }
                    }
                    accept(out);
                    listener.trial(out);
                }
                running = List.of();
                if (cancelled.get()) break;
                writeAtlas(dir);
                listener.progress(progress(t0, secondsPerEpoch, slots));
            }
            writeAtlas(dir);
            return outcome(cands.size(), exhausted);
        }
    }

    private TrialSpec spec(SearchTrial t) {
        TrialPlan p = TrialPlan.parse(t.plan());
        String text = new TrialPlan(p.hidden(), config.learningRate(), config.batchSize(), p.planText()).text();
        return new TrialSpec(id, inputs.modelSha256(), inputs.trainSha256(), inputs.evalSha256(), text, t.epochs(), config.seed());
    }

    private TrialResult await(CompletableFuture<TrialResult> f) {
        while (true) {
            if (cancelled.get()) {
                f.cancel(true);
                return null;
            }
            try {
                return f.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll the cancel flag
            } catch (CancellationException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return null;
            } catch (ExecutionException e) {
                return TrialResult.failed("?", "trial crashed: " + e.getCause(), 0, "");
            }
        }
    }

    private boolean reusable(Path dir, Map<String, Object> j) {
        if ("failed".equals(j.get("type"))) return true;
        Object f = j.get("file");
        return f instanceof String s && !s.isEmpty() && Files.isRegularFile(dir.resolve(s));
    }

    private SearchTrial fromJournal(SearchTrial t, Map<String, Object> j) {
        boolean ok = "done".equals(j.get("type"));
        if (ok) samples.put(t.key(), (int) num(j.get("samples")));
        return new SearchTrial(t.key(), t.plan(), t.technique(), t.epochs(), t.rung(), ok ? SearchTrial.State.DONE : SearchTrial.State.FAILED,
                ok ? num(j.get("accuracy")) : Double.NaN, ok ? num(j.get("ci_low")) : Double.NaN, ok ? num(j.get("ci_high")) : Double.NaN,
                t.predicted(), t.params(), t.flashBytes(), t.sramBytes(), t.latencyMs(), t.energyMj(), t.macs(),
                ok ? String.valueOf(j.get("file")) : "", ok ? "" : String.valueOf(j.getOrDefault("message", "")), num(j.get("seconds")), true);
    }

    private static double num(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }

    private SearchTrial record(Path dir, Journal journal, SearchTrial t, TrialSpec spec, TrialResult r) throws IOException {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("key", spec.key());
        j.put("plan", t.plan());
        j.put("epochs", t.epochs());
        j.put("rung", t.rung());
        j.put("seconds", r.trainSeconds());
        j.put("worker", r.worker());
        if (r.ok()) {
            String file = SafeNames.fileName(base.name() + "." + t.technique() + "-" + spec.key().substring(0, 10) + "-e" + t.epochs(), ".tinyfit");
            AtomicWrite.write(dir.resolve(file), r.model());
            j.put("type", "done");
            j.put("accuracy", r.accuracy());
            j.put("ci_low", r.ciLow());
            j.put("ci_high", r.ciHigh());
            j.put("samples", r.evalSamples());
            j.put("file", file);
            journal.append(j);
            samples.put(t.key(), r.evalSamples());
            return new SearchTrial(t.key(), t.plan(), t.technique(), t.epochs(), t.rung(), SearchTrial.State.DONE, r.accuracy(), r.ciLow(),
                    r.ciHigh(), t.predicted(), t.params(), t.flashBytes(), t.sramBytes(), t.latencyMs(), t.energyMj(), t.macs(), file, "",
                    r.trainSeconds(), false);
        }
        j.put("type", "failed");
        j.put("message", r.message());
        journal.append(j);
        return new SearchTrial(t.key(), t.plan(), t.technique(), t.epochs(), t.rung(), SearchTrial.State.FAILED, Double.NaN, Double.NaN,
                Double.NaN, t.predicted(), t.params(), t.flashBytes(), t.sramBytes(), t.latencyMs(), t.energyMj(), t.macs(), "", r.message(),
                r.trainSeconds(), false);
    }

    private final Map<String, Candidate> byPlan = new HashMap<>();
    private final Map<String, Integer> samples = new HashMap<>();

    private void accept(SearchTrial t) {
        trials.add(t);
        epochsRun += t.epochs();
        if (!t.done()) {
            failed++;
            return;
        }
        Candidate c = byPlan.get(t.plan());
        rungDone.computeIfAbsent(t.rung(), k -> new ArrayList<>()).add(new Done(c, t.rung(), t.accuracy()));
        observed.add(new Surrogate.Row(c.features(t.epochs()), t.accuracy()));
    }

    // ------------------------------------------------------------------ proposals

    private List<SearchTrial> propose(List<Candidate> cands, List<Integer> rungs, int n, long epochsLeft, Random rng) {
        if (byPlan.isEmpty()) for (Candidate c : cands) byPlan.put(c.plan(), c);
        List<SearchTrial> batch = new ArrayList<>();
        long epochs = 0;
        Set<String> inBatch = new HashSet<>();
        List<Surrogate.Row> believed = new ArrayList<>();
        Surrogate model = config.strategy() == SearchConfig.Strategy.MODEL_BASED && observedCount() > 0 ? Surrogate.fit(rows(List.of())) : null;
        while (batch.size() < n) {
            // promotions first, from the highest rung down
            SearchTrial next = null;
            for (int k = rungs.size() - 2; k >= 0 && next == null; k--) {
                List<Done> ds = ranked(rungDone.getOrDefault(k, List.of()));
                int top = ds.size() / config.eta();
                Set<String> pr = promoted.computeIfAbsent(k, x -> new HashSet<>());
                // at most 1/eta of a rung goes on, counting those promoted before
                for (int i = 0; i < top && pr.size() < top; i++) {
                    Candidate c = ds.get(i).c();
                    if (pr.contains(c.plan()) || inBatch.contains(c.plan())) continue;
                    pr.add(c.plan());
                    next = trial(c, k + 1, rungs.get(k + 1), predictionOf(model, c, rungs.get(k + 1)));
                    break;
                }
            }
            if (next == null) {
                Candidate c = pick(cands, inBatch, believed, rng);
                if (c == null) break;
                tried.add(c.plan());
                if (config.strategy() == SearchConfig.Strategy.MODEL_BASED && observedCount() >= initial()) {
                    model = Surrogate.fit(rows(believed));
                }
                next = trial(c, 0, rungs.get(0), predictionOf(model, c, rungs.get(0)));
            }
            if (epochs + next.epochs() > epochsLeft) {
                if (next.rung() > 0) promoted.get(next.rung() - 1).remove(next.plan());
                else tried.remove(next.plan());
                break;
            }
            epochs += next.epochs();
            inBatch.add(next.plan());
            batch.add(next);
            listener.trial(next);
        }
        return batch;
    }

    /**
     * A rung's finished trials in promotion order: by Pareto layer of (flash, accuracy) (the
     * non-dominated first, then those only they dominate, ...), then accuracy, then plan. The most
     * accurate trial is always first; the others of the first layer are the best at less flash,
     * so the whole front gets its longer trainings, not only its top.
     */
    static List<Done> ranked(List<Done> done) {
        List<Done> left = new ArrayList<>(done);
        List<Done> out = new ArrayList<>();
        Comparator<Done> byAcc = Comparator.comparingDouble((Done d) -> -d.accuracy()).thenComparing(d -> d.c().plan());
        while (!left.isEmpty()) {
            List<Done> layer = new ArrayList<>();
            for (Done a : left) {
                boolean dominated = false;
                for (Done b : left) {
                    if (b != a && b.c().flashBytes() <= a.c().flashBytes() && b.accuracy() >= a.accuracy()
                            && (b.c().flashBytes() < a.c().flashBytes() || b.accuracy() > a.accuracy())) {
                        dominated = true;
                        break;
                    }
                }
                if (!dominated) layer.add(a);
            }
            layer.sort(byAcc);
            out.addAll(layer);
            left.removeAll(layer);
        }
        return out;
    }

    private int initial() { return Math.max(4, config.bits().size() + 1); }

    private int observedCount() { return observed.size() + seedRows.size(); }

    private List<Surrogate.Row> rows(List<Surrogate.Row> believed) {
        List<Surrogate.Row> r = new ArrayList<>(seedRows);
        r.addAll(observed);
        r.addAll(believed);
        return r;
    }

    private static Surrogate.Prediction predictionOf(Surrogate s, Candidate c, int epochs) {
        return s == null ? null : s.predict(c.features(epochs));
    }

    private Candidate pick(List<Candidate> cands, Set<String> inBatch, List<Surrogate.Row> believed, Random rng) {
        List<Candidate> pool = new ArrayList<>();
        for (Candidate c : cands) if (!tried.contains(c.plan()) && !inBatch.contains(c.plan())) pool.add(c);
        if (pool.isEmpty()) return null;
        if (config.strategy() == SearchConfig.Strategy.RANDOM) return pool.get(rng.nextInt(pool.size()));
        if (observedCount() + believed.size() < initial()) {
            // initial design: a technique at random, then one of its candidates
            List<String> kinds = pool.stream().map(Candidate::technique).distinct().sorted().toList();
            String k = kinds.get(rng.nextInt(kinds.size()));
            List<Candidate> of = pool.stream().filter(c -> c.technique().equals(k)).toList();
            Candidate c = of.get(rng.nextInt(of.size()));
            believed.add(new Surrogate.Row(c.features(config.fullEpochs()), meanOf(rows(List.of()))));
            return c;
        }
        Surrogate s = Surrogate.fit(rows(believed));
        boolean frontPick = picks++ % 2 == 1;
        double limit = config.limits().flashBytes();
        double[][] front = frontPick ? predictedFront(s, inBatch, limit) : null;
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY, bestUcb = Double.NEGATIVE_INFINITY;
        Surrogate.Prediction bestP = null;
        for (Candidate c : pool) {
            Surrogate.Prediction p = s.predict(c.features(config.fullEpochs()));
            double sd = (p.high() - p.low()) / (2 * Surrogate.Z90);
            double ucb = p.mean() + sd;
            double score = frontPick ? hypervolumeGain(front, c.flashBytes() / limit, ucb) : ucb;
            if (score > bestScore || (score == bestScore && ucb > bestUcb)) {
                bestScore = score;
                bestUcb = ucb;
                best = c;
                bestP = p;
            }
        }
        believed.add(new Surrogate.Row(best.features(config.fullEpochs()), bestP.mean()));
        return best;
    }

    /**
     * The front the search expects at full training, flash / limit ascending: every candidate
     * tried (and picked for this batch) at its measured full-training accuracy, else its predicted one.
     */
    private double[][] predictedFront(Surrogate s, Set<String> inBatch, double limit) {
        Map<String, Double> full = new HashMap<>();
        for (Done d : rungDone.getOrDefault(config.rungs().size() - 1, List.of())) full.merge(d.c().plan(), d.accuracy(), Math::max);
        List<double[]> pts = new ArrayList<>();
        Set<String> plans = new java.util.TreeSet<>(tried);
        plans.addAll(inBatch);
        for (String plan : plans) {
            Candidate c = byPlan.get(plan);
            if (c == null) continue;
            Double a = full.get(plan);
            pts.add(new double[] {c.flashBytes() / limit, a != null ? a : s.predict(c.features(config.fullEpochs())).mean()});
        }
        pts.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> -p[1]));
        List<double[]> f = new ArrayList<>();
        double top = Double.NEGATIVE_INFINITY;
        for (double[] p : pts) {
            if (p[1] > top) {
                f.add(p);
                top = p[1];
            }
        }
        return f.toArray(double[][]::new);
    }

    /** How much a point (x, a) adds to the area under {@code front} over [x, 1] (reference (1, 0)). */
    static double hypervolumeGain(double[][] front, double x, double a) {
        if (x >= 1) return 0;
        double gain = 0, pos = x;
        double cur = 0; // the front's best accuracy at flash <= pos
        int i = 0;
        while (i < front.length && front[i][0] <= x) cur = Math.max(cur, front[i++][1]);
        while (pos < 1) {
            double next = i < front.length ? Math.min(1, front[i][0]) : 1;
            gain += Math.max(0, a - cur) * (next - pos);
            pos = next;
            if (i < front.length) cur = Math.max(cur, front[i++][1]);
        }
        return gain;
    }

    private static double meanOf(List<Surrogate.Row> rows) {
        if (rows.isEmpty()) return 0.5;
        double s = 0;
        for (Surrogate.Row r : rows) s += r.accuracy();
        return s / rows.size();
    }

    private SearchTrial trial(Candidate c, int rung, int epochs, Surrogate.Prediction p) {
        TrialPlan tp = TrialPlan.parse(c.plan());
        String text = new TrialPlan(tp.hidden(), config.learningRate(), config.batchSize(), tp.planText()).text();
        String key = new TrialSpec(id, inputs.modelSha256(), inputs.trainSha256(), inputs.evalSha256(), text, epochs, config.seed()).key();
        return new SearchTrial(key, c.plan(), c.technique(), epochs, rung, SearchTrial.State.QUEUED, Double.NaN, Double.NaN, Double.NaN, p,
                c.params(), c.flashBytes(), c.sramBytes(), c.latencyMs(), c.energyMj(), c.macs(), "", "", 0, false);
    }

    // ------------------------------------------------------------------ results

    private List<SearchTrial> fitting() {
        List<SearchTrial> out = new ArrayList<>();
        Limits l = config.limits();
        for (SearchTrial t : trials) {
            if (t.done() && l.over(t.flashBytes(), t.sramBytes(), t.latencyMs(), t.energyMj()) == null) out.add(t);
        }
        return out;
    }

    private SearchTrial best() {
        SearchTrial b = null;
        for (SearchTrial t : fitting()) {
            if (b == null || t.accuracy() > b.accuracy() || (t.accuracy() == b.accuracy() && t.flashBytes() < b.flashBytes())) b = t;
        }
        return b;
    }

    private SearchListener.Progress progress(long t0, double secondsPerEpoch, int slots) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Duration eta = null;
        if (config.maxTime() != null) eta = config.maxTime().minus(elapsed).isNegative() ? Duration.ZERO : config.maxTime().minus(elapsed);
        if (!Double.isNaN(secondsPerEpoch)) {
            double avgEpochs = trials.isEmpty() ? config.fullEpochs() : (double) epochsRun / trials.size();
            double left = Double.NaN;
            if (config.maxTrials() > 0) left = Math.max(0, config.maxTrials() - trials.size()) * avgEpochs * secondsPerEpoch / slots;
            if (config.maxEpochs() > 0) left = Math.max(0, config.maxEpochs() - epochsRun) * secondsPerEpoch / slots;
            if (!Double.isNaN(left)) {
                Duration d = Duration.ofMillis((long) (left * 1000));
                eta = eta == null || d.compareTo(eta) < 0 ? d : eta;
            }
        }
        return new SearchListener.Progress(trials.size(), failed, config.maxTrials(), elapsed, eta, best(), epochsRun);
    }

    private SearchOutcome outcome(int candidates, boolean exhausted) {
        List<SearchTrial> fit = fitting();
        List<SearchTrial> ff = Pareto.front(fit, t -> t.flashBytes(), SearchTrial::accuracy);
        List<SearchTrial> lf = Pareto.front(fit, SearchTrial::latencyMs, SearchTrial::accuracy);
        List<Surrogate.Row> rows = rows(List.of());
        return new SearchOutcome(id, trials, best(), ff, lf, candidates, cancelled.get(), exhausted, epochsRun,
                rows.isEmpty() ? null : Surrogate.fit(rows));
    }

    private void writeBaseCopy(Path dir) throws IOException {
        Path copy = dir.resolve(SafeNames.fileName(base.name(), ".tinyfit"));
        if (!Files.exists(copy)) AtomicWrite.write(copy, Files.readAllBytes(inputs.model()));
    }

    /** DIR/atlas.csv: one row per trained trial, in the shipped atlases' format. */
    private void writeAtlas(Path dir) throws IOException {
        List<Atlas.Entry> es = new ArrayList<>();
        long baseParams = base.params();
        for (SearchTrial t : trials) {
            if (!t.done()) continue;
            TrialPlan tp = TrialPlan.parse(t.plan());
            String plan = tp.small() ? (tp.planText().equals("dense") ? "" : tp.planText()) : tp.planText();
            es.add(new Atlas.Entry(t.technique(), plan, t.params(), (double) baseParams / t.params(), t.flashBytes(), t.macs(), t.accuracy(),
                    t.ciLow(), t.ciHigh(), samples.getOrDefault(t.key(), 0), t.epochs(), config.seed(), "scratch", ModelKind.TRAINED.id(), t.file(),
                    Math.round(t.seconds())));
        }
        new Atlas(es).write(dir.resolve(Atlas.FILE));
    }
}
