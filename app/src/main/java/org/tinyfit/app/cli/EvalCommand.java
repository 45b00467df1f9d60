package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.net.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit eval MODEL [--data FILE] [--limit N] [--json]}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure a model's accuracy on a data set (its eval set by default), with a 95%% Wilson interval.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--data", paramLabel = "FILE", description = "data set (.safetensors); default: the model's eval set")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "evaluate only the first N samples of the data set")
    Integer limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        if (limit != null && limit <= 0) throw new UserError("--limit must be positive, got " + limit);
        Models.Loaded m = Models.load(model);
        Network net = m.net();
        Path dataPath = Models.dataPath(m, data, "eval");
        Dataset ds = Models.loadData(dataPath);
        if (limit != null) ds = ds.head(limit);
        StreamingEvaluator.checkCompatible(net, ds);
        EvalProgress r = new StreamingEvaluator().evaluate(net, ds, null, () -> false);
        PrintWriter out = spec.commandLine().getOut();
        String kind = "as-stored";
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", net.name());
            o.put("params", net.params());
            o.put("accuracy", r.accuracy());
            o.put("accuracy_ci", List.of(r.ciLow(), r.ciHigh()));
            o.put("samples", r.count());
            o.put("accuracy_kind", kind);
            o.put("data", dataPath.toString());
            out.println(Json.write(o));
        } else {
            out.printf("model     %s (%,d params)%n", net.name(), net.params());
            out.printf("data      %s (%d samples)%n", dataPath, r.count());
            out.printf("accuracy  %.2f%%  (95%% CI %.2f-%.2f%%, measured on %d samples, weights as stored)%n",
                    100 * r.accuracy(), 100 * r.ciLow(), 100 * r.ciHigh(), r.count());
        }
        return 0;
    }
}
