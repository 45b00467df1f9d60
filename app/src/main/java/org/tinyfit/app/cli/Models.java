package org.tinyfit.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.tinyfit.app.SampleModels;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.load.ModelFiles;
import org.tinyfit.model.net.Network;

/** Resolves and loads the MODEL and data arguments of CLI commands, turning failures into user errors. */
public final class Models {
    private Models() { }

    /** A model argument resolved to its file and loaded. */
    public record Loaded(String arg, Path file, Network net) { }

    /** MODEL is a path to a .tinyfit (or importable .onnx / .h5) file or the name of a sample model. */
    public static Path resolve(String arg) {
        Path p = Path.of(arg);
        if (Files.isRegularFile(p)) return p;
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
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? file + ": cannot read (" + e.getClass().getSimpleName() + ")" : e.getMessage());
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
            throw new UserError(p + ": no such file");
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? p + ": cannot read" : e.getMessage());
        }
    }
}
