package org.tinyfit.views.explorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tinyfit.model.compress.Activations;
import org.tinyfit.model.compress.CompressionPlan;
import org.tinyfit.model.compress.FactorShapes;
import org.tinyfit.model.compress.KpShape;
import org.tinyfit.model.compress.MatrixPlan;
import org.tinyfit.model.compress.PlanText;
import org.tinyfit.model.compress.TechniqueSpec;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Calibration;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.views.Errors;
import org.tinyfit.views.Formats;
import org.tinyfit.views.LayerRow;
import org.tinyfit.views.MainViewModel;

/**
 * The explorer: the compression plan of the loaded model, the target device, the
 * analytic cost of the plan (estimates) and, through its parts, the measured
 * accuracy ({@link AccuracyViewModel}), the matrix pictures ({@link MatrixViewModel})
 * and the scatter ({@link ChartViewModel}). Holds no {@code Node}s.
 *
 * <p>Threading (DESIGN.md): every method and property belongs to the fx thread;
 * nothing is computed there. After every plan or device change the cost model
 * runs on the shared executor at once (no debounce, it takes microseconds) and
 * its report is published in one step; accuracy and pictures follow after a
 * debounce. Each kind of work is a {@link LatestTaskLane}: a new plan supersedes
 * the stale work.
 */
public final class ExplorerViewModel {
    /** A message for the window's message bar. Identity equality: the same text twice is two messages. */
    public static final class Message {
        private final String text;
        private final boolean error;

        public Message(String text, boolean error) {
            this.text = text;
            this.error = error;
        }

        public String text() { return text; }

        public boolean error() { return error; }

        @Override public String toString() { return (error ? "error: " : "") + text; }
    }

    /**
     * @param configDir          where calibrated devices are saved (user devices.json); null: not saved
     * @param defaultDevice      device id selected at start
     * @param accuracyDebounceMs wait after the last change before measuring accuracy
     * @param viewDebounceMs     wait before drawing the matrix pictures
     * @param firstChunk         samples of the first (class-balanced) accuracy estimate
     * @param chunk              samples per later refinement
     */
    public record Settings(Path configDir, String defaultDevice, long accuracyDebounceMs, long viewDebounceMs,
                           int firstChunk, int chunk) {
        public static Settings defaults(Path configDir) {
            // the batched inference evaluates a 2,000-sample eval set within the debounce's order of time:
            // the first estimate is the whole set there; larger user sets refine in 2,000-sample chunks
            return new Settings(configDir, "cortex-m4f-32k", 100, 60, 2000, 2000);
        }
    }

    /** The analytic numbers of one plan on one device (all estimates). */
    public record Costs(CompressionPlan plan, String planText, Device device, CostReport report, CostReport dense,
                        List<LayerRow> rows, Timing timing) { }

    /** When the cost of a plan was asked for, started and finished (System.nanoTime), for latency measurements. */
    public record Timing(long submitted, long started, long finished) { }

    private final MainViewModel main;
    private final Executor fx;
    private final Settings settings;
    private final LatestTaskLane costLane;
    private final LatestTaskLane deviceLane;
    private final LatestTaskLane sessionLane;
    private final LatestTaskLane exportLane;
    private final LatestTaskLane chartLane;
    private final AccuracyViewModel accuracy;
    private final TrainedViewModel trained;
    private final EvalData evalData;
    private final String tool;
    private final MatrixViewModel matrixView;
    private final ChartViewModel chart = new ChartViewModel();
    private final PlanHistory history = new PlanHistory();
    private final Map<String, double[]> costByPlan = new ConcurrentHashMap<>();
    private final Map<String, List<KpShape>> shapes = new LinkedHashMap<>();

    private final ReadOnlyObjectWrapper<Network> network = new ReadOnlyObjectWrapper<>(this, "network");
    private final ReadOnlyObjectWrapper<CompressionPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan", CompressionPlan.none());
    private final ReadOnlyStringWrapper planText = new ReadOnlyStringWrapper(this, "planText", "");
    private final ReadOnlyStringWrapper planError = new ReadOnlyStringWrapper(this, "planError", "");
    private final StringProperty selectedMatrix = new SimpleStringProperty(this, "selectedMatrix");
    private final ReadOnlyObjectWrapper<MatrixSelection> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ObservableList<Device> devices = FXCollections.observableArrayList();
    private final ObjectProperty<Device> device = new SimpleObjectProperty<>(this, "device");
    private final BooleanProperty streamingInput = new SimpleBooleanProperty(this, "streamingInput");
    private final DoubleProperty latencyBudgetMs = new SimpleDoubleProperty(this, "latencyBudgetMs", 100);
    private final ReadOnlyObjectWrapper<Costs> costs = new ReadOnlyObjectWrapper<>(this, "costs");
    private final ObservableList<LayerRow> layerRows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyObjectWrapper<Message> message = new ReadOnlyObjectWrapper<>(this, "message");

    private Path modelFile;
    private ProjectionCache cache;
    private SessionFile.Session pendingSession;

    public ExplorerViewModel(MainViewModel main, Callable<DeviceCatalog> catalog, EvalData data,
                             ScheduledExecutorService executor, Executor fx, Settings settings) {
        this(main, catalog, data, executor, fx, settings, TrainedViewModel.Retraining.off());
    }

    /** @param retraining where retrains run and are cached (its own executor: never the shared pool) */
    public ExplorerViewModel(MainViewModel main, Callable<DeviceCatalog> catalog, EvalData data,
                             ScheduledExecutorService executor, Executor fx, Settings settings,
                             TrainedViewModel.Retraining retraining) {
        this.main = Objects.requireNonNull(main, "main");
        this.fx = Objects.requireNonNull(fx, "fx");
        this.settings = settings == null ? Settings.defaults(null) : settings;
        this.costLane = new LatestTaskLane("cost", executor, fx);
        this.deviceLane = new LatestTaskLane("device", executor, fx);
        this.sessionLane = new LatestTaskLane("session", executor, fx);
        this.exportLane = new LatestTaskLane("export", executor, fx);
        this.chartLane = new LatestTaskLane("chart", executor, fx);
        this.evalData = data;
        this.tool = retraining == null ? "TinyFit" : retraining.version();
        this.trained = new TrainedViewModel(executor, fx, retraining);
        trained.setMessages(message::set);
        trained.setOnAtlas(this::atlasLoaded);
        trained.setOnRetrained(this::retrainedPoint);
        this.accuracy = new AccuracyViewModel(executor, fx, data, this.settings.accuracyDebounceMs(),
                this.settings.firstChunk(), this.settings.chunk());
        this.matrixView = new MatrixViewModel(executor, fx, this.settings.viewDebounceMs());
        accuracy.setOnFinal(this::recordFinal);
        accuracy.projectedProperty().addListener((o, a, b) -> updateCurrentPoint());
        chart.setOnPick(this::applyPlanText);
        chart.pickedProperty().addListener((o, a, p) -> {
            if (p != null && p.planText() == null) {
                message.set(new Message(p.label() + " \u2014 a separate, smaller model, not a plan of this one: open it with Open\u2026"
                        + " to explore it", false));
            }
        });
        main.networkProperty().addListener((o, a, net) -> modelLoaded(net, main.modelPathProperty().get()));
        selectedMatrix.addListener((o, a, b) -> {
            updateSelection();
            requestPictures();
        });
        device.addListener((o, a, b) -> recomputeCost());
        streamingInput.addListener((o, a, b) -> recomputeCost());
        loadDevices(catalog);
    }

    // ---------------------------------------------------------------- devices

    private void loadDevices(Callable<DeviceCatalog> catalog) {
        deviceLane.submit(0, ctx -> {
            try {
                return new Object[] {catalog.call(), null};
            } catch (Exception e) {
                return new Object[] {DeviceCatalog.builtIn(), "Could not read the user device file: " + Errors.describe(e)
                        + " \u2014 showing the built-in devices"};
            }
        }, new LatestTaskLane.Sink<Object[]>() {
            @Override public void done(Object[] r) {
                DeviceCatalog c = (DeviceCatalog) r[0];
                devices.setAll(c.devices());
                if (device.get() == null) device.set(c.find(settings.defaultDevice()).orElse(devices.isEmpty() ? null : devices.get(0)));
                if (r[1] != null) message.set(new Message((String) r[1], true));
            }

            @Override public void failed(String msg) {
                message.set(new Message("Could not load the device catalog: " + msg, true));
            }
        });
    }

    /** Selects a device by id (false when unknown). */
    public boolean selectDevice(String id) {
        for (Device d : devices) {
            if (d.id().equals(id)) {
                device.set(d);
                return true;
            }
        }
        return false;
    }

    /**
     * Calibrates the device's effective MACs per cycle of {@code type} from one
     * measured latency of the current plan, saves the device into the user device
     * file (when a config folder is set) and selects it.
     */
    public void calibrate(double measuredMs, DataType type) {
        Costs c = costs.get();
        Device d = device.get();
        if (c == null || d == null) {
            message.set(new Message("Load a model and pick a device before calibrating", true));
            return;
        }
        Path dir = settings.configDir();
        deviceLane.submit(0, ctx -> {
            Calibration.Result r = Calibration.calibrate(d, type, c.report().latencyTerms(), measuredMs / 1000.0);
            Path saved = dir == null ? null : Calibration.persist(r.device(), dir);
            return new Object[] {r, saved};
        }, new LatestTaskLane.Sink<Object[]>() {
            @Override public void done(Object[] out) {
                Calibration.Result r = (Calibration.Result) out[0];
                Path saved = (Path) out[1];
                int i = devices.indexOf(d);
                if (i >= 0) devices.set(i, r.device());
                else devices.add(r.device());
                device.set(r.device());
                message.set(new Message("Calibrated " + r.type().macField() + " of " + d.id() + ": "
                        + Formats.fixed(r.previous(), 3) + " \u2192 " + Formats.fixed(r.macPerCycle(), 3)
                        + (saved == null ? " (not saved)" : " \u2014 saved to " + saved), false));
            }

            @Override public void failed(String msg) {
                message.set(new Message("Calibration failed: " + msg, true));
            }
        });
    }

    // ------------------------------------------------------------------ model

    private void modelLoaded(Network net, Path file) {
        costLane.cancel();
        network.set(net);
        modelFile = file;
        history.clear();
        chart.clearSession();
        costByPlan.clear();
        shapes.clear();
        cache = net == null ? null : new ProjectionCache(net, 48);
        accuracy.setModel(net, file, cache);
        trained.setModel(net, file, evalData);
        matrixView.setModel(cache);
        layerRows.setAll(net == null ? List.of() : LayerRow.of(net));
        costs.set(null);
        CompressionPlan start = CompressionPlan.none();
        SessionFile.Session s = pendingSession;
        pendingSession = null;
        String select = defaultSelection(net);
        if (net != null && s != null && file != null && sameFile(s.model(), file)) {
            try {
                start = parse(s.plan(), net);
                history.restore(parseAll(s.undo(), net), parseAll(s.redo(), net));
                if (s.device() != null && !selectDevice(s.device())) {
                    message.set(new Message("The session's device '" + s.device() + "' is not in the catalog; keeping "
                            + (device.get() == null ? "none" : device.get().id()), true));
                }
                for (SessionFile.Point p : s.history()) {
                    chart.record(new ChartViewModel.PlotPoint(p.label(), p.plan(), p.flashBytes(), p.macs(), p.accuracy(),
                            p.ciLow(), p.ciHigh(), p.samples(), "session"));
                }
                if (s.selected() != null && net.layerOfMatrix(s.selected()).isPresent()) select = s.selected();
                message.set(new Message("Session restored: " + (s.plan().isEmpty() ? "all dense" : s.plan()), false));
            } catch (RuntimeException e) {
                start = CompressionPlan.none();
                history.clear();
                message.set(new Message("The session's plan does not fit " + net.name() + ": " + Errors.describe(e), true));
            }
        }
        selectedMatrix.set(null);
        setPlan(start);
        selectedMatrix.set(select);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String defaultSelection(Network net) {
        if (net == null) return null;
        for (Layer l : net.layers()) if (l instanceof RnnLayer) return l.kernelName();
        return net.layers().get(0).kernelName();
    }

    private static CompressionPlan parse(String text, Network net) {
        return PlanText.parse(text == null ? "" : text, net);
    }

    private static List<CompressionPlan> parseAll(List<String> texts, Network net) {
        List<CompressionPlan> out = new ArrayList<>();
        for (String t : texts) out.add(parse(t, net));
        return out;
    }

    // ------------------------------------------------------------------- plan

    /** Replaces the plan (recorded for undo). */
    public void commit(CompressionPlan p) {
        if (network.get() == null || p.equals(plan.get())) return;
        history.changed(plan.get());
        setPlan(p);
    }

    /** Parses, validates and applies a plan in the text form; an error is shown and nothing changes. */
    public boolean applyPlanText(String text) {
        Network net = network.get();
        if (net == null) return false;
        try {
            CompressionPlan p = parse(text, net);
            planError.set("");
            commit(p);
            planText.set(PlanText.format(plan.get()));
            return true;
        } catch (RuntimeException e) {
            planError.set(Errors.describe(e));
            message.set(new Message("Invalid plan: " + Errors.firstLine(Errors.describe(e)), true));
            return false;
        }
    }

    public void undo() {
        if (!history.canUndo()) return;
        setPlan(history.undo(plan.get()));
    }

    public void redo() {
        if (!history.canRedo()) return;
        setPlan(history.redo(plan.get()));
    }

    private void setPlan(CompressionPlan p) {
        plan.set(p);
        planText.set(PlanText.format(p));
        planError.set("");
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        updateSelection();
        recomputeCost();
        accuracy.request(p);
        trained.request(p);
        requestPictures();
    }

    /** The plan entry of a matrix as the controls see it (dense float32 when the plan does not name it). */
    public MatrixPlan entryOf(String name) {
        MatrixPlan mp = plan.get().entry(name);
        return mp == null ? MatrixPlan.dense() : mp;
    }

    /** The plan with {@code name}'s entry replaced. */
    public CompressionPlan with(String name, MatrixPlan mp) {
        Map<String, MatrixPlan> m = new LinkedHashMap<>(plan.get().matrices());
        Network net = network.get();
        boolean storedDense = net != null && net.layerOfMatrix(name).map(l -> l.kernel() instanceof DenseOp).orElse(false);
        if (storedDense && mp.equals(MatrixPlan.dense())) m.remove(name);
        else m.put(name, mp);
        Map<String, MatrixPlan> ordered = new LinkedHashMap<>();
        if (net != null) for (String k : net.matrixNames()) if (m.containsKey(k)) ordered.put(k, m.get(k));
        for (var e : m.entrySet()) ordered.putIfAbsent(e.getKey(), e.getValue());
        return new CompressionPlan(ordered, plan.get().activations());
    }

    private void edit(MatrixPlan mp) {
        MatrixSelection s = selection.get();
        if (s == null) return;
        commit(with(s.name(), mp));
    }

    /** Switches the selected matrix to technique {@code id}, keeping the KP shape and bits where they carry over. */
    public void setTechnique(String id) {
        MatrixSelection s = selection.get();
        if (s == null || s.techniqueId().equals(id)) return;
        TechniqueSpec t = Techniques.defaults(id, s.rows(), s.cols());
        KpShape shape = s.shape();
        if (shape != null) {
            if (t instanceof TechniqueSpec.Kp) t = shape.spec();
            else if (t instanceof TechniqueSpec.Dkp d) t = new TechniqueSpec.Dkp(shape.m1(), shape.n1(), shape.m2(), shape.n2(), d.density());
            else if (t instanceof TechniqueSpec.Hkp) t = Techniques.hybrid(s.rows(), s.cols(), shape, -1);
        }
        edit(new MatrixPlan(t, s.plan().bits()));
    }

    /** Steps the KP-like technique of the selected matrix to factor shape {@code index} of {@link MatrixSelection#shapes()}. */
    public void setShapeIndex(int index) {
        MatrixSelection s = selection.get();
        if (s == null || index < 0 || index >= s.shapes().size() || index == s.shapeIndex()) return;
        KpShape k = s.shapes().get(index);
        TechniqueSpec t = s.plan().technique();
        TechniqueSpec n;
        if (t instanceof TechniqueSpec.Dkp d) n = new TechniqueSpec.Dkp(k.m1(), k.n1(), k.m2(), k.n2(), d.density());
        else if (t instanceof TechniqueSpec.Hkp h) n = Techniques.hybrid(s.rows(), s.cols(), k, h.r());
        else if (t instanceof TechniqueSpec.Kp) n = k.spec();
        else return;
        edit(new MatrixPlan(n, s.plan().bits()));
    }

    /** Hybrid KP: dense rows r (snapped to the nearest legal value). */
    public void setHybridRank(int r) {
        MatrixSelection s = selection.get();
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Hkp)) return;
        edit(new MatrixPlan(Techniques.hybrid(s.rows(), s.cols(), s.shape(), r), s.plan().bits()));
    }

    /** Doped KP: overlay density in (0, 1]. */
    public void setDensity(double d) {
        MatrixSelection s = selection.get();
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Dkp k)) return;
        double v = Math.max(1e-4, Math.min(1, d));
        edit(new MatrixPlan(new TechniqueSpec.Dkp(k.m1(), k.n1(), k.m2(), k.n2(), v), s.plan().bits()));
    }

    /** Low rank r in 1..min(m, n). */
    public void setRank(int r) {
        MatrixSelection s = selection.get();
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Lmf)) return;
        edit(new MatrixPlan(new TechniqueSpec.Lmf(Math.max(1, Math.min(r, Math.min(s.rows(), s.cols())))), s.plan().bits()));
    }

    /** Pruning sparsity in [0, 0.999]. */
    public void setSparsity(double sp) {
        MatrixSelection s = selection.get();
        if (s == null || !(s.plan().technique() instanceof TechniqueSpec.Pruned)) return;
        edit(new MatrixPlan(new TechniqueSpec.Pruned(Math.max(0, Math.min(0.999, sp))), s.plan().bits()));
    }

    public void setBits(int bits) {
        MatrixSelection s = selection.get();
        if (s == null || s.plan().bits() == bits || !MatrixPlan.validBits(bits)) return;
        edit(new MatrixPlan(s.plan().technique(), bits));
    }

    public void setActivations(Activations a) {
        if (network.get() == null || plan.get().activations() == a) return;
        commit(new CompressionPlan(plan.get().matrices(), a));
    }

    /** The selected matrix's settings on every RNN matrix (KP shapes adapted to each matrix's shape). */
    public void applyToAllRnn() {
        MatrixSelection s = selection.get();
        Network net = network.get();
        if (s == null || net == null) return;
        CompressionPlan p = plan.get();
        Map<String, MatrixPlan> m = new LinkedHashMap<>(p.matrices());
        for (RnnLayer l : net.rnnLayers()) {
            TechniqueSpec t = Techniques.adapt(s.plan().technique(), s.rows(), s.cols(), l.kernel().rows(), l.kernel().cols());
            m.put(l.kernelName(), new MatrixPlan(t, s.plan().bits()));
        }
        try {
            CompressionPlan next = new CompressionPlan(m, p.activations());
            PlanText.validate(next, net);
            commit(PlanText.expand(next, net));
        } catch (RuntimeException e) {
            message.set(new Message("Could not apply to all RNN matrices: " + Errors.describe(e), true));
        }
    }

    private void updateSelection() {
        Network net = network.get();
        String name = selectedMatrix.get();
        Layer l = net == null || name == null ? null : net.layerOfMatrix(name).orElse(null);
        if (l == null) {
            selection.set(null);
            return;
        }
        int m = l.kernel().rows(), n = l.kernel().cols();
        List<KpShape> list = shapes.computeIfAbsent(m + "x" + n, k -> FactorShapes.enumerate(m, n));
        MatrixPlan mp = entryOf(name);
        TechniqueSpec t = mp.technique();
        int idx = -1;
        int[] ranks = new int[0];
        int rIdx = -1;
        KpShape ks = Techniques.kpShapeOf(t, m, n);
        if (ks != null) {
            if (t instanceof TechniqueSpec.Hkp h) {
                for (int i = 0; i < list.size(); i++) if (list.get(i).m2() == h.m2() && list.get(i).n2() == h.n2()) { idx = i; break; }
                ranks = FactorShapes.hybridRanks(m, h.m2());
                for (int i = 0; i < ranks.length; i++) if (ranks[i] == h.r()) rIdx = i;
            } else {
                int m1 = t instanceof TechniqueSpec.Kp k ? k.m1() : ((TechniqueSpec.Dkp) t).m1();
                int n1 = t instanceof TechniqueSpec.Kp k ? k.n1() : ((TechniqueSpec.Dkp) t).n1();
                for (int i = 0; i < list.size(); i++) if (list.get(i).m1() == m1 && list.get(i).n1() == n1) { idx = i; break; }
            }
        }
        selection.set(new MatrixSelection(name, l.name(), l.typeId(), m, n, l instanceof RnnLayer, mp, list, idx, ranks, rIdx));
    }

    private void requestPictures() {
        String name = selectedMatrix.get();
        if (name == null || network.get() == null) return;
        matrixView.request(name, plan.get().entry(name), plan.get().activations() == Activations.INT8);
    }

    // ------------------------------------------------------------------- cost

    private void recomputeCost() {
        Network net = network.get();
        Device d = device.get();
        CompressionPlan p = plan.get();
        if (net == null || d == null) return;
        CostOptions opts = CostOptions.of(streamingInput.get());
        String text = planText.get();
        long submitted = System.nanoTime();
        costLane.<Costs>submit(0, ctx -> {
            long started = System.nanoTime();
            CostReport r = CostModel.estimate(net, p, d, opts);
            CostReport dense = CostModel.estimate(net, CompressionPlan.none(), d, opts);
            costByPlan.put(text, new double[] {r.flashBytes(), r.macs()});
            List<LayerRow> rows = LayerRow.of(net, r);
            return new Costs(p, text, d, r, dense, rows, new Timing(submitted, started, System.nanoTime()));
        }, new LatestTaskLane.Sink<Costs>() {
            @Override public void done(Costs c) {
                if (net != network.get()) return;
                costs.set(c);
                layerRows.setAll(c.rows());
                updateCurrentPoint();
            }

            @Override public void failed(String msg) {
                message.set(new Message("Could not estimate the cost: " + msg, true));
            }
        });
    }

    // ------------------------------------------------------------------ chart

    private void updateCurrentPoint() {
        Costs c = costs.get();
        AccuracyViewModel.Estimate e = accuracy.projectedProperty().get();
        if (c == null || e == null || !e.planText().equals(c.planText())) {
            chart.setCurrent(null);
            return;
        }
        chart.setCurrent(new ChartViewModel.PlotPoint(label(c.plan()), c.planText(), c.report().flashBytes(), c.report().macs(),
                e.progress().accuracy(), e.progress().ciLow(), e.progress().ciHigh(), e.progress().count(), "current"));
    }

    private void recordFinal(String text, org.tinyfit.model.data.EvalProgress p) {
        double[] fm = costByPlan.get(text);
        if (fm == null) return;
        CompressionPlan cp;
        try {
            cp = PlanText.parse(text);
        } catch (RuntimeException e) {
            return;
        }
        chart.record(new ChartViewModel.PlotPoint(label(cp), text, fm[0], fm[1], p.accuracy(), p.ciLow(), p.ciHigh(),
                p.count(), "session"));
    }

    /** A short label of a plan: its non-dense entries without the ".kernel" suffix, e.g. "lstm kp:8x4,64x39/int8". */
    public static String label(CompressionPlan p) {
        List<String> parts = new ArrayList<>();
        for (var e : p.matrices().entrySet()) {
            if (e.getValue().equals(MatrixPlan.dense())) continue;
            parts.add(e.getKey().replace(".kernel", "") + " " + PlanText.format(e.getValue()));
        }
        if (p.activations() == Activations.INT8) parts.add("int8 act.");
        return parts.isEmpty() ? "dense (baseline)" : String.join(", ", parts);
    }

    private void atlasLoaded(org.tinyfit.model.explore.Atlas atlas) {
        Network net = network.get();
        if (net == null || atlas == null) return;
        Map<String, List<ChartViewModel.PlotPoint>> byTechnique = new LinkedHashMap<>();
        Path dir = modelFile == null ? null : modelFile.toAbsolutePath().getParent();
        for (var e : atlas.entries()) {
            boolean small = e.plan().isEmpty();
            String how = ("quantized after training".equals(e.kind()) ? "atlas, " + e.from() + " quantized after training"
                    : "atlas, trained " + e.epochs() + " epochs from " + e.from());
            String label;
            if (small) {
                label = e.technique() + ": " + (dir == null || e.file().isEmpty() ? e.file() : dir.resolve(e.file()).toString())
                        + " (fewer hidden units; " + how + ")";
            } else {
                String l;
                try {
                    l = label(PlanText.parse(e.plan()));
                } catch (RuntimeException ex) {
                    l = e.plan();
                }
                label = l + " (" + how + ")";
            }
            byTechnique.computeIfAbsent(e.technique(), k -> new ArrayList<>()).add(new ChartViewModel.PlotPoint(label,
                    small ? null : e.plan(), e.flashBytes(), e.macs(), e.accuracy(), e.ciLow(), e.ciHigh(), e.samples(),
                    ChartViewModel.KIND_ATLAS));
        }
        for (var g : byTechnique.entrySet()) chart.addSeries("Atlas " + g.getKey(), ChartViewModel.KIND_ATLAS, g.getValue());
    }

    private void retrainedPoint(TrainedViewModel.Trained t) {
        Network net = network.get();
        Device d = device.get();
        if (net == null || d == null) return;
        boolean streaming = streamingInput.get();
        chartLane.<ChartViewModel.PlotPoint>submit(0, ctx -> {
            CompressionPlan p = PlanText.parse(t.planText(), net);
            CostReport r = CostModel.estimate(net, org.tinyfit.model.compress.Compressor.effectivePlan(net, p), d, CostOptions.of(streaming));
            return new ChartViewModel.PlotPoint(label(p) + " (retrained here, " + t.epochs() + " epochs from " + t.from() + ", seed "
                    + t.seed() + ")", t.planText(), r.flashBytes(), r.macs(), t.accuracy(), t.ciLow(), t.ciHigh(), t.samples(),
                    ChartViewModel.KIND_RETRAINED);
        }, new LatestTaskLane.Sink<ChartViewModel.PlotPoint>() {
            @Override public void done(ChartViewModel.PlotPoint p) {
                if (net == network.get()) chart.addPoint(ChartViewModel.RETRAINED, ChartViewModel.KIND_RETRAINED, p);
            }

            @Override public void failed(String msg) { }
        });
    }

    // ----------------------------------------------------------------- export

    /** Writes the C sources of the current plan into {@code dir}. */
    public void exportC(Path dir) {
        export("C export", (net, file, p, d, s, w) -> Exports.c(net, file, p, d, dir, tool + " (explorer)", w));
    }

    /** Writes the model under the current plan (projected; provenance records the plan) to {@code file}. */
    public void exportModel(Path file) {
        export("Model export", (net, mf, p, d, s, w) -> Exports.model(net, mf, p, file, tool, w));
    }

    /** Writes the current plan's per-matrix cost table (estimates on the current device) to {@code file}. */
    public void exportCostTable(Path file) {
        export("Cost table export", (net, mf, p, d, s, w) -> Exports.csv(net, p, d, s, file));
    }

    @FunctionalInterface
    private interface ExportJob {
        String run(Network net, Path modelFile, CompressionPlan plan, Device device, boolean streaming, String weights) throws Exception;
    }

    private void export(String what, ExportJob job) {
        Network net = network.get();
        Device d = device.get();
        if (net == null || d == null) {
            message.set(new Message("Load a model (and pick a device) before exporting", true));
            return;
        }
        CompressionPlan p = plan.get();
        Path mf = modelFile;
        boolean s = streamingInput.get();
        message.set(new Message(what + "\u2026", false));
        // the trained weights for this plan when there are any (atlas variant or a retrain here), else the projection
        TrainedViewModel.Trained tr = trained.trainedProperty().get();
        exportLane.<String>submit(0, ctx -> {
            var t = trained.load(tr);
            Network src = t.orElse(net);
            String weights = t.isEmpty() ? "projected onto the plan, not retrained"
                    : tr.source() == TrainedViewModel.Source.ATLAS ? "trained weights of atlas variant " + tr.file()
                    : "trained weights of the retrain on this machine";
            return job.run(src, mf, p, d, s, weights);
        }, new LatestTaskLane.Sink<String>() {
            @Override public void done(String text) { message.set(new Message(text, false)); }

            @Override public void failed(String msg) { message.set(new Message(what + " failed: " + Errors.firstLine(msg), true)); }
        });
    }

    // ---------------------------------------------------------------- session

    /** The session as it stands (model, device, plan, undo/redo, explored points). */
    public SessionFile.Session session() {
        List<String> undo = new ArrayList<>();
        for (CompressionPlan p : history.undoList()) undo.add(PlanText.format(p));
        List<String> redo = new ArrayList<>();
        for (CompressionPlan p : history.redoList()) redo.add(PlanText.format(p));
        List<SessionFile.Point> pts = new ArrayList<>();
        for (ChartViewModel.PlotPoint p : chart.sessionSeries().points()) {
            pts.add(new SessionFile.Point(p.planText(), p.label(), p.flashBytes(), p.macs(), p.accuracy(), p.ciLow(), p.ciHigh(),
                    p.samples()));
        }
        return new SessionFile.Session(modelFile, device.get() == null ? null : device.get().id(), planText.get(),
                selectedMatrix.get(), undo, redo, pts);
    }

    public void saveSession(Path file) {
        if (network.get() == null || modelFile == null) {
            message.set(new Message("Nothing to save: load a model first", true));
            return;
        }
        SessionFile.Session s = session();
        sessionLane.submit(0, ctx -> {
            SessionFile.write(s, file);
            return file;
        }, new LatestTaskLane.Sink<Path>() {
            @Override public void done(Path f) { message.set(new Message("Session saved to " + f, false)); }

            @Override public void failed(String msg) { message.set(new Message("Could not save the session: " + msg, true)); }
        });
    }

    /** Reads a session, loads its model (unless it is the one loaded) and restores plan, device and history. */
    public void openSession(Path file) {
        sessionLane.submit(0, ctx -> SessionFile.read(file), new LatestTaskLane.Sink<SessionFile.Session>() {
            @Override public void done(SessionFile.Session s) {
                pendingSession = s;
                if (modelFile != null && network.get() != null && sameFile(s.model(), modelFile)) {
                    modelLoaded(network.get(), modelFile);
                } else {
                    main.openFile(s.model());
                }
            }

            @Override public void failed(String msg) { message.set(new Message("Could not open the session: " + msg, true)); }
        });
    }

    /** Writes an image (a chart snapshot) as PNG off the fx thread; reports in the message bar. */
    public void savePng(javafx.scene.image.Image img, Path file) {
        sessionLane.submit(0, ctx -> {
            java.awt.image.BufferedImage bi = javafx.embed.swing.SwingFXUtils.fromFXImage(img, null);
            if (!javax.imageio.ImageIO.write(bi, "png", file.toFile())) throw new java.io.IOException("no PNG writer available");
            return file;
        }, new LatestTaskLane.Sink<Path>() {
            @Override public void done(Path f) { message.set(new Message("Picture saved to " + f, false)); }

            @Override public void failed(String msg) { message.set(new Message("Could not save the picture: " + msg, true)); }
        });
    }

    /** Shows a message in the window (views use it for their own failures, e.g. a PNG export). */
    public void post(String text, boolean error) {
        message.set(new Message(text, error));
    }

    public void dismissMessage() { message.set(null); }

    // ------------------------------------------------------------- properties

    public MainViewModel main() { return main; }

    public AccuracyViewModel accuracy() { return accuracy; }

    public MatrixViewModel matrixView() { return matrixView; }

    public TrainedViewModel trained() { return trained; }

    public ChartViewModel chart() { return chart; }

    public ReadOnlyObjectProperty<Network> networkProperty() { return network.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CompressionPlan> planProperty() { return plan.getReadOnlyProperty(); }

    public CompressionPlan getPlan() { return plan.get(); }

    /** The canonical text of the plan. */
    public ReadOnlyStringProperty planTextProperty() { return planText.getReadOnlyProperty(); }

    /** Why the last typed plan was rejected ("" when it was not). */
    public ReadOnlyStringProperty planErrorProperty() { return planError.getReadOnlyProperty(); }

    public StringProperty selectedMatrixProperty() { return selectedMatrix; }

    public ReadOnlyObjectProperty<MatrixSelection> selectionProperty() { return selection.getReadOnlyProperty(); }

    public ObservableList<Device> devices() { return devices; }

    public ObjectProperty<Device> deviceProperty() { return device; }

    public BooleanProperty streamingInputProperty() { return streamingInput; }

    /** The latency the model must meet (the latency bar's limit). */
    public DoubleProperty latencyBudgetMsProperty() { return latencyBudgetMs; }

    /** Cost estimates of the current plan on the current device (null until the first estimate). */
    public ReadOnlyObjectProperty<Costs> costsProperty() { return costs.getReadOnlyProperty(); }

    /** Layer table rows under the current plan. */
    public ObservableList<LayerRow> layerRows() { return layerRows; }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Message> messageProperty() { return message.getReadOnlyProperty(); }

    public Settings settings() { return settings; }

    Executor fx() { return fx; }
}
