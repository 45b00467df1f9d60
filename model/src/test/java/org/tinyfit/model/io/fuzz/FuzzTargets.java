package org.tinyfit.model.io.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyfit.model.plan.PlanJson;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.device.DeviceJson;
import org.tinyfit.model.io.DataFiles;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.PlanFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.io.keras.KerasImporter;
import org.tinyfit.model.io.onnx.OnnxImporter;

/**
 * One fuzz target per reader: any input must end in a model (or plan, device list, data set)
 * or in the reader's own exception with a one-line message that names the file. Anything else
 * (a NullPointerException, an OutOfMemoryError, a stack overflow, a multi-line message) is a
 * finding. Used by Jazzer ({@link ReaderFuzzTest}) and by the deterministic mutations of
 * {@link MutationRegressionTest}.
 */
final class FuzzTargets {
    /** The readers, by the name of their seed folder. */
    enum Target { tinyfit, dataset, npz, npy, csv, onnx, keras, devices, planText, planJson, planFile }

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("tinyfit-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private FuzzTargets() { }

    static void run(Target t, byte[] data) {
        try {
            switch (t) {
                case tinyfit -> TinyfitFile.read(file("m.tinyfit", data));
                case dataset -> DatasetFile.read(file("d.safetensors", data));
                case npz -> DataFiles.read(file("d.npz", data).toString(), DataFiles.Expect.ANY);
                case npy -> DataFiles.read(npyPair(data).toString(), DataFiles.Expect.ANY);
                case csv -> DataFiles.read(file("d.csv", data).toString(), DataFiles.Expect.ANY);
                case onnx -> onnx(data);
                case keras -> KerasImporter.read(file("k.h5", data));
                case devices -> DeviceJson.parse(data, "fuzz.json");
                // as the command line passes it (PlanFile.lines: line breaks separate entries)
                case planText -> PlanText.parse(PlanFile.lines(PlanFile.checkLength(new String(data, StandardCharsets.UTF_8))));
                case planJson -> PlanJson.read(new String(data, StandardCharsets.UTF_8));
                case planFile -> PlanFile.read(file("p.plan", data));
            }
        } catch (TinyfitFormatException e) {
            oneLine(e, t);
            String name = t == Target.onnx ? "fuzz.onnx" : DIR.toString();
            if (!e.getMessage().startsWith(name)) throw new AssertionError("message does not name the file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // plan and device parsers report bad input this way; the CLI adds the file name
            if (t != Target.devices && t != Target.planText && t != Target.planJson && t != Target.planFile) {
                throw new AssertionError(t + " leaked " + e, e);
            }
            oneLine(e, t);
        } catch (IOException e) {
            throw new AssertionError(t + ": an IOException that is not a TinyfitFormatException: " + e, e);
        }
    }

    /** Imports as given; a graph that leaves the steps open is imported again with 5 steps. */
    private static void onnx(byte[] data) throws IOException {
        try {
            OnnxImporter.read(data, Path.of("fuzz.onnx"), ImportOptions.DEFAULT);
        } catch (TinyfitFormatException e) {
            if (!e.getMessage().contains("--steps")) throw e;
            OnnxImporter.read(data, Path.of("fuzz.onnx"), new ImportOptions(5, null));
        }
    }

    private static void oneLine(Exception e, Target t) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) throw new AssertionError(t + ": exception without a message", e);
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) throw new AssertionError(t + ": message of more than one line: " + m, e);
    }

    /** A folder with the fuzzed x.npy beside a valid y.npy (the seeds' labels). */
    private static Path npyPair(byte[] x) throws IOException {
        Path d = Files.createDirectories(DIR.resolve("npy"));
        Files.write(d.resolve("x.npy"), x);
        try (var in = FuzzTargets.class.getResourceAsStream("/org/tinyfit/model/io/numpy/y.npy")) {
            Files.write(d.resolve("y.npy"), in.readAllBytes());
        }
        return d;
    }

    private static Path file(String name, byte[] data) throws IOException {
        Path p = DIR.resolve(name);
        Files.write(p, data);
        return p;
    }
}
