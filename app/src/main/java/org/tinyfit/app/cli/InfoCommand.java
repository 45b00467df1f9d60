package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit info MODEL [--json]}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's layers, weight matrices, parameters, data sets and provenance.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        Models.Loaded m = Models.load(model);
        Network net = m.net();
        PrintWriter out = spec.commandLine().getOut();
        long total = net.params();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", net.name());
            o.put("file", m.file().toString());
            o.put("steps", net.steps());
            o.put("features", net.features());
            o.put("classes", net.classes());
            o.put("class_names", net.classNames());
            o.put("params", total);
            List<Map<String, Object>> layers = new ArrayList<>();
            for (Layer l : net.layers()) {
                Map<String, Object> lo = new LinkedHashMap<>();
                lo.put("name", l.name());
                lo.put("type", l.typeId());
                lo.put("input", l.inputSize());
                lo.put("output", l.outputSize());
                lo.put("matrix", l.kernelName());
                lo.put("shape", List.of(l.kernel().rows(), l.kernel().cols()));
                lo.put("params", l.params());
                lo.put("share", total == 0 ? 0 : (double) l.params() / total);
                layers.add(lo);
            }
            o.put("layers", layers);
            o.put("datasets", datasets(m));
            o.put("metadata", net.metadata());
            o.put("provenance", net.provenance().toMap());
            out.println(Json.write(o));
            return 0;
        }
        out.printf("model     %s%n", net.name());
        out.printf("file      %s%n", m.file());
        out.printf("input     %d steps x %d features; %d classes%n", net.steps(), net.features(), net.classes());
        out.printf("params    %,d%n%n", total);
        out.printf("%-10s %-9s %-12s %-11s %10s %7s%n", "layer", "type", "matrix", "shape", "params", "share");
        for (Layer l : net.layers()) {
            String type = l.typeId();
            if (l instanceof RnnLayer r && r.linearBeforeReset()) type += "*";
            out.printf("%-10s %-9s %-12s %-11s %,10d %6.1f%%%n", l.name(), type, l.kernelName(),
                    l.kernel().rows() + "x" + l.kernel().cols(), l.params(), 100.0 * l.params() / total);
        }
        if (net.rnnLayers().stream().anyMatch(RnnLayer::linearBeforeReset)) out.println("* GRU with linear_before_reset");
        out.println();
        Map<String, Object> ds = datasets(m);
        if (ds.isEmpty()) out.println("data sets (none named)");
        for (var e : ds.entrySet()) {
            @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) e.getValue();
            out.printf("data      %-6s %s%s%n", e.getKey(), d.get("file"), Boolean.TRUE.equals(d.get("exists")) ? "" : "  (missing)");
        }
        if (!net.provenance().isEmpty()) {
            out.println();
            out.println("provenance");
            for (var e : net.provenance().toMap().entrySet()) out.printf("  %-16s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }

    private static Map<String, Object> datasets(Models.Loaded m) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path parent = m.file().toAbsolutePath().getParent();
        for (var e : m.net().datasets().entrySet()) {
            Map<String, Object> d = new LinkedHashMap<>();
            Path p = parent.resolve(e.getValue());
            d.put("file", e.getValue());
            d.put("exists", Files.isRegularFile(p));
            out.put(e.getKey(), d);
        }
        return out;
    }
}
