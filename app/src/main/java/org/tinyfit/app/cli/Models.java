package org.tinyfit.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.tinyfit.app.SampleModels;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DataFiles;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.SafeNames;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.io.load.ModelFiles;
import org.tinyfit.model.net.Network;

/** Resolves and loads the MODEL and data arguments of CLI commands, turning failures into user errors. */
public final class Models {
    private Models() { }

    /** A model argument resolved to its file and loaded. */
    public record Loaded(String arg, Path file, Network net) { }

    /** MODEL is a path to a .tinyfit (or importable .onnx / .h5) file or the name of a sample model. */
    public static Path resolve(String arg) {
        Path p;
        try {
            p = Path.of(arg);
        } catch (InvalidPathException e) {
            throw new UserError(SafeNames.noSuchFile(arg) + " (" + e.getReason() + ")");
        }
        if (Files.isRegularFile(p)) return p;
        if (arg.indexOf('\uFFFD') >= 0) throw new UserError(SafeNames.noSuchFile(arg));
        var sample = SampleModels.find(arg);
        if (sample.isPresent()) return sample.get();
        String names = SampleModels.list().stream().map(org.tinyfit.views.SampleModel::name).collect(Collectors.joining(", "));
        throw new UserError("'" + arg + "' is neither a file nor a sample model"
                + (names.isEmpty() ? (org.tinyfit.app.AppServices.resolveHome().isPresent() ? " (the sample-models folder holds no models)"
                        : " (no sample-models folder found; set TINYFIT_HOME)") : " (sample models: " + names + ")"));
    }

    public static Loaded load(String arg) {
        Path file = resolve(arg);
        try {
            return new Loaded(arg, file, ModelFiles.read(file));
        } catch (NoSuchFileException e) {
            throw new UserError(SafeNames.noSuchFile(file.toString()));
        } catch (IOException e) {
            throw new UserError(message(file, e));
        }
    }

    /** The data set given by --data, or the model's eval set (relative to the model file). */
    public static Path dataPath(Loaded m, String dataArg, String role) {
        if (dataArg != null) return Path.of(dataArg);
        String rel = m.net().datasets().get(role);
        if (rel == null) throw new UserError("model '" + m.net().name() + "' names no " + role + " data set; pass --data FILE");
        Path parent = m.file().toAbsolutePath().getParent();
        return parent.resolve(rel);
    }

    public static Dataset loadData(Path p) {
        try {
            return DatasetFile.read(p);
        } catch (NoSuchFileException e) {
            throw new UserError(SafeNames.noSuchFile(p.toString()));
        } catch (IOException e) {
            throw new UserError(message(p, e));
        }
    }

    /**
     * A data set for a command: what the user gave with --data (any form {@link DataFiles}
     * reads, checked against the model) or the model's own {@code role} set.
     *
     * @param label how messages and JSON name it (what the user gave, or the model's file)
     * @param file  the one file it is, or null (a pair of .npy files, a folder)
     */
    public record Data(String label, Path file, Dataset set) {
        /** SHA-256 of its files, for provenance (read when asked: only training records it). */
        public String sha256() {
            try {
                return file != null ? DatasetFile.sha256(file) : DataFiles.sha256(label);
            } catch (IOException e) {
                throw new UserError(message(file != null ? file : DataFiles.files(label).get(0), e));
            }
        }
    }

    public static Data data(Loaded m, String dataArg, String role) {
        if (dataArg == null) {
            Path p = dataPath(m, null, role);
            return new Data(p.toString(), p, loadData(p));
        }
        Network net = m.net();
        try {
            Dataset d = DataFiles.read(dataArg, new DataFiles.Expect(net.steps(), net.features(), net.classes()));
            List<Path> fs = DataFiles.files(dataArg);
            return new Data(dataArg, fs.size() == 1 ? fs.get(0) : null, d);
        } catch (NoSuchFileException e) {
            throw new UserError(SafeNames.noSuchFile(e.getFile() == null ? dataArg : e.getFile()));
        } catch (IOException e) {
            throw new UserError(message(DataFiles.files(dataArg).get(0), e));
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserError(SafeNames.noSuchFile(dataArg) + " (" + e.getReason() + ")");
        }
    }

    /**
     * One line that names the file: the reader's message when it names the file (every
     * TinyFit reader's does), else the file and what went wrong (a bare "Is a directory" or
     * "Unexpected end of ZLIB input stream" from the JDK).
     */
    static String message(Path file, IOException e) {
        String m = e.getMessage();
        if (e instanceof TinyfitFormatException && m != null) return m;
        String why = m == null ? e.getClass().getSimpleName() : m.startsWith(file.toString()) ? m.substring(file.toString().length()).replaceFirst("^:\\s*", "") : m;
        if (Files.isDirectory(file)) return file + ": is a folder, not a file";
        return file + ": cannot read (" + why.lines().findFirst().orElse(why) + ")";
    }
}
