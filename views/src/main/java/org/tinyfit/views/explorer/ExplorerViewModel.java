package org.tinyfit.views.explorer;

import org.tinyfit.views.LatestTaskLane;
import org.tinyfit.views.search.SearchViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.tinyfit.model.explore.MatrixSelection;
import org.tinyfit.model.explore.PlanEditor;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.Errors;
import org.tinyfit.views.LayerRow;
import org.tinyfit.views.MainViewModel;

/**
 * The explorer: the compression plan of the loaded model, the target device, the
 * analytic cost of the plan (estimates) and, through its parts, the measured
 * accuracy ({@link AccuracyViewModel}), the matrix pictures ({@link MatrixViewModel})
 * and the scatter ({@link ChartViewModel}). Holds no {@code Node}s.
 *
 * <p>Threading (docs/ARCHITECTURE.md): every method and property belongs to the fx thread;
 * nothing is computed there. After every plan or device change the cost model
 * runs on the shared executor at once (no debounce, it takes microseconds) and
 * its report is published in one step; accuracy and pictures follow after a
 * debounce. Each kind of work is a {@link LatestTaskLane}: a new plan supersedes
 * the stale work.
 */
public final class ExplorerViewModel {
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

    private final MainViewModel main;
    private final Executor fx;
    private final Settings settings;
    private final CostViewModel cost;
    private final FileActions files;
    private final ExportActions exports;
    private final AccuracyViewModel accuracy;
    private final TrainedViewModel trained;
    private final EvalData evalData;
    private final String tool;
    private final MatrixViewModel matrixView;
    private final ChartViewModel chart = new ChartViewModel();
    private final ChartFeed chartFeed;
    private final HeadlineAccuracy headline;
    private final DataViewModel data;
    private volatile DataViewModel.Attached evalAttached;
    private final SearchViewModel search;
    private final PredictionViewModel prediction;

    private final ReadOnlyObjectWrapper<Network> network = new ReadOnlyObjectWrapper<>(this, "network");
    private final PlanState plans = new PlanState(this::planChanged);
    private final StringProperty selectedMatrix = new SimpleStringProperty(this, "selectedMatrix");
    private final DevicesViewModel devicesVm;
    private final ObjectProperty<Device> device;
    private final BooleanProperty allShapes = new SimpleBooleanProperty(this, "allShapes");
    private final DoubleProperty latencyBudgetMs = new SimpleDoubleProperty(this, "latencyBudgetMs", 100);
    private final ReadOnlyObjectWrapper<Message> message = new ReadOnlyObjectWrapper<>(this, "message");
    private final ReadOnlyObjectWrapper<FitReport> fit = new ReadOnlyObjectWrapper<>(this, "fit");

    private Path modelFile;
    private ProjectionCache cache;
    private SessionFile.Session pendingSession;
    private Message rejection;

    public ExplorerViewModel(MainViewModel main, Callable<DeviceCatalog> catalog, EvalData data,
                             ScheduledExecutorService executor, Executor fx, Settings settings) {
        this(main, catalog, data, executor, fx, settings, Retraining.off());
    }

    /** @param retraining where retrains run and are cached (its own executor: never the shared pool) */
    public ExplorerViewModel(MainViewModel main, Callable<DeviceCatalog> catalog, EvalData data,
                             ScheduledExecutorService executor, Executor fx, Settings settings,
                             Retraining retraining) {
        this.main = Objects.requireNonNull(main, "main");
        this.fx = Objects.requireNonNull(fx, "fx");
        this.settings = settings == null ? Settings.defaults(null) : settings;
        this.cost = new CostViewModel(executor, fx, message::set);
        this.files = new FileActions(executor, fx, message::set);
        this.chartFeed = new ChartFeed(chart, executor, fx);
        this.data = new DataViewModel(executor, fx, message::set);
        EvalData own = data;
        this.evalData = (net, file) -> {
            DataViewModel.Attached a = evalAttached;
            return a != null ? a.data() : own.load(net, file);
        };
        this.devicesVm = new DevicesViewModel(catalog, this.settings.defaultDevice(), this.settings.configDir(), executor, fx, message::set);
        this.device = devicesVm.deviceProperty();
        this.tool = retraining == null ? "unknown" : retraining.version(); // the TinyFit version, as the CLI records it
        this.trained = new TrainedViewModel(executor, fx, retraining);
        this.exports = new ExportActions(executor, fx, trained, message::set, tool);
        trained.setMessages(message::set);
        this.prediction = new PredictionViewModel(executor, fx);
        trained.setOnAtlas(a -> {
            if (network.get() != null) chartFeed.atlas(a, modelFile);
            prediction.atlas(a);
        });
        trained.setOnRetrained(t -> {
            Network net = network.get();
            if (net != null && device.get() != null) chartFeed.retrained(t, net, device.get(), network::get);
        });
        this.accuracy = new AccuracyViewModel(executor, fx, evalData, this.settings.accuracyDebounceMs(),
                this.settings.firstChunk(), this.settings.chunk());
        this.matrixView = new MatrixViewModel(executor, fx, this.settings.viewDebounceMs());
        this.headline = new HeadlineAccuracy(accuracy, trained, plans.textProperty());
        accuracy.setOnFinal(chartFeed::finalAccuracy);
        accuracy.projectedProperty().addListener((o, a, b) -> updateCurrentPoint());
        trained.trainedProperty().addListener((o, a, b) -> updateCurrentPoint());
        trained.trainedProperty().addListener((o, a, b) -> { if (!java.util.Objects.equals(a, b)) requestPictures(); });
        chart.setOnPick(this::applyPlanText);
        chart.pickedProperty().addListener((o, a, p) -> {
            if (p != null && p.planText() == null) {
                message.set(new Message(p.label() + " \u2014 a separate, smaller model, not a plan of this one: open it with Open\u2026"
                        + " to explore it", false));
            }
        });
        Path configDir = this.settings.configDir();
        this.search = new SearchViewModel(fx, configDir != null ? configDir.resolve("searches")
                : Path.of(System.getProperty("java.io.tmpdir"), "tinyfit-searches"), tool, 1, SearchViewModel.fromModelFile());
        search.setMessages((text, error) -> message.set(new Message(text, error)));
        search.setOpener(main::openFile);
        search.deviceProperty().bind(device);
        prediction.setOnAtlasRows(search::setSeedRows);
        search.setOnOutcome((base, o) -> {
            prediction.searched(base, o.surrogate());
            Network net = network.get();
            Path dir = search.folderProperty().get();
            if (net == null || dir == null || net != base) return;
            List<Path> files = new ArrayList<>();
            List<String> plans = new ArrayList<>();
            List<Integer> epochs = new ArrayList<>();
            for (var t : o.trials()) {
                if (!t.done() || t.file().isEmpty() || t.technique().startsWith("small") || t.plan().startsWith("@")) continue;
                files.add(dir.resolve(t.file()));
                plans.add(t.plan());
                epochs.add(t.epochs());
            }
            trained.addSearched(files, plans, epochs, search.seedProperty().get());
        });
        main.networkProperty().addListener((o, a, net) -> modelLoaded(net, main.modelPathProperty().get()));
        this.data.setOnChange(this::dataChanged);
        selectedMatrix.addListener((o, a, b) -> {
            plans.select(b);
            requestPictures();
        });
        device.addListener((o, a, b) -> recomputeCost());
        cost.costsProperty().addListener((o, a, b) -> updateFit());
        cost.costsProperty().addListener((o, a, b) -> chartFeed.currentCost(b));
        latencyBudgetMs.addListener((o, a, b) -> updateFit());
        device.addListener((o, a, b) -> chartContext());
        latencyBudgetMs.addListener((o, a, b) -> chartContext());
    }

    // ---------------------------------------------------------------- devices

    /** Selects a device by id (false when unknown). */
    public boolean selectDevice(String id) { return devicesVm.select(id); }

    /**
     * Calibrates the device's effective MACs per cycle of {@code type} from one
     * measured latency of the current plan ({@link DevicesViewModel#calibrate}).
     */
    public void calibrate(double measuredMs, DataType type) {
        CostViewModel.Costs c = cost.costsProperty().get();
        Device d = device.get();
        if (c == null || d == null) {
            message.set(new Message("Load a model and pick a device before calibrating", true));
            return;
        }
        devicesVm.calibrate(d, c.report().latencyTerms(), measuredMs, type);
    }

    /**
     * Why a measured latency (as typed, in milliseconds) cannot calibrate the device for the current plan, in
     * milliseconds; null when it can. Arithmetic only (the latency formula solved for one number).
     */
    public String calibrationProblem(String msText, DataType type) {
        CostViewModel.Costs c = cost.costsProperty().get();
        Device d = device.get();
        if (c == null || d == null) return "Load a model and pick a device before calibrating";
        double ms;
        try {
            ms = Double.parseDouble(msText == null ? "" : msText.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return "Type the measured latency in milliseconds, e.g. 12.5 (got '" + msText + "')";
        }
        if (!(ms > 0) || Double.isInfinite(ms)) return "The measured latency must be a positive number of milliseconds";
        try {
            org.tinyfit.model.device.Calibration.solve(d, type, c.report().latencyTerms(), ms / 1000.0);
            return null;
        } catch (IllegalArgumentException e) {
            return Errors.describe(e);
        }
    }

    /** What a calibration of {@code type} on the current device changes, for the dialog. */
    public String calibrationScope(DataType type) {
        Device d = device.get();
        if (d == null) return "";
        Device cat = DevicesViewModel.catalogEntry(d.id());
        java.nio.file.Path f = devicesVm.userFile();
        return "Calibration sets " + d.id() + "'s " + type.macField() + " (now " + org.tinyfit.views.Formats.fixed(d.macPerCycle(type), 3)
                + (cat == null ? "" : ", catalog " + org.tinyfit.views.Formats.fixed(cat.macPerCycle(type), 3))
                + ") so that the cost model's latency of this plan equals the measurement. It changes the latency estimate of every plan"
                + " on this device, in this window and in later ones" + (f == null ? " (not saved: no configuration folder)." : ": it is saved to " + f + ".")
                + (cat == null ? "" : " Reset to catalog values undoes it.");
    }

    /** Puts the current device back to its catalog values (its calibration forgotten). */
    public void resetDevice() {
        Device d = device.get();
        if (d != null) devicesVm.resetToCatalog(d);
    }

    // ------------------------------------------------------------------ model

    private void modelLoaded(Network net, Path file) {
        network.set(net);
        modelFile = file;
        evalAttached = null;
        data.setModel(net);
        search.setDataSource(searchData());
        search.setModel(net, file);
        prediction.setModel(net);
        chartFeed.clear();
        chartContext();
        plans.reset(net);
        cache = net == null ? null : new ProjectionCache(net, 48);
        accuracy.setModel(net, file, cache);
        trained.setModel(net, file, evalData);
        matrixView.setModel(cache);
        cost.reset(net);
        CompressionPlan start = net == null ? CompressionPlan.none() : plans.editor().plan(); // the model as stored
        List<CompressionPlan> undo = List.of(), redo = List.of();
        SessionFile.Session s = pendingSession;
        pendingSession = null;
        String select = net == null ? null : plans.editor().defaultSelection();
        if (net != null && s != null && SessionPlans.sameFile(s.model(), file)) {
            try {
                SessionPlans.Restored r = SessionPlans.restore(s, net);
                start = r.plan();
                undo = r.undo();
                redo = r.redo();
                if (s.device() != null && !selectDevice(s.device())) {
                    message.set(new Message("The session's device '" + s.device() + "' is not in the catalog; keeping "
                            + (device.get() == null ? "none" : device.get().id()), true));
                }
                chartFeed.restore(s.history());
                if (r.selected() != null) select = r.selected();
                message.set(new Message("Session restored: " + (s.plan().isEmpty() ? "all dense" : s.plan()), false));
            } catch (RuntimeException e) {
                start = plans.editor().plan();
                undo = List.of();
                redo = List.of();
                message.set(new Message("The session's plan does not fit " + net.name() + ": " + Errors.describe(e), true));
            }
        }
        selectedMatrix.set(null);
        plans.start(start, undo, redo);
        selectedMatrix.set(select);
        if (net != null) {
            // the data the user attached to this model: the session's, else the last time's
            java.util.Map<String, String> attach = s != null && SessionPlans.sameFile(s.model(), file) && !s.data().isEmpty()
                    ? s.data() : main.rememberedData(file);
            for (DataViewModel.Role r : DataViewModel.Role.values()) {
                String arg = attach.get(r.id());
                if (arg != null) data.attach(r, arg);
            }
        }
    }

    /** An attached data set changed: accuracy is measured again on it, retraining uses it; remembered for the model. */
    private void dataChanged(DataViewModel.Role role, DataViewModel.Attached a) {
        Network net = network.get();
        if (net == null) return;
        if (role == DataViewModel.Role.EVAL) {
            evalAttached = a;
            chart.sessionSeries().points().clear(); // measured on the other evaluation set
            accuracy.setModel(net, modelFile, cache);
            PlanEditor e = plans.editor();
            accuracy.setStoredModel(e != null && e.isStoredModel());
            accuracy.request(plans.planProperty().get());
        }
        trained.setData(data.get(DataViewModel.Role.TRAIN), data.get(DataViewModel.Role.EVAL));
        search.setDataSource(searchData());
        if (modelFile != null) main.rememberData(modelFile, role.id(), a == null ? null : a.arg());
    }

    /**
     * Where a search takes its sets: the attached ones (each role on its own), else the sets the
     * model file names. Captured on the fx thread; read when a search starts.
     */
    private SearchViewModel.DataSource searchData() {
        DataViewModel.Attached tr = data.get(DataViewModel.Role.TRAIN), ev = data.get(DataViewModel.Role.EVAL);
        SearchViewModel.DataSource own = SearchViewModel.fromModelFile();
        if (tr == null && ev == null) return own;
        return (net, file) -> {
            if (tr != null && ev != null) return new SearchViewModel.Sets(tr.data(), ev.data(), tr.sha256() + "|" + ev.sha256());
            SearchViewModel.Sets o;
            try {
                o = own.load(net, file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("attach " + (tr == null ? "a training" : "an evaluation") + " set too: a search trains on one and measures on the other ("
                        + e.getMessage() + ")");
            }
            return tr != null ? new SearchViewModel.Sets(tr.data(), o.eval(), tr.sha256() + "|" + o.label())
                    : new SearchViewModel.Sets(o.train(), ev.data(), o.label() + "|" + ev.sha256());
        };
    }

    // ------------------------------------------------------------------- plan

    /** Replaces the plan (recorded for undo). */
    public void commit(CompressionPlan p) { plans.commit(p); }

    /** Parses, validates and applies a plan in the text form; an error is shown and nothing changes. */
    public boolean applyPlanText(String text) {
        if (network.get() == null) return false;
        String error = plans.applyText(text);
        if (error != null) {
            rejection = new Message("Invalid plan: " + Errors.firstLine(error), true);
            message.set(rejection);
        } else if (rejection != null && message.get() == rejection) {
            message.set(null); // the plan that was rejected has been corrected: its banner goes
        }
        return error == null;
    }

    public void undo() { plans.undo(); }

    public void redo() { plans.redo(); }

    /** After every plan change: the cost now, accuracy, trained results and pictures after their debounce. */
    private void planChanged(CompressionPlan p) {
        PlanEditor e = plans.editor();
        recomputeCost();
        accuracy.setStoredModel(e != null && e.isStoredModel());
        accuracy.request(p);
        trained.request(p);
        prediction.plan(p);
        requestPictures();
    }

    /** The plan editor of the loaded model under the current plan (null before a model is loaded). */
    public PlanEditor editor() { return plans.editor(); }

    /** A matrix's entry as the controls see it: the plan's, else the stored structure, else dense float32. */
    public MatrixPlan entryOf(String name) {
        return plans.editor() == null ? MatrixPlan.dense() : plans.editor().entryOf(name);
    }

    /** The plan with {@code name}'s entry replaced. */
    public CompressionPlan with(String name, MatrixPlan mp) {
        return plans.editor() == null ? plans.planProperty().get() : plans.editor().with(name, mp).plan();
    }

    private void edit(java.util.function.BiFunction<PlanEditor, String, PlanEditor> change) { plans.edit(change); }

    /** Switches the selected matrix to technique {@code id}, keeping the KP shape and bits where they carry over. */
    public void setTechnique(String id) { edit((e, m) -> e.technique(m, id)); }

    /** Steps the KP-like technique of the selected matrix to factor shape {@code index} of {@link MatrixSelection#shapes()}. */
    public void setShapeIndex(int index) { edit((e, m) -> e.shapeIndex(m, index)); }

    /**
     * The factor shapes the stepper walks through, as indices of {@link MatrixSelection#shapes()}: every shape with
     * {@code all}, else one per distinct (params, MACs) (B/C mirror shapes cost the same), the current one always.
     */
    public static List<Integer> shapeSteps(MatrixSelection s, boolean all) {
        List<Integer> out = new java.util.ArrayList<>();
        if (s == null || s.shapes() == null) return out;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < s.shapes().size(); i++) {
            var k = s.shapes().get(i);
            if (all || seen.add(k.params() + "/" + k.macs()) || i == s.shapeIndex()) out.add(i);
        }
        return out;
    }

    /** Whether the shape stepper walks through every factor shape (mirrors included) rather than distinct costs. */
    public BooleanProperty allShapesProperty() { return allShapes; }

    /**
     * Sets the selected KP-like matrix's factor shape from its B factor, as typed: "8x4", "8 x 4", "8×4".
     * Returns the error (null when applied).
     */
    public String setShapeText(String text) {
        MatrixSelection s = plans.selectionProperty().get();
        if (s == null || s.shapeIndex() < 0) return "select a matrix with a KP technique first";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,6})\\s*[x\u00d7X*,]\\s*(\\d{1,6})\\s*").matcher(text == null ? "" : text);
        if (!m.matches()) return "type B's shape as m1 x n1, e.g. 8x4";
        int m1 = Integer.parseInt(m.group(1)), n1 = Integer.parseInt(m.group(2));
        for (int i = 0; i < s.shapes().size(); i++) {
            var k = s.shapes().get(i);
            if (k.m1() == m1 && k.n1() == n1) {
                setShapeIndex(i);
                return null;
            }
        }
        var k = s.shape();
        return "B " + m1 + "\u00d7" + n1 + " is not a factor shape here: m1 must divide " + k.m() + " and n1 " + k.n()
                + " (and neither factor may be the whole matrix)";
    }

    /** Hybrid KP: dense rows r (snapped to the nearest legal value). */
    public void setHybridRank(int r) { edit((e, m) -> e.hybridRank(m, r)); }

    /** Doped KP: overlay density in (0, 1]. */
    public void setDensity(double d) { edit((e, m) -> e.density(m, d)); }

    /** Low rank r in 1..min(m, n). */
    public void setRank(int r) { edit((e, m) -> e.rank(m, r)); }

    /** Pruning sparsity in [0, 0.999]. */
    public void setSparsity(double sp) { edit((e, m) -> e.sparsity(m, sp)); }

    public void setBits(int bits) { edit((e, m) -> e.bits(m, bits)); }

    public void setActivations(Activations a) {
        if (plans.editor() != null) commit(plans.editor().activations(a).plan());
    }

    /** The selected matrix's settings on every RNN matrix (KP shapes adapted to each shape); says what each got. */
    public void applyToAllRnn() {
        MatrixSelection s = plans.selectionProperty().get();
        if (s == null || plans.editor() == null) return;
        Network net = network.get();
        if (net != null && net.rnnLayers().size() == 1) {
            message.set(new Message("The model has one RNN matrix, " + s.name() + ": there is no other to apply its settings to", false));
            return;
        }
        try {
            PlanEditor.Applied a = plans.editor().applyToAllRnn(s.name());
            commit(a.editor().plan());
            message.set(new Message("Applied to " + a.notes().size() + " RNN matrices: " + String.join("; ", a.notes()), false));
        } catch (RuntimeException e) {
            message.set(new Message("Could not apply to all RNN matrices: " + Errors.describe(e), true));
        }
    }

    private void requestPictures() {
        String name = selectedMatrix.get();
        if (name == null || network.get() == null) return;
        CompressionPlan p = plans.planProperty().get();
        Trained t = trained.trainedProperty().get();
        if (t == null) {
            matrixView.request(name, p.entry(name), p.activations() == Activations.INT8);
            return;
        }
        String what = t.source() == Trained.Source.ATLAS ? "trained (atlas " + t.file() + ")" : "retrained here, " + t.epochs() + " epochs";
        matrixView.request(name, p.entry(name), p.activations() == Activations.INT8,
                () -> trained.load(t).flatMap(n -> n.layerOfMatrix(name)).map(Layer::kernel).orElse(null), what);
    }

    // ------------------------------------------------------------------- cost

    private void recomputeCost() {
        Network net = network.get();
        Device d = device.get();
        if (net == null || d == null || plans.editor() == null) return;
        cost.recompute(plans.editor(), plans.textProperty().get(), d, c -> chartFeed.costed(c.planText(), c.report()),
                c -> updateCurrentPoint(), () -> net != network.get());
    }

    /** The chart's device, model and limits (the limit lines, the SRAM and latency axes, the fit marks). */
    private void chartContext() {
        Device d = device.get();
        chartFeed.context(network.get(), d);
        chart.limitsProperty().set(d == null ? null
                : new ChartViewModel.Limits(d.id(), d.flashBytes(), d.sramBytes(), latencyBudgetMs.get() / 1000.0));
    }

    private void updateFit() {
        CostViewModel.Costs c = cost.costsProperty().get();
        fit.set(c == null ? null : FitReport.of(c.report(), c.device(), latencyBudgetMs.get() / 1000.0));
    }

    /** The current plan's chart point: at its best trained accuracy when there is one, else at the projected one. */
    private void updateCurrentPoint() {
        CostViewModel.Costs c = cost.costsProperty().get();
        Trained t = trained.trainedProperty().get();
        if (c != null && !c.planText().equals(plans.textProperty().get())) t = null; // the trained result is of the new plan already
        chartFeed.current(c, accuracy.projectedProperty().get(), t);
    }

    // ------------------------------------------------------------------ chart

    /** A short label of a plan, e.g. "lstm kp:8x4,64x39/int8" ({@link PlanEditor#label}). */
    public static String label(CompressionPlan p) { return PlanEditor.label(p); }

    // ----------------------------------------------------------------- export

    /** Writes the C sources of the current plan into {@code dir}. */
    public void exportC(Path dir) { what().ifPresent(w -> exports.c(w, dir)); }

    /**
     * Writes the C sources into {@code parent/name} (the folder remembered for the next export) with {@code samples}
     * test vectors, from the trained weights of the plan when {@code trainedWeights} and there are any, else projected.
     */
    public void exportC(Path parent, String name, int samples, boolean trainedWeights) { exportC(parent, name, samples, trainedWeights, false); }

    /** As above; with {@code compileCheck} the C is compiled for the device's core and its sizes reported. */
    public void exportC(Path parent, String name, int samples, boolean trainedWeights, boolean compileCheck) {
        if (samples < 1 || samples > 1000) {
            message.set(new Message("Test vectors: between 1 and 1000 samples, got " + samples, true));
            return;
        }
        String folder = name == null || name.isBlank() ? defaultCFolder() : name.strip();
        if (!org.tinyfit.model.io.SafeNames.isPlainFileName(folder)) {
            message.set(new Message("The C folder's name must be a plain name (no path), got '" + folder + "'", true));
            return;
        }
        main.rememberExportDirectory(parent);
        what().ifPresent(w -> exports.c(trainedWeights ? w : new ExportActions.What(w.net(), w.modelFile(), w.plan(), w.device(), null,
                w.eval(), w.train()), parent.resolve(folder), samples, compileCheck));
    }

    /** Whether a C compiler is on the PATH (Export C offers its compile check and size report then). */
    public boolean compilerAvailable() { return CompileCheck.available(); }

    /** The folder a C export of the current plan goes into by default: "mnist-lstm-kp-8x4-64x39-c". */
    public String defaultCFolder() {
        Network net = network.get();
        String plan = plans.textProperty().get();
        String tag = plan == null || plan.isEmpty() ? "dense" : label(plans.planProperty().get()).replaceAll("^[^ ]* ", "");
        String name = (net == null ? "model" : net.name()) + "-" + tag + "-c";
        return name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-");
    }

    /** Whether the current plan has trained weights to export (an atlas variant or a retrain here). */
    public boolean hasTrainedWeights() { return trained.trainedProperty().get() != null; }

    /** Writes the model under the current plan (how it was made and its measured accuracy in its provenance) to {@code file}. */
    public void exportModel(Path file) { what().ifPresent(w -> exports.model(w, file)); }

    /** Writes the current plan's per-matrix cost table (estimates on the current device) to {@code file}. */
    public void exportCostTable(Path file) { what().ifPresent(w -> exports.costTable(w, file)); }

    /**
     * Exports the C of the current plan into {@code dir} with the bare-metal project for {@code core},
     * builds it and runs it on QEMU (off the fx thread); the report lands in {@link #targetReportProperty()}
     * and its verdict in the message bar. {@code fastNonlinear} builds with -DTINYFIT_FAST_NONLINEAR.
     */
    public void runOnTarget(Path dir, org.tinyfit.model.ontarget.Core core, boolean fastNonlinear) {
        what().ifPresent(w -> exports.onTarget(w, dir, core, fastNonlinear));
    }

    /** As {@link #runOnTarget(Path, org.tinyfit.model.ontarget.Core, boolean)} with the exact nonlinearities. */
    public void runOnTarget(Path dir, org.tinyfit.model.ontarget.Core core) { runOnTarget(dir, core, false); }

    /** The text of the last on-target check (empty before the first). */
    public ReadOnlyStringProperty targetReportProperty() { return exports.targetReportProperty(); }

    /** What an export works on now; empty (and a message) without a model or a device. */
    private java.util.Optional<ExportActions.What> what() {
        if (network.get() == null || device.get() == null) {
            message.set(new Message("Load a model (and pick a device) before exporting", true));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ExportActions.What(network.get(), modelFile, plans.planProperty().get(), device.get(),
                trained.trainedProperty().get(), data.get(DataViewModel.Role.EVAL), data.get(DataViewModel.Role.TRAIN)));
    }

    // ---------------------------------------------------------------- session

    /** The session as it stands (model, device, plan, undo/redo, explored points). */
    public SessionFile.Session session() {
        return SessionPlans.capture(modelFile, device.get() == null ? null : device.get().id(), plans.textProperty().get(),
                selectedMatrix.get(), plans.undoList(), plans.redoList(), chart.sessionSeries().points(), attachedData());
    }

    /** The data sets attached now, role to what the user named. */
    private java.util.Map<String, String> attachedData() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (DataViewModel.Role r : DataViewModel.Role.values()) if (data.get(r) != null) m.put(r.id(), data.get(r).arg());
        return m;
    }

    public void saveSession(Path file) {
        if (network.get() == null || modelFile == null) {
            message.set(new Message("Nothing to save: load a model first", true));
            return;
        }
        files.saveSession(session(), file);
    }

    /** Reads a session, loads its model (unless it is the one loaded) and restores plan, device and history. */
    public void openSession(Path file) {
        files.openSession(file, s -> {
            pendingSession = s;
            if (modelFile != null && network.get() != null && SessionPlans.sameFile(s.model(), modelFile)) modelLoaded(network.get(), modelFile);
            else main.openFile(s.model());
        });
    }

    /** Writes an image (a chart snapshot) as PNG off the fx thread; reports in the message bar. */
    public void savePng(javafx.scene.image.Image img, Path file) { files.savePng(img, file); }

    /** Shows a message in the window (views use it for their own failures, e.g. a PNG export). */
    public void post(String text, boolean error) {
        message.set(new Message(text, error));
    }

    public void dismissMessage() { message.set(null); }

    // ------------------------------------------------------------- properties

    public MainViewModel main() { return main; }

    public AccuracyViewModel accuracy() { return accuracy; }

    /** Data sets attached to the loaded model (evaluation, training). */
    public DataViewModel data() { return data; }

    /** The accuracy the window leads with (the best trained result, else the projected one). */
    public HeadlineAccuracy headline() { return headline; }

    public MatrixViewModel matrixView() { return matrixView; }

    public TrainedViewModel trained() { return trained; }

    /** Predicted trained accuracy of the current plan. */
    public PredictionViewModel prediction() { return prediction; }

    /** The Search tab's view model. */
    public SearchViewModel search() { return search; }

    public ChartViewModel chart() { return chart; }

    public ReadOnlyObjectProperty<Network> networkProperty() { return network.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CompressionPlan> planProperty() { return plans.planProperty(); }

    public CompressionPlan getPlan() { return plans.planProperty().get(); }

    /** The canonical text of the plan. */
    public ReadOnlyStringProperty planTextProperty() { return plans.textProperty(); }

    /** Why the last typed plan was rejected ("" when it was not). */
    public ReadOnlyStringProperty planErrorProperty() { return plans.errorProperty(); }

    public StringProperty selectedMatrixProperty() { return selectedMatrix; }

    public ReadOnlyObjectProperty<MatrixSelection> selectionProperty() { return plans.selectionProperty(); }

    public ObservableList<Device> devices() { return devicesVm.devices(); }

    public DevicesViewModel devicesViewModel() { return devicesVm; }

    public ObjectProperty<Device> deviceProperty() { return device; }

    /** The latency the model must meet (the latency bar's limit). */
    public DoubleProperty latencyBudgetMsProperty() { return latencyBudgetMs; }

    /** Cost estimates of the current plan on the current device (null until the first estimate). */
    public ReadOnlyObjectProperty<CostViewModel.Costs> costsProperty() { return cost.costsProperty(); }

    /** Whether the current plan fits the device and the latency budget, and why not (null until the first estimate). */
    public ReadOnlyObjectProperty<FitReport> fitProperty() { return fit.getReadOnlyProperty(); }

    /** Layer table rows under the current plan. */
    public ObservableList<LayerRow> layerRows() { return cost.layerRows(); }

    public ReadOnlyBooleanProperty canUndoProperty() { return plans.canUndoProperty(); }

    public ReadOnlyBooleanProperty canRedoProperty() { return plans.canRedoProperty(); }

    public ReadOnlyObjectProperty<Message> messageProperty() { return message.getReadOnlyProperty(); }

    public Settings settings() { return settings; }

    Executor fx() { return fx; }
}
