package org.tinyfit.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.explorer.EvalData;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.MainViewModel;
import org.tinyfit.views.ModelLoader;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleCatalog;
import org.tinyfit.views.SampleModel;

/**
 * The services the window needs: the sample catalog, the model reader, the
 * worker pool and the recent-files store.
 *
 * <p>The model reader is pluggable. The default is {@link #FILE_READER}
 * ({@code ModelFiles::read}: .tinyfit files, and .onnx / .h5 files imported in
 * memory); {@link #setDefaultLoader(ModelLoader)} replaces it. An instance
 * delegates to the default loader at load time unless it got its own through a
 * constructor or {@link #setLoader}.
 *
 * <p>Sample models live in {@code HOME/sample-models/NAME/NAME.tinyfit}; HOME is
 * the system property {@code tinyfit.home}, else the environment variable
 * {@code TINYFIT_HOME}, else the working directory or the nearest parent that
 * holds a {@code sample-models} folder, else the folder of the application's jar or
 * the nearest parent holding one (the installed app, see {@link #homeOfJar}).
 */
public final class AppServices implements AutoCloseable {
    public static final String HOME_PROPERTY = "tinyfit.home";
    public static final String HOME_ENV = "TINYFIT_HOME";
    public static final String SAMPLES_DIR = "sample-models";
    public static final String EXTENSION = ".tinyfit";

    /** The default loader: reads .tinyfit files and imports .onnx and .h5 (Keras) files in memory. */
    public static final ModelLoader FILE_READER = org.tinyfit.model.io.load.ModelFiles::read;

    private static volatile ModelLoader defaultLoader = FILE_READER;

    private final SampleCatalog catalog;
    private final RecentFiles recentFiles;
    private final ScheduledExecutorService executor;
    private final java.util.concurrent.ExecutorService trainExecutor;
    private org.tinyfit.model.explore.TrainedCache trainedCache = org.tinyfit.model.explore.TrainedCache.userDefault();
    private volatile ModelLoader loader;
    private Callable<DeviceCatalog> deviceCatalog = () -> DeviceCatalog.loadDefault(List.of());
    private final EvalData evalData = EvalData.fromModelFile();
    private ExplorerViewModel.Settings explorerSettings = ExplorerViewModel.Settings.defaults(DeviceCatalog.defaultConfigDir());

    /** The sample the window opens with when nothing else is loaded: the keyword spotter. */
    public static final String START_SAMPLE = "kws-lstm";

    private String startSample;

    /** Home from the system property, environment or working directory; default loader; user preferences; starts on {@link #START_SAMPLE}. */
    public AppServices() {
        this(() -> scanSamples(resolveHome().orElse(null)), null, RecentFiles.userDefault());
        this.startSample = START_SAMPLE;
    }

    /** The sample the window loads on start (null: none, the default for the other constructors). */
    public String startSample() { return startSample; }

    public void setStartSample(String name) { this.startSample = name; }

    /** Samples under {@code home/sample-models}; {@code loader} null means the default loader. */
    public AppServices(Path home, ModelLoader loader, RecentFiles recentFiles) {
        this(() -> scanSamples(home), loader, recentFiles);
    }

    /**
     * @param loader null means "whatever {@link #getDefaultLoader()} is at load time"
     */
    public AppServices(SampleCatalog catalog, ModelLoader loader, RecentFiles recentFiles) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.loader = loader;
        this.recentFiles = recentFiles == null ? RecentFiles.none() : recentFiles;
        AtomicInteger n = new AtomicInteger();
        // three threads: accuracy and matrix pictures each hold at most one (their lanes are serial),
        // so the cost model, loads and file work always find a free one without waiting
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(3, r -> {
            Thread t = new Thread(r, "tinyfit-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true); // debounced tasks that a newer one replaced leave the queue
        this.executor = pool;
        // retraining runs for seconds to minutes: its own thread, so the pool above never waits for it
        this.trainExecutor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tinyfit-train");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    // ---- the model reader ----

    /** Installs the reader every instance without its own loader uses (e.g. {@code TinyfitFile::read}). */
    public static void setDefaultLoader(ModelLoader l) {
        defaultLoader = Objects.requireNonNull(l, "loader");
    }

    public static ModelLoader getDefaultLoader() { return defaultLoader; }

    /** Gives this instance its own reader; null goes back to the default loader. */
    public void setLoader(ModelLoader l) { this.loader = l; }

    /** A loader that asks this instance's current reader at call time. */
    public ModelLoader loader() {
        return this::load;
    }

    private Network load(Path p) throws Exception {
        ModelLoader l = loader;
        return (l != null ? l : defaultLoader).load(p);
    }

    // ---- the rest ----

    public SampleCatalog catalog() { return catalog; }

    public RecentFiles recentFiles() { return recentFiles; }

    /** The one worker pool (three daemon threads) for loads, cost, projections and evaluations; it also schedules debounces. */
    public ScheduledExecutorService executor() { return executor; }

    /** A view model wired to these services; it publishes on the FX thread. */
    public MainViewModel createMainViewModel() {
        return new MainViewModel(catalog, loader(), executor, recentFiles);
    }

    /** The explorer over a main view model; devices from the built-in catalog and the user's device file. */
    public ExplorerViewModel createExplorer(MainViewModel main) {
        return new ExplorerViewModel(main, deviceCatalog, evalData, executor, javafx.application.Platform::runLater, explorerSettings,
                new org.tinyfit.views.explorer.Retraining(trainedCache, trainExecutor, Version.get()));
    }

    /** Where retrained models are cached (default {@link org.tinyfit.model.explore.TrainedCache#userDefault()}; tests use a temporary folder). */
    public void setTrainedCache(org.tinyfit.model.explore.TrainedCache c) { trainedCache = Objects.requireNonNull(c); }

    public org.tinyfit.model.explore.TrainedCache trainedCache() { return trainedCache; }

    /** Where the device catalog comes from (default: built-in + the user config folder's devices.json). */
    public void setDeviceCatalog(Callable<DeviceCatalog> c) { deviceCatalog = Objects.requireNonNull(c); }


    public void setExplorerSettings(ExplorerViewModel.Settings s) { explorerSettings = Objects.requireNonNull(s); }

    @Override public void close() {
        executor.shutdownNow();
        trainExecutor.shutdownNow();
    }

    // ---- sample models ----

    /** HOME per the system property, environment and working directory (see the class comment). */
    public static Optional<Path> resolveHome() {
        Optional<Path> h = resolveHome(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV), Path.of("").toAbsolutePath());
        if (h.isPresent()) return h;
        // installed app: sample-models/ sits beside (or above) the application's jars
        try {
            return homeOfJar(Path.of(AppServices.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The folder beside or above {@code jar} that holds {@code sample-models/}: in the jpackage
     * app-image and the .deb ({@code installer/build.sh}) the jar is {@code lib/app/tinyfit-app.jar}
     * and the samples are {@code lib/app/sample-models}; in a source tree the jar is
     * {@code app/target/tinyfit-app.jar} and the samples are two folders up.
     */
    public static Optional<Path> homeOfJar(Path jar) {
        Path dir = jar == null ? null : jar.toAbsolutePath().getParent();
        return dir == null ? Optional.empty() : resolveHome(null, null, dir);
    }

    /**
     * The first of {@code property}, {@code env}, {@code cwd} and the parents of {@code cwd}
     * that is a folder holding {@code sample-models/}.
     */
    public static Optional<Path> resolveHome(String property, String env, Path cwd) {
        List<Path> candidates = new ArrayList<>();
        addIfSet(candidates, property);
        addIfSet(candidates, env);
        for (Path p = cwd == null ? null : cwd.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            candidates.add(p);
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve(SAMPLES_DIR))) return Optional.of(c);
        }
        return Optional.empty();
    }

    private static void addIfSet(List<Path> out, String s) {
        if (s == null || s.isBlank()) return;
        try {
            out.add(Path.of(s.strip()).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException ignored) {
            // not a path: skip it
        }
    }

    /**
     * Every {@code home/sample-models/NAME/NAME.tinyfit}, sorted by name; empty when
     * {@code home} is null or has no sample-models folder.
     */
    public static List<SampleModel> scanSamples(Path home) throws IOException {
        if (home == null) return List.of();
        Path dir = home.resolve(SAMPLES_DIR);
        if (!Files.isDirectory(dir)) return List.of();
        List<SampleModel> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path sub : (Iterable<Path>) s::iterator) {
                if (!Files.isDirectory(sub)) continue;
                String name = sub.getFileName().toString();
                Path file = sub.resolve(name + EXTENSION);
                if (Files.isRegularFile(file)) out.add(new SampleModel(name, file.toAbsolutePath().normalize()));
            }
        }
        out.sort(Comparator.comparing(SampleModel::name, String.CASE_INSENSITIVE_ORDER));
        return List.copyOf(out);
    }
}
