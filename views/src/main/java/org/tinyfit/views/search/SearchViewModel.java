package org.tinyfit.views.search;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tinyfit.cluster.ClusterTrialExecutor;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.explore.Pareto;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.SafeNames;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.search.Limits;
import org.tinyfit.model.search.LocalTrialExecutor;
import org.tinyfit.model.search.Search;
import org.tinyfit.model.search.SearchConfig;
import org.tinyfit.model.search.SearchInputs;
import org.tinyfit.model.search.SearchListener;
import org.tinyfit.model.search.SearchOutcome;
import org.tinyfit.model.search.SearchTrial;
import org.tinyfit.model.search.SizeText;
import org.tinyfit.model.search.Surrogate;
import org.tinyfit.model.search.TrainingTrialRunner;
import org.tinyfit.model.search.TrialPlan;
import org.tinyfit.model.search.TrialExecutor;
import org.tinyfit.views.Formats;
import org.tinyfit.views.LatestTaskLane;

/**
 * The Search tab's state: limits (pre-filled from the device), budget, techniques and bits; a
 * running search's live trial table, progress, best model that fits and Pareto front. A search
 * runs on its own executor through a {@link LatestTaskLane}; it survives tab switches and models
 * opened from its results, and {@link #shutdown} stops it cleanly (its journal lets a later Start
 * with the same settings resume: finished trials are not trained again).
 *
 * <p>The search folder is named after the model, the device and a hash of the settings and
 * inputs, so pressing Start again with the same settings resumes the same search, and other
 * settings never overwrite an earlier search.
 */
public final class SearchViewModel {
    /** Technique ids, in the order the tab shows them. */
    public static final List<String> TECHNIQUES = List.of("kp", "hkp", "dkp", "lmf", "prune", "small", "dense");
    /** Weight bit widths the tab offers. */
    public static final List<Integer> BITS = List.of(32, 8, 4);

    /** The train and eval sets of the base model, read off the fx thread. */
    @FunctionalInterface
    public interface DataSource {
        /** The sets for {@code net} (loaded from {@code file}); throws with a message when there are none. */
        Sets load(Network net, Path file) throws Exception;
    }

    /** A model's training and eval sets and a label naming where they came from (for the folder name and the status). */
    public record Sets(Dataset train, Dataset eval, String label) {
        public Sets {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(eval, "eval");
            label = label == null ? "" : label;
        }
    }

    /** The sets a model file names ({@code train} and {@code eval} beside it), as the shipped samples and searched models do. */
    public static DataSource fromModelFile() {
        return (net, file) -> {
            String tr = net.datasets().get("train"), ev = net.datasets().get("eval");
            if (tr == null || ev == null || file == null) {
                throw new IllegalArgumentException(net.name() + " names no " + (tr == null ? "training" : "eval")
                        + " set: attach a training and an eval set to search");
            }
            Path dir = file.toAbsolutePath().getParent();
            Path t = dir.resolve(tr), e = dir.resolve(ev);
            return new Sets(DatasetFile.read(t), DatasetFile.read(e), t + "|" + e);
        };
    }

    /** A snapshot of a running search for the fx thread; {@code front}: row keys of the accuracy-flash front of its trained trials. */
    private record Snapshot(List<SearchTrial> trials, List<String> front, SearchListener.Progress progress, String started,
                            SearchOutcome outcome, List<String> members) {
        /** Made on the search's thread (the front is computed there, not on the fx thread). */
        static Snapshot of(List<SearchTrial> trials, SearchListener.Progress progress, String started, SearchOutcome outcome, List<String> members) {
            List<SearchTrial> done = new ArrayList<>();
            for (SearchTrial t : trials) if (t.done()) done.add(t);
            List<String> keys = new ArrayList<>();
            for (SearchTrial t : Pareto.front(done, SearchTrial::flashBytes, SearchTrial::accuracy)) keys.add(rowKey(t));
            return new Snapshot(trials, keys, progress, started, outcome, members);
        }
    }

    private final Executor fx;
    private final ExecutorService executor;
    private final LatestTaskLane lane;
    private final Path searchesDir;
    private final String tool;
    private final int slots;
    private DataSource data;
    private BiConsumer<String, Boolean> messages = (m, e) -> { };
    private Consumer<Path> opener = p -> { };
    private BiConsumer<Network, SearchOutcome> onOutcome = (n, o) -> { };
    private volatile List<Surrogate.Row> seedRows = List.of();

    private final StringProperty maxFlash = new SimpleStringProperty(this, "maxFlash", "");
    private final StringProperty maxSram = new SimpleStringProperty(this, "maxSram", "");
    private final StringProperty maxLatencyMs = new SimpleStringProperty(this, "maxLatencyMs", "");
    private final IntegerProperty budgetMinutes = new SimpleIntegerProperty(this, "budgetMinutes", 10);
    private final IntegerProperty maxTrials = new SimpleIntegerProperty(this, "maxTrials", 0);
    private final IntegerProperty fullEpochs = new SimpleIntegerProperty(this, "fullEpochs", 10);
    private final IntegerProperty seed = new SimpleIntegerProperty(this, "seed", 1);
    private final StringProperty cluster = new SimpleStringProperty(this, "cluster", "");
    private final StringProperty clusterName = new SimpleStringProperty(this, "clusterName", "tinyfit");
    private final ObservableList<String> members = FXCollections.observableArrayList();
    private final BooleanProperty int8Activations = new SimpleBooleanProperty(this, "int8Activations", true);
    private final Map<String, BooleanProperty> techniques = new LinkedHashMap<>();
    private final Map<Integer, BooleanProperty> bits = new LinkedHashMap<>();
    private final ObjectProperty<Device> device = new SimpleObjectProperty<>(this, "device");

    private final ReadOnlyObjectWrapper<Network> base = new ReadOnlyObjectWrapper<>(this, "base");
    private final ReadOnlyObjectWrapper<Path> baseFile = new ReadOnlyObjectWrapper<>(this, "baseFile");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Load a model to search its compressed versions");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<SearchTrial> best = new ReadOnlyObjectWrapper<>(this, "best");
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyObjectWrapper<SearchOutcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final ObservableList<SearchTrial> trials = FXCollections.observableArrayList();
    private final ObservableList<String> front = FXCollections.observableArrayList();
    private volatile Search current;
    private boolean pending;
    private Network pendingNet;
    private Path pendingFile;

    /**
     * The search driver runs on a thread of its own (one long job that waits on its trials, which
     * run on a pool of {@code slots} threads of their own), never on the window's shared pool.
     *
     * @param searchesDir where search folders go (one per model, device and settings)
     * @param slots       trials at once (each trains on all cores; 1 suits a laptop)
     */
    public SearchViewModel(Executor fx, Path searchesDir, String tool, int slots, DataSource data) {
        this.fx = Objects.requireNonNull(fx, "fx");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tinyfit-search");
            t.setDaemon(true);
            return t;
        });
        this.lane = new LatestTaskLane("search", executor, fx);
        this.searchesDir = Objects.requireNonNull(searchesDir, "searchesDir");
        this.tool = tool == null ? "unknown" : tool;
        this.slots = Math.max(1, slots);
        this.data = data == null ? fromModelFile() : data;
        // the command line's defaults, so the same settings name the same search in both
        for (String t : TECHNIQUES) techniques.put(t, new SimpleBooleanProperty(this, t, !t.equals("dense")));
        for (int b : BITS) bits.put(b, new SimpleBooleanProperty(this, "bits" + b, true));
        device.addListener((o, a, d) -> { if (!running.get()) fillLimits(d); });
    }

    /** Where messages for the window's message bar go: text and whether it is an error. */
    public void setMessages(BiConsumer<String, Boolean> m) { messages = m == null ? (x, e) -> { } : m; }

    /** What opens a trained model in the window (the main view model's open). */
    public void setOpener(Consumer<Path> o) { opener = o == null ? p -> { } : o; }

    /** Trained rows of the base model (its atlas) the next search's surrogate starts from. */
    public void setSeedRows(List<Surrogate.Row> rows) { seedRows = rows == null ? List.of() : List.copyOf(rows); }

    /** Receives each finished search's outcome with its base model (the surrogate of its trials feeds the window's prediction). */
    public void setOnOutcome(BiConsumer<Network, SearchOutcome> c) { onOutcome = c == null ? (n, o) -> { } : c; }

    /** Where the sets come from (the model's own, or data the user attached). */
    public void setDataSource(DataSource d) { data = d == null ? fromModelFile() : d; }

    /**
     * The window loaded {@code net} from {@code file}. It becomes the base of the next search,
     * unless it is a result of the current search (opened from the trial table): a search's
     * results are explored without losing the model they came from.
     */
    public void setModel(Network net, Path file) {
        Path f = folder.get();
        if (net != null && file != null && f != null && file.toAbsolutePath().normalize().startsWith(f.toAbsolutePath().normalize())) return;
        if (running.get()) { // the running search keeps its base; the next Start takes this model
            pendingNet = net;
            pendingFile = file;
            pending = true;
            return;
        }
        pending = false;
        base.set(net);
        baseFile.set(file);
        // a full training as long as the model's own (as the command line does), else 10 epochs
        Integer own = net == null ? null : net.provenance().epochs();
        fullEpochs.set(own != null && own > 0 && own <= 1000 ? own : 10);
        trials.clear();
        front.clear();
        best.set(null);
        outcome.set(null);
        folder.set(null);
        progress.set(0);
        status.set(net == null ? "Load a model to search its compressed versions"
                : "Search for the most accurate trained version of " + net.name() + " that fits the limits");
    }

    /** Sets the limit fields to the device's flash and SRAM (and clears the latency limit). */
    public void fillLimits(Device d) {
        if (d == null) return;
        maxFlash.set(SizeText.format((long) d.flashBytes()));
        maxSram.set(SizeText.format((long) d.sramBytes()));
        maxLatencyMs.set("");
    }

    // ---------------------------------------------------------------- settings

    /** The settings as the fields say, or an exception naming the field that is wrong. */
    SearchConfig config() {
        Device d = device.get();
        if (d == null) throw new IllegalArgumentException("pick a device first");
        long flash = parseSize("Flash", maxFlash.get());
        long sram = parseSize("SRAM", maxSram.get());
        double lat = Double.POSITIVE_INFINITY;
        String l = maxLatencyMs.get() == null ? "" : maxLatencyMs.get().strip();
        if (!l.isEmpty()) {
            try {
                lat = Double.parseDouble(l);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Latency: '" + l + "' is not a number of milliseconds (leave it empty for no limit)");
            }
            if (!(lat > 0) || Double.isInfinite(lat)) throw new IllegalArgumentException("Latency must be a positive number of milliseconds, got " + l);
        }
        Set<String> tech = new TreeSet<>();
        techniques.forEach((k, v) -> { if (v.get()) tech.add(k); });
        if (tech.isEmpty()) throw new IllegalArgumentException("Tick at least one technique");
        List<Integer> b = new ArrayList<>();
        bits.forEach((k, v) -> { if (v.get()) b.add(k); });
        if (b.isEmpty()) throw new IllegalArgumentException("Tick at least one bit width");
        List<Activations> acts = int8Activations.get() ? List.of(Activations.FLOAT32, Activations.INT8) : List.of(Activations.FLOAT32);
        int minutes = budgetMinutes.get(), n = maxTrials.get();
        if (minutes < 0 || n < 0) throw new IllegalArgumentException("The budget must not be negative");
        if (minutes == 0 && n == 0) throw new IllegalArgumentException("Give a budget: minutes, trials or both");
        int full = fullEpochs.get();
        if (full < 1 || full > 1000) throw new IllegalArgumentException("Epochs must be 1-1000, got " + full);
        int min = Math.max(1, full / 9);
        Limits limits = new Limits(d, flash, sram, lat, Double.POSITIVE_INFINITY);
        return new SearchConfig(limits, tech, b, acts, n, minutes == 0 ? null : Duration.ofMinutes(minutes), 0, min, full, 3,
                seed.get(), TrialPlan.DEFAULT_LR, TrialPlan.DEFAULT_BATCH, SearchConfig.Strategy.MODEL_BASED);
    }

    private static long parseSize(String what, String text) {
        try {
            return SizeText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    /**
     * The folder a search with these settings on this model and data uses (the same settings: the
     * same folder, so Start resumes). The model counts by its file's content (a file written again
     * under the same name is another model, whose search must not meet the old one's journal).
     */
    Path folderFor(Network net, Path file, SearchConfig c, String dataLabel) throws java.io.IOException {
        String name = net.name() + "-" + c.limits().device().id();
        String model = file != null && Files.isRegularFile(file) ? DatasetFile.sha256(file) : net.name() + " " + net.params();
        String canon = c.fingerprint() + "\n" + model + "\n" + dataLabel;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canon.getBytes(StandardCharsets.UTF_8));
            return SafeNames.inside(searchesDir, name + "-" + HexFormat.of().formatHex(h).substring(0, 8), "");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- run

    /** Starts a search with the fields' settings (resuming the search of the same settings when its folder exists). */
    public void start() {
        if (running.get()) return;
        if (pending) setModel(pendingNet, pendingFile); // a model opened (not a result) while the last search ran
        Network net = base.get();
        Path file = baseFile.get();
        if (net == null) {
            messages.accept("Load a model before searching", true);
            return;
        }
        SearchConfig c;
        try {
            c = config();
        } catch (IllegalArgumentException e) {
            messages.accept(e.getMessage(), true);
            return;
        }
        running.set(true);
        progress.set(-1);
        trials.clear();
        front.clear();
        best.set(null);
        outcome.set(null);
        status.set("Preparing the search: reading the data sets\u2026");
        DataSource ds = data;
        String where = cluster.get() == null ? "" : cluster.get().strip();
        ClusterTrialExecutor.Options opts;
        try {
            opts = where.isEmpty() ? null : ClusterTrialExecutor.Options.of(where, clusterName.get());
        } catch (IllegalArgumentException e) {
            running.set(false);
            progress.set(0);
            status.set("Cluster: " + e.getMessage());
            messages.accept("Cluster: " + e.getMessage(), true);
            return;
        }
        members.clear();
        lane.<Snapshot>submit(0, ctx -> run(ctx, net, file, c, ds, opts), new LatestTaskLane.Sink<>() {
            @Override public void partial(Snapshot s) { show(s); }

            @Override public void done(Snapshot s) {
                show(s);
                finish(s.outcome());
                if (s.outcome() != null) onOutcome.accept(net, s.outcome());
            }

            @Override public void failed(String message) {
                running.set(false);
                progress.set(0);
                current = null;
                status.set("Search stopped: " + message);
                messages.accept("Search: " + message, true);
            }
        });
    }

    private Snapshot run(LatestTaskLane.Job.Context<Snapshot> ctx, Network net, Path file, SearchConfig c, DataSource ds,
                         ClusterTrialExecutor.Options opts) throws Exception {
        Sets sets = ds.load(net, file);
        StreamingEvaluator.checkCompatible(net, sets.train());
        StreamingEvaluator.checkCompatible(net, sets.eval());
        ctx.checkCancelled();
        Path dir = folderFor(net, file, c, sets.label());
        Files.createDirectories(dir);
        fx.execute(() -> folder.set(dir));
        SearchInputs in = SearchInputs.prepare(dir, net, sets.train(), sets.eval());
        ctx.checkCancelled();
        Map<String, SearchTrial> byKey = new LinkedHashMap<>();
        String[] started = {""};
        SearchListener.Progress[] last = {null};
        @SuppressWarnings("unchecked")
        List<String>[] who = new List[] {List.of()};
        java.util.function.Function<SearchOutcome, Snapshot> snapshot = o -> {
            List<SearchTrial> copy;
            synchronized (byKey) { copy = List.copyOf(byKey.values()); }
            return Snapshot.of(copy, last[0], started[0], o, who[0]);
        };
        SearchListener listener = new SearchListener() {
            @Override public void started(String id, int candidates, int enumerated, Map<String, Integer> droppedBy, String executor, List<Integer> rungs) {
                started[0] = String.format(Locale.ROOT, "Search %s: %,d of %,d candidates fit (%s), rungs %s epochs, %s", id, candidates, enumerated,
                        droppedText(droppedBy), rungs, executor);
                post();
            }

            @Override public void trial(SearchTrial t) {
                synchronized (byKey) { byKey.put(rowKey(t), t); }
                post();
            }

            @Override public void progress(SearchListener.Progress p) {
                last[0] = p;
                post();
            }

            // a few events per trial (queued, running, done): each is shown
            private void post() { ctx.publish(snapshot.apply(null)); }
        };
        if (opts != null) fx.execute(() -> status.set("Joining cluster '" + opts.clusterName() + "' at " + cluster.get().strip() + "\u2026"));
        try (TrialExecutor ex = opts == null ? new LocalTrialExecutor(new TrainingTrialRunner(tool, 0), in.inputsBySha256(), slots)
                : ClusterTrialExecutor.connect(opts, in.inputsBySha256(), Duration.ofSeconds(30))) {
            Search s = new Search(net, in, c, ex, seedRows, listener);
            current = s;
            Thread watcher = null;
            if (ex instanceof ClusterTrialExecutor cx) {
                // the members and what each runs, every two seconds while the search runs
                watcher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        who[0] = memberLines(cx);
                        ctx.publish(snapshot.apply(null));
                        try {
                            Thread.sleep(2000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "tinyfit-search-members");
                watcher.setDaemon(true);
                watcher.start();
            }
            try {
                return snapshot.apply(s.run());
            } finally {
                if (watcher != null) watcher.interrupt();
            }
        } finally {
            current = null;
        }
    }

    /** "10.0.0.5:5701 · worker · 2 threads · running lstm.kernel=kp:... (3 epochs) for 40 s". */
    static List<String> memberLines(ClusterTrialExecutor cx) {
        List<String> out = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (ClusterTrialExecutor.MemberStatus m : cx.members()) {
            StringBuilder sb = new StringBuilder(m.address()).append(m.local() ? " (this window)" : "")
                    .append(m.worker() ? " \u00b7 worker \u00b7 " + m.threads() + (m.threads() == 1 ? " thread" : " threads") : " \u00b7 coordinator");
            if (m.worker()) {
                if (m.running().isEmpty()) sb.append(" \u00b7 idle");
                for (ClusterTrialExecutor.Running r : m.running()) {
                    sb.append(" \u00b7 running ").append(r.plan()).append(" (").append(r.epochs()).append(r.epochs() == 1 ? " epoch" : " epochs")
                            .append(") for ").append(Formats.duration(Duration.between(r.since(), now).toSeconds()));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String droppedText(Map<String, Integer> dropped) {
        List<String> parts = new ArrayList<>();
        dropped.forEach((k, v) -> { if (v > 0) parts.add(String.format(Locale.ROOT, "%,d over %s", v, k)); });
        return parts.isEmpty() ? "none dropped" : String.join(", ", parts);
    }

    private void show(Snapshot s) {
        trials.setAll(s.trials());
        if (!s.members().equals(members)) members.setAll(s.members());
        front.setAll(s.front());
        SearchListener.Progress p = s.progress();
        StringBuilder sb = new StringBuilder(s.started());
        if (p != null) {
            best.set(p.best());
            sb.append(String.format(Locale.ROOT, "%n%d trials done%s", p.done(), p.failed() > 0 ? " (" + p.failed() + " failed)" : ""));
            if (p.best() != null) sb.append(", best that fits: ").append(percent(p.best().accuracy())).append(" ").append(p.best().plan());
            if (p.eta() != null && running.get()) sb.append(", about ").append(Formats.duration(p.eta().toSeconds())).append(" left");
            if (p.budget() > 0) progress.set(Math.min(1, (double) p.done() / p.budget()));
        }
        status.set(sb.toString());
    }

    private void finish(SearchOutcome o) {
        running.set(false);
        progress.set(o == null ? 0 : 1);
        outcome.set(o);
        if (o == null) return;
        best.set(o.best());
        List<String> keys = new ArrayList<>();
        for (SearchTrial t : o.flashFront()) keys.add(rowKey(t));
        front.setAll(keys);
        String end = o.cancelled() ? "Stopped" : o.exhausted() ? "Done: every candidate trained" : "Done: budget spent";
        status.set(end + String.format(Locale.ROOT, ": %d trials, %,d epochs trained", o.trials().size(), o.epochsRun())
                + (o.best() == null ? "; no trained model fits yet" : "; best that fits " + percent(o.best().accuracy()) + ", " + o.best().plan())
                + (o.cancelled() ? ". Start again with the same settings to resume." : ""));
        messages.accept("Search " + o.searchId() + ": " + (o.best() == null ? "no trained model fits" : "best that fits "
                + percent(o.best().accuracy()) + " at " + Formats.bytes(o.best().flashBytes()) + " flash"), false);
    }

    /** Stops the running search; its journal keeps what finished, so Start with the same settings resumes. */
    public void stop() {
        Search s = current;
        if (s != null) s.cancel();
        if (running.get()) status.set("Stopping: finishing the journal\u2026");
    }

    /** Opens a finished trial's trained model in the window (its plan and weights; export works from there). */
    public void open(SearchTrial t) {
        Path f = folder.get();
        if (t == null || f == null) return;
        if (!t.done() || t.file() == null || t.file().isEmpty()) {
            messages.accept("Trial " + t.plan() + " has no trained model" + (t.message().isEmpty() ? "" : ": " + t.message()), true);
            return;
        }
        opener.accept(f.resolve(t.file()));
    }

    /**
     * Stops a running search and its trials (the window is closing): the driver gets two seconds
     * to write its journal lines, then its thread is interrupted. Started trials are journalled as
     * started, so the next Start with the same settings trains them again.
     */
    public void shutdown() {
        stop();
        lane.cancel();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static String percent(double a) { return Formats.percent(100 * a); }

    /** The key the table and front use for a trial at its fidelity. */
    public static String rowKey(SearchTrial t) { return t.key() + "@" + t.epochs(); }

    // ---------------------------------------------------------------- properties

    public StringProperty maxFlashProperty() { return maxFlash; }
    public StringProperty maxSramProperty() { return maxSram; }
    public StringProperty maxLatencyMsProperty() { return maxLatencyMs; }
    public IntegerProperty budgetMinutesProperty() { return budgetMinutes; }
    public IntegerProperty maxTrialsProperty() { return maxTrials; }
    public IntegerProperty fullEpochsProperty() { return fullEpochs; }
    public IntegerProperty seedProperty() { return seed; }
    public BooleanProperty int8ActivationsProperty() { return int8Activations; }
    public BooleanProperty techniqueProperty(String id) { return Objects.requireNonNull(techniques.get(id), id); }
    public BooleanProperty bitsProperty(int b) { return Objects.requireNonNull(bits.get(b), "bits " + b); }
    public ObjectProperty<Device> deviceProperty() { return device; }
    /** Cluster members to join ({@code HOST:PORT[,...]}); empty: trials run in this process. */
    public StringProperty clusterProperty() { return cluster; }
    public StringProperty clusterNameProperty() { return clusterName; }
    /** The cluster's members and what each is running (empty for a local search). */
    public ObservableList<String> members() { return members; }
    public ReadOnlyObjectProperty<Network> baseProperty() { return base.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SearchTrial> bestProperty() { return best.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Path> folderProperty() { return folder.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<SearchOutcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }
    public ObservableList<SearchTrial> trials() { return trials; }
    /** Row keys ({@link #rowKey}) of the accuracy-flash front of the finished search. */
    public ObservableList<String> front() { return front; }
}
