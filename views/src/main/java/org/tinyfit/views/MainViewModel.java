package org.tinyfit.views;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tinyfit.model.net.Network;

/**
 * State of the main window: sample models, the loaded network and its layer
 * table, status, busy flag and the last error. Holds no {@code Node}s.
 *
 * <p>All methods and properties belong to the FX thread (or whatever
 * {@code fx} executor the caller injects). Loading runs on the {@code background}
 * executor; the newest load wins: starting a load cancels the previous one and
 * a stale result is dropped. A result is published in one {@code fx} step.
 */
public final class MainViewModel {
    /** Shown in the status bar: which numbers are stored and which are estimates (docs/COST_MODEL.md). */
    public static final String NUMBERS_NOTE = "params: exact \u00b7 cost: estimates \u00b7 accuracy: measured";

    private final SampleCatalog catalog;
    private final ModelLoader loader;
    private final Executor fx;
    private final RecentFiles recentStore;

    private final ObservableList<SampleModel> samples = FXCollections.observableArrayList();
    private final ObjectProperty<SampleModel> selectedSample = new SimpleObjectProperty<>(this, "selectedSample");
    private final ReadOnlyObjectWrapper<Network> network = new ReadOnlyObjectWrapper<>(this, "network");
    private final ReadOnlyObjectWrapper<Path> modelPath = new ReadOnlyObjectWrapper<>(this, "modelPath");
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ReadOnlyLongWrapper totalParams = new ReadOnlyLongWrapper(this, "totalParams");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyStringWrapper modelDescription = new ReadOnlyStringWrapper(this, "modelDescription", "");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "Ready");
    private final ReadOnlyStringWrapper numbersNote = new ReadOnlyStringWrapper(this, "numbersNote", NUMBERS_NOTE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<LoadError> lastError = new ReadOnlyObjectWrapper<>(this, "lastError");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();

    private final LatestTaskLane loads;
    private final LatestTaskLane scans;
    private boolean adjustingSelection;

    /** Publishes on the JavaFX application thread. */
    public MainViewModel(SampleCatalog catalog, ModelLoader loader, Executor background, RecentFiles recent) {
        this(catalog, loader, background, Platform::runLater, recent);
    }

    /**
     * @param background runs loads and catalog scans
     * @param fx         publishes results; must be the thread that owns this view model
     */
    public MainViewModel(SampleCatalog catalog, ModelLoader loader, Executor background, Executor fx, RecentFiles recent) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.loader = Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(background, "background");
        this.fx = Objects.requireNonNull(fx, "fx");
        this.recentStore = recent == null ? RecentFiles.none() : recent;
        this.loads = LatestTaskLane.concurrent("model load", background, fx);
        this.scans = new LatestTaskLane("sample scan", background, fx);
        recentFiles.setAll(recentStore.recent());
        selectedSample.addListener((obs, old, s) -> {
            if (!adjustingSelection && s != null) load(s.path(), s.name(), false);
        });
    }

    // ---- actions ----

    /** Lists the sample models off the FX thread and publishes them. */
    public void refreshSamples() {
        refreshSamples(null);
    }

    /**
     * Lists the sample models and, when nothing is loaded or loading by then, loads the
     * sample named {@code startSample} (the window's first model; null or absent: none).
     */
    public void refreshSamples(String startSample) {
        scans.<List<SampleModel>>submit(0, ctx -> List.copyOf(catalog.samples()), new LatestTaskLane.Sink<List<SampleModel>>() {
            @Override public void done(List<SampleModel> list) {
                samples.setAll(list);
                if (startSample != null && network.get() == null && !busy.get()) {
                    SampleModel first = list.stream().filter(m -> m.name().equals(startSample)).findFirst().orElse(null);
                    if (first != null) {
                        loadSample(first);
                        return;
                    }
                }
                if (network.get() == null && !busy.get()) {
                    statusText.set(list.isEmpty()
                            ? "No sample models found \u2014 use Open\u2026 to load a .tinyfit file"
                            : list.size() + (list.size() == 1 ? " sample model" : " sample models") + " available");
                }
            }

            @Override public void failed(String message) { statusText.set("Could not list sample models: " + message); }
        });
    }

    /** Selects and loads a sample (same as choosing it in the picker). */
    public void loadSample(SampleModel s) {
        if (Objects.equals(selectedSample.get(), s)) load(s.path(), s.name(), false);
        else selectedSample.set(s);
    }

    /** Loads a file chosen by the user; remembers its folder, and the file once it loads. */
    public void openFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getParent() != null) recentStore.setLastDirectory(abs.getParent());
        SampleModel match = sampleFor(abs);
        setSelectionQuietly(match);
        load(abs, match != null ? match.name() : fileLabel(abs), true);
    }

    /** Folder to start the Open dialog in, if one is remembered and still exists. */
    public java.util.Optional<Path> lastDirectory() { return recentStore.lastDirectory(); }

    private void load(Path path, String label, boolean remember) {
        busy.set(true);
        statusText.set("Loading " + label + "\u2026");
        loads.<Loaded>submit(0, ctx -> {
            Network net = loader.load(path);
            if (net == null) throw new IllegalStateException("the reader returned no model");
            return new Loaded(path, net, LayerRow.of(net), net.params(), describe(net));
        }, new LatestTaskLane.Sink<Loaded>() {
            @Override public void done(Loaded ok) { publish(path, label, remember, ok, null); }

            @Override public void failed(String message) { publish(path, label, remember, null, message); }
        });
    }

    /** Publishes a finished load (the lane drops superseded ones) in one fx step. */
    private void publish(Path path, String label, boolean remember, Loaded ok, String error) {
        busy.set(false);
        if (ok != null) {
            // One step, in a fixed order: the labels first, then the network, whose listeners
            // (the explorer, the layer table) react last. Whoever sees the network or its rows
            // therefore sees every label of the same load; nothing shows half of a load.
            modelPath.set(ok.path());
            modelName.set(ok.network().name());
            modelDescription.set(ok.description());
            totalParams.set(ok.total());
            lastError.set(null);
            statusText.set("Loaded " + ok.network().name() + " from " + fileLabel(path));
            if (remember) recentFiles.setAll(recentStore.add(path));
            layers.setAll(ok.rows());
            network.set(ok.network());
        } else {
            statusText.set("Could not load " + label + ": " + Errors.firstLine(error));
            setSelectionQuietly(modelPath.get() == null ? null : sampleFor(modelPath.get()));
            lastError.set(new LoadError(path, error));
        }
    }

    private void setSelectionQuietly(SampleModel s) {
        adjustingSelection = true;
        try {
            selectedSample.set(s);
        } finally {
            adjustingSelection = false;
        }
    }

    private SampleModel sampleFor(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (SampleModel s : samples) {
            if (s.path().toAbsolutePath().normalize().equals(abs)) return s;
        }
        return null;
    }

    private static String fileLabel(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    private static String describe(Network net) {
        StringBuilder sb = new StringBuilder();
        var rnn = net.rnnLayers();
        if (!rnn.isEmpty()) {
            sb.append(rnn.get(0).cell().name()).append(rnn.size() > 1 ? " \u00d7" + rnn.size() : "").append(" \u00b7 ");
        }
        sb.append(net.steps()).append(" steps \u00d7 ").append(net.features()).append(" features \u2192 ")
                .append(net.classes()).append(net.classes() == 1 ? " class" : " classes");
        return sb.toString();
    }

    private record Loaded(Path path, Network network, List<LayerRow> rows, long total, String description) { }

    // ---- properties ----

    public ObservableList<SampleModel> samples() { return samples; }

    public ObjectProperty<SampleModel> selectedSampleProperty() { return selectedSample; }

    public ReadOnlyObjectProperty<Network> networkProperty() { return network.getReadOnlyProperty(); }

    public Network getNetwork() { return network.get(); }

    public ReadOnlyObjectProperty<Path> modelPathProperty() { return modelPath.getReadOnlyProperty(); }

    /** Layer table rows of the loaded network (read-only list). */
    public ObservableList<LayerRow> layers() { return layersView; }

    public ReadOnlyLongProperty totalParamsProperty() { return totalParams.getReadOnlyProperty(); }

    public ReadOnlyStringProperty modelNameProperty() { return modelName.getReadOnlyProperty(); }

    /** E.g. "LSTM · 49 steps × 10 features → 12 classes". */
    public ReadOnlyStringProperty modelDescriptionProperty() { return modelDescription.getReadOnlyProperty(); }

    public ReadOnlyStringProperty statusTextProperty() { return statusText.getReadOnlyProperty(); }

    public ReadOnlyStringProperty numbersNoteProperty() { return numbersNote.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    public boolean isBusy() { return busy.get(); }

    /** The last failed load, or null after a successful one. A new failure is a new object. */
    public ReadOnlyObjectProperty<LoadError> lastErrorProperty() { return lastError.getReadOnlyProperty(); }

    /** The folder the last C export went into (its parent), else the last folder of Open. */
    public java.util.Optional<Path> lastExportDirectory() {
        java.util.Optional<Path> p = recentStore.lastExportDirectory();
        return p.isPresent() ? p : recentStore.lastDirectory();
    }

    public void rememberExportDirectory(Path dir) { recentStore.setLastExportDirectory(dir); }

    /** The data sets attached to {@code model} the last time, role to what the user named. */
    public java.util.Map<String, String> rememberedData(Path model) { return recentStore.data(model); }

    /** Remembers (null: forgets) a data set attached to {@code model}. */
    public void rememberData(Path model, String role, String arg) { recentStore.setData(model, role, arg); }

    /** Recently opened files, most recent first. */
    public ObservableList<Path> recentFiles() { return recentFiles; }
}
