package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.load.ModelFiles;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit import FILE --out MODEL.tinyfit [--steps N] [--name NAME]}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert an ONNX (.onnx, from torch.onnx.export) or Keras (.h5) LSTM/GRU classifier into a .tinyfit model.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .onnx or .h5 file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "MODEL.tinyfit", description = "where to write the model")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "time steps, when the file leaves them open (a symbolic dimension)")
    Integer steps;

    @Option(names = "--name", paramLabel = "NAME", description = "model name (default: the file name without extension)")
    String name;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tinyfit")) throw new UserError("--out must name a .tinyfit file, got " + out);
        ModelFiles.Kind kind;
        try {
            kind = ModelFiles.kind(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (kind == ModelFiles.Kind.TINYFIT) throw new UserError(file + ": is already a TinyFit model; import reads .onnx (ONNX) and .h5 (Keras) files");
        Network net;
        try {
            net = ModelFiles.read(file, new ImportOptions(steps, name));
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean known = ModelFiles.ONNX_EXTENSIONS.stream().anyMatch(lower::endsWith) || ModelFiles.KERAS_EXTENSIONS.stream().anyMatch(lower::endsWith);
            String msg = e.getMessage() == null ? file + ": cannot read (" + e.getClass().getSimpleName() + ")" : e.getMessage();
            throw new UserError(known ? msg : msg + " (TinyFit imports .onnx (ONNX) and .h5 (Keras) files)");
        }
        try {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            TinyfitFile.write(net, out);
        } catch (IOException e) {
            throw new UserError(out + ": cannot write (" + e.getMessage() + ")");
        }
        PrintWriter o = spec.commandLine().getOut();
        var imp = net.provenance().imported();
        String from = kind == ModelFiles.Kind.ONNX ? "ONNX opset " + imp.opset() : "Keras";
        o.printf("imported  %s (%s, %s)%n", file.getFileName(), from, imp.producer());
        o.printf("model     %s: %d steps x %d features, %d classes%n", net.name(), net.steps(), net.features(), net.classes());
        String label = "layers";
        for (Layer l : net.layers()) {
            String detail = l instanceof RnnLayer r ? r.cell().id() + (r.linearBeforeReset() ? " (linear_before_reset)" : "")
                    : "dense" + (((DenseLayer) l).activation() == org.tinyfit.model.net.Activation.NONE ? "" : " " + ((DenseLayer) l).activation().id());
            o.printf("%-9s %-6s %-28s %d -> %d%n", label, l.name(), detail, l.inputSize(), l.outputSize());
            label = "";
        }
        o.printf("params    %,d%n", net.params());
        for (String n : imp.notes()) o.printf("note      %s%n", n);
        o.printf("wrote     %s%n", out);
        return 0;
    }
}
