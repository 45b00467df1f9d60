package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyfit.app.Version;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.search.Journal;
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
import org.tinyfit.model.search.TrialExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit search MODEL --device ID [limits] [space] [--budget D | --trials N] [--out DIR] [--resume] [--json]}. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search for the most accurate compressed model that fits a device's flash, SRAM (and latency, energy):",
                "candidates over a limit are dropped before any training; short trainings of many, longer ones of the best",
                "(successive halving), new candidates proposed by a Gaussian process fitted on the trials (and the model's atlas).",
                "Every trained model is a .tinyfit in DIR with a row in DIR/atlas.csv; --resume continues a search that was stopped.",
                "Progress goes to stderr; the fronts and the best model that fits to stdout."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit (or .onnx / .h5) file or the name of a sample model")
    String model;

    @Option(names = "--device", paramLabel = "ID", required = true, description = "target device (see 'tinyfit devices')")
    String device;

    @Option(names = "--devices", paramLabel = "FILE", description = "extra device file(s) (JSON)")
    List<Path> deviceFiles;

    @Option(names = "--max-flash", paramLabel = "SIZE", description = "flash limit: bytes or 16KB, 1.5MB (KB = 1024 bytes); default the device's flash")
    String maxFlash;

    @Option(names = "--max-sram", paramLabel = "SIZE", description = "SRAM limit (as --max-flash); default the device's SRAM")
    String maxSram;

    @Option(names = "--max-latency", paramLabel = "MS", description = "latency limit per inference, ms (estimate)")
    Double maxLatency;

    @Option(names = "--max-energy", paramLabel = "MJ", description = "energy limit per inference, mJ (estimate)")
    Double maxEnergy;

    @Option(names = "--techniques", paramLabel = "LIST", split = ",", defaultValue = "kp,hkp,dkp,lmf,prune,small",
            description = "techniques to search: kp, hkp, dkp, lmf, prune, small, dense (default ${DEFAULT-VALUE})")
    List<String> techniques;

    @Option(names = "--bits", paramLabel = "LIST", split = ",", defaultValue = "32,8,4", description = "weight bit widths (default ${DEFAULT-VALUE})")
    List<Integer> bits;

    @Option(names = "--activations", paramLabel = "LIST", split = ",", defaultValue = "float32,int8", description = "activation types (default ${DEFAULT-VALUE})")
    List<String> activations;

    @Option(names = "--budget", paramLabel = "DURATION", description = "wall-time budget, e.g. 10m, 90s, 1h30m (running trials finish)")
    String budget;

    @Option(names = "--trials", paramLabel = "N", description = "trial budget (default 24 when no --budget)")
    Integer trials;

    @Option(names = "--budget-epochs", paramLabel = "N", description = "budget in epochs trained over all trials (to compare searches at equal cost)")
    Long budgetEpochs;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs of a full training (default: the model's own, else 10)")
    Integer epochs;

    @Option(names = "--min-epochs", paramLabel = "N", description = "epochs of the shortest trainings (default epochs/9, at least 1)")
    Integer minEpochs;

    @Option(names = "--eta", paramLabel = "N", defaultValue = "3", description = "successive halving: the best 1/N go on to N times the epochs (default ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01", description = "Adam peak learning rate of every trial (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the proposals and of every training (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--slots", paramLabel = "N", description = "trials run at once (default: 2 on 2 or more cores)")
    Integer slots;

    @Option(names = "--cluster", paramLabel = "HOST:PORT,...", description = "run the trials on a cluster of 'tinyfit worker's (default: in this process)")
    String cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "name of the cluster (default tinyfit; with --cluster)")
    String clusterName;

    @Option(names = "--random", description = "random search instead (uniform candidates, full trainings): the baseline to compare with")
    boolean random;

    @Option(names = "--data", paramLabel = "FILE", description = "training set: .safetensors, .npz (x, y), X.npy,Y.npy or a folder of them, or .csv; default: the model's")
    String data;

    @Option(names = "--eval", paramLabel = "FILE", description = "evaluation set (the forms of --data); default: the model's")
    String evalData;

    @Option(names = "--out", paramLabel = "DIR", description = "search folder: trained models, atlas.csv, journal (default search-MODEL)")
    Path out;

    @Option(names = "--resume", description = "continue the search in DIR (after a stop or a kill): finished trials are not trained again")
    boolean resume;

    @Option(names = "--json", description = "print every trial, the fronts and the best as JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private static final Pattern DURATION = Pattern.compile("(?i)([0-9]+)\\s*(h|m|s|ms)");

    /** Bytes of a size: a number of bytes, or with KB/MB (1024-based, as device sheets give flash and SRAM); {@link SizeText}. */
    static long size(String s, String option) {
        try {
            return SizeText.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }

    /** A duration like 10m, 90s, 1h30m. */
    static Duration duration(String s) {
        String t = s.replace(" ", "");
        Matcher m = DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            long v = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "h" -> Duration.ofHours(v);
                case "m" -> Duration.ofMinutes(v);
                case "s" -> Duration.ofSeconds(v);
                default -> Duration.ofMillis(v);
            });
            end = m.end();
        }
        if (end != t.length() || t.isEmpty() || d.isZero()) throw new UserError("--budget must be a duration like 10m, 90s or 1h30m, got '" + s + "'");
        return d;
    }

    @Override public Integer call() throws IOException {
        if ((budget != null ? 1 : 0) + (trials != null ? 1 : 0) + (budgetEpochs != null ? 1 : 0) > 1) {
            throw new UserError("give one of --budget, --trials and --budget-epochs");
        }
        if (budgetEpochs != null && budgetEpochs <= 0) throw new UserError("--budget-epochs must be positive, got " + budgetEpochs);
        if (trials != null && trials <= 0) throw new UserError("--trials must be positive, got " + trials);
        if (maxLatency != null && !(maxLatency > 0)) throw new UserError("--max-latency must be positive, got " + maxLatency);
        if (maxEnergy != null && !(maxEnergy > 0)) throw new UserError("--max-energy must be positive, got " + maxEnergy);
        if (clusterName != null && cluster == null) throw new UserError("--cluster-name needs --cluster");
        if (slots != null && (slots < 1 || slots > 1024)) throw new UserError("--slots must be 1-1024, got " + slots);
        Duration time = budget == null ? null : duration(budget);
        int maxTrials = budget == null && budgetEpochs == null ? (trials == null ? 24 : trials) : 0;
        Device dev = Devices.device(Devices.catalog(deviceFiles), device);
        long flash = maxFlash == null ? (long) dev.flashBytes() : size(maxFlash, "--max-flash");
        long sram = maxSram == null ? (long) dev.sramBytes() : size(maxSram, "--max-sram");
        Limits limits = new Limits(dev, flash, sram, maxLatency == null ? Double.POSITIVE_INFINITY : maxLatency,
                maxEnergy == null ? Double.POSITIVE_INFINITY : maxEnergy);
        Set<String> tech = new LinkedHashSet<>();
        for (String t : techniques) {
            String id = t.trim().toLowerCase(Locale.ROOT);
            if (!SearchConfig.ALL_TECHNIQUES.contains(id)) throw new UserError("--techniques: unknown technique '" + t + "' (kp, hkp, dkp, lmf, prune, small, dense)");
            tech.add(id);
        }
        List<Activations> acts = new ArrayList<>();
        for (String a : activations) {
            try {
                Activations x = Activations.parse(a.trim());
                if (!acts.contains(x)) acts.add(x);
            } catch (RuntimeException e) {
                throw new UserError("--activations: '" + a + "' is neither float32 nor int8");
            }
        }
        for (int b : bits) if (!((b >= 2 && b <= 8) || b == 16 || b == 32)) throw new UserError("--bits: " + b + " is not a bit width (2-8, 16 or 32)");

        Models.Loaded m = Models.load(model);
        Network base = m.net();
        int full = epochs != null ? epochs : base.provenance().epochs() != null && base.provenance().epochs() > 0 ? base.provenance().epochs() : 10;
        if (full < 1 || full > 10_000) throw new UserError("--epochs must be 1-10000, got " + full);
        int min = minEpochs != null ? minEpochs : Math.max(1, full / 9);
        if (min < 1 || min > full) throw new UserError("--min-epochs must be 1-" + full + ", got " + min);
        SearchConfig cfg;
        try {
            cfg = new SearchConfig(limits, tech, bits, acts, maxTrials, time, budgetEpochs == null ? 0 : budgetEpochs, min, full, eta, seed, lr, batch,
                    random ? SearchConfig.Strategy.RANDOM : SearchConfig.Strategy.MODEL_BASED);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Path dir = out != null ? out : Path.of(org.tinyfit.model.io.SafeNames.fileName("search-" + base.name(), ""));
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError(dir + ": is a file, not a folder");
        if (Files.exists(dir.resolve(Journal.FILE)) && !resume) {
            throw new UserError(dir + " holds a search already (" + Journal.FILE + "); pass --resume to continue it or another --out");
        }
        Models.Data trainData = Models.data(m, data, "train");
        Models.Data evalSet = Models.data(m, evalData, "eval");
        StreamingEvaluator.checkCompatible(base, trainData.set());
        StreamingEvaluator.checkCompatible(base, evalSet.set());
        Files.createDirectories(dir);
        PrintWriter err = spec.commandLine().getErr();
        SearchInputs inputs = SearchInputs.prepare(dir, base, trainData.set(), evalSet.set());
        // the model's atlas seeds the surrogate when its rows were measured on the same data
        List<Surrogate.Row> seedRows = List.of();
        Path atlasFile = m.file().toAbsolutePath().getParent().resolve(Atlas.FILE);
        if (data == null && evalData == null && Files.isRegularFile(atlasFile) && !atlasFile.getParent().equals(dir.toAbsolutePath().normalize())) {
            try {
                seedRows = Surrogate.rows(base, Atlas.read(atlasFile));
            } catch (IOException e) {
                err.println("note: " + atlasFile + " not read (" + e.getMessage() + "); the search starts without it");
            }
        }
        int n = slots != null ? slots : Math.min(2, Math.max(1, Runtime.getRuntime().availableProcessors()));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / n);
        long t0 = System.nanoTime();
        SearchOutcome o;
        try (TrialExecutor ex = cluster != null ? WorkerCommand.clusterExecutor(cluster, clusterName, slots, inputs.inputsBySha256())
                : new LocalTrialExecutor(new TrainingTrialRunner(Version.get(), threads), inputs.inputsBySha256(), n)) {
            Search search = new Search(base, inputs, cfg, ex, seedRows, new Progress(err, maxTrials, seedRows.size()));
            o = search.run();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? dir + ": " + e.getClass().getSimpleName() : e.getMessage());
        }
        err.printf(Locale.ROOT, "search %s: %d trials, %d epochs trained, %s%n", o.searchId(), o.trials().size(), o.epochsRun(),
                Progress.time(Duration.ofNanos(System.nanoTime() - t0)));
        err.flush();
        PrintWriter pw = spec.commandLine().getOut();
        if (json) pw.println(Json.write(json(o, dir, limits, base)));
        else text(pw, o, dir, limits);
        pw.flush();
        return 0;
    }

    private static Map<String, Object> trialJson(SearchTrial t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("key", t.key());
        j.put("plan", t.plan());
        j.put("technique", t.technique());
        j.put("epochs", t.epochs());
        j.put("rung", t.rung());
        j.put("state", t.state().id());
        if (t.done()) {
            j.put("accuracy", t.accuracy());
            j.put("accuracy_ci", List.of(t.ciLow(), t.ciHigh()));
            j.put("file", t.file());
        } else {
            j.put("message", t.message());
        }
        if (t.predicted() != null) {
            j.put("predicted_accuracy", t.predicted().mean());
            j.put("predicted_interval_90", List.of(t.predicted().low(), t.predicted().high()));
        }
        j.put("params", t.params());
        j.put("flash_bytes", t.flashBytes());
        j.put("sram_bytes", t.sramBytes());
        j.put("macs", t.macs());
        j.put("latency_ms", t.latencyMs());
        j.put("energy_mj", t.energyMj());
        j.put("train_seconds", t.seconds());
        j.put("reused", t.reused());
        return j;
    }

    private static Map<String, Object> json(SearchOutcome o, Path dir, Limits l, Network base) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("search", o.searchId());
        j.put("model", base.name());
        j.put("dir", dir.toString());
        j.put("device", l.device().id());
        Map<String, Object> lim = new LinkedHashMap<>();
        lim.put("flash_bytes", l.flashBytes());
        lim.put("sram_bytes", l.sramBytes());
        if (Double.isFinite(l.latencyMs())) lim.put("latency_ms", l.latencyMs());
        if (Double.isFinite(l.energyMj())) lim.put("energy_mj", l.energyMj());
        j.put("limits", lim);
        j.put("candidates", o.candidates());
        j.put("epochs_trained", o.epochsRun());
        j.put("cancelled", o.cancelled());
        j.put("exhausted", o.exhausted());
        j.put("trials", o.trials().stream().map(SearchCommand::trialJson).toList());
        j.put("front_flash", o.flashFront().stream().map(SearchCommand::trialJson).toList());
        j.put("front_latency", o.latencyFront().stream().map(SearchCommand::trialJson).toList());
        j.put("hypervolume_flash", o.flashHypervolume(l.flashBytes()));
        j.put("best", o.best() == null ? null : trialJson(o.best()));
        return j;
    }

    private static void text(PrintWriter pw, SearchOutcome o, Path dir, Limits l) {
        pw.printf(Locale.ROOT, "search %s in %s: %d trials (%d failed), %d candidates fit %s%n", o.searchId(), dir, o.trials().size(),
                o.trials().stream().filter(t -> t.state() == SearchTrial.State.FAILED).count(), o.candidates(), l.describe());
        pw.println();
        pw.println("Pareto front, accuracy vs flash (trained models that fit every limit):");
        table(pw, o.flashFront());
        pw.println();
        pw.println("Pareto front, accuracy vs latency:");
        table(pw, o.latencyFront());
        pw.println();
        if (o.best() == null) {
            pw.println("no trained model fits yet" + (o.cancelled() ? " (cancelled; --resume continues)" : ""));
            return;
        }
        SearchTrial b = o.best();
        pw.printf(Locale.ROOT, "best that fits: %s  accuracy %.2f%% (95%% CI %.2f-%.2f%%, %d epochs)  flash %,d B  SRAM %,d B  %.3f ms  %s%n",
                b.technique(), 100 * b.accuracy(), 100 * b.ciLow(), 100 * b.ciHigh(), b.epochs(), b.flashBytes(), b.sramBytes(), b.latencyMs(),
                b.plan());
        pw.printf(Locale.ROOT, "  %s%n", dir.resolve(b.file()));
        pw.printf(Locale.ROOT, "  export it: tinyfit export %s --format c --out DIR --device %s%n", dir.resolve(b.file()), l.device().id());
    }

    private static void table(PrintWriter pw, List<SearchTrial> ts) {
        if (ts.isEmpty()) {
            pw.println("  (none)");
            return;
        }
        pw.printf(Locale.ROOT, "  %-12s %8s %10s %10s %10s %6s  %s%n", "technique", "accuracy", "flash B", "SRAM B", "latency ms", "epochs", "plan");
        for (SearchTrial t : ts) {
            pw.printf(Locale.ROOT, "  %-12s %7.2f%% %,10d %,10d %10.3f %6d  %s%n", t.technique(), 100 * t.accuracy(), t.flashBytes(), t.sramBytes(),
                    t.latencyMs(), t.epochs(), t.plan());
        }
    }

    /** Progress lines on stderr. */
    private static final class Progress implements SearchListener {
        private final PrintWriter err;
        private final int budget;
        private final int seedRows;
        private int done;
        private SearchTrial best;

        Progress(PrintWriter err, int budget, int seedRows) {
            this.err = err;
            this.budget = budget;
            this.seedRows = seedRows;
        }

        @Override public void started(String id, int candidates, int enumerated, Map<String, Integer> droppedBy, String executor, List<Integer> rungs) {
            err.printf(Locale.ROOT, "search %s: %,d of %,d candidates fit (dropped before training: %s); %s; epochs per rung %s%s%n", id, candidates,
                    enumerated, droppedBy.isEmpty() ? "none" : droppedBy.toString().replaceAll("[{}]", ""), executor, rungs,
                    seedRows > 0 ? "; surrogate seeded with " + seedRows + " atlas rows" : "");
            err.flush();
        }

        @Override public void trial(SearchTrial t) {
            if (t.state() != SearchTrial.State.DONE && t.state() != SearchTrial.State.FAILED) return;
            done++;
            String head = budget > 0 ? String.format(Locale.ROOT, "[%d/%d]", done, budget) : String.format(Locale.ROOT, "[%d]", done);
            if (t.done()) {
                if (best == null || t.accuracy() > best.accuracy()) best = t;
                err.printf(Locale.ROOT, "%s %s %s, %d epochs: %.2f%%%s  flash %,d B%s%n", head, t.technique(), t.plan(), t.epochs(), 100 * t.accuracy(),
                        t.predicted() == null ? "" : String.format(Locale.ROOT, " (predicted %.1f%%, 90%% %.1f-%.1f)", 100 * t.predicted().mean(),
                                100 * t.predicted().low(), 100 * t.predicted().high()), t.flashBytes(), t.reused() ? "  (from the journal)" : "");
            } else {
                err.printf(Locale.ROOT, "%s %s %s, %d epochs: failed: %s%n", head, t.technique(), t.plan(), t.epochs(), t.message());
            }
            err.flush();
        }

        @Override public void progress(SearchListener.Progress p) {
            if (p.best() != null) {
                err.printf(Locale.ROOT, "  %d done, best that fits %.2f%% (%s, %,d B)%s%n", p.done(), 100 * p.best().accuracy(), p.best().technique(),
                        p.best().flashBytes(), p.eta() == null ? "" : ", ETA " + time(p.eta()));
                err.flush();
            }
        }

        static String time(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
