package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.explore.PlanEditor;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.net.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit eval MODEL [--plan PLAN] [--device ID] [--data FILE] [--limit N] [--json]}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure a model's accuracy on a data set (its eval set by default), with a 95%% Wilson interval,",
                "and estimate its cost on a device. With --plan the plan is applied by projection, without retraining",
                "(accuracy_kind 'projected'); cost numbers are estimates from the cost model."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--plan", paramLabel = "PLAN", description = "compression plan (text form, or a .json/.plan file); matrices it does not name stay as stored")
    String plan;

    @Option(names = "--device", paramLabel = "ID", description = "target device for the cost estimate (default " + Devices.DEFAULT_DEVICE + "; see 'tinyfit devices')")
    String device;

    @Option(names = "--devices", paramLabel = "FILE", description = "extra device file(s) (JSON)")
    List<Path> deviceFiles;

    @Option(names = "--data", paramLabel = "FILE", description = "data set: .safetensors, .npz (x, y), X.npy,Y.npy or a folder of them, or .csv (label, then features); default: the model's eval set")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "evaluate only the first N samples of the data set")
    Integer limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        if (limit != null && limit <= 0) throw new UserError("--limit must be positive, got " + limit);
        Models.Loaded m = Models.load(model);
        Network stored = m.net();
        Device dev = Devices.device(Devices.catalog(deviceFiles), device);
        // the plan as the window edits it: the stored model unless --plan changes it; costed as the effective plan
        PlanEditor editor = plan == null ? PlanEditor.of(stored) : PlanEditor.of(stored).withPlan(Plans.parse(plan, stored));
        CompressionPlan p = plan == null ? null : editor.plan();
        Network net = p == null ? stored : Compressor.apply(stored, p);
        CompressionPlan effective = editor.effectivePlan();
        CostReport cost = CostModel.estimate(stored, effective, dev, CostOptions.DEFAULT);
        Models.Data given = Models.data(m, data, "eval");
        Dataset ds = given.set();
        if (limit != null) ds = ds.head(limit);
        StreamingEvaluator.checkCompatible(net, ds);
        EvalProgress r = new StreamingEvaluator().evaluate(net, ds, null, () -> false);
        PrintWriter out = spec.commandLine().getOut();
        String kind = p == null ? "as-stored" : "projected";
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", stored.name());
            o.put("params", cost.params());
            o.put("accuracy", r.accuracy());
            o.put("accuracy_ci", List.of(r.ciLow(), r.ciHigh()));
            o.put("samples", r.count());
            o.put("accuracy_kind", kind);
            o.put("data", given.label());
            o.put("plan", PlanText.format(effective));
            o.put("device", dev.id());
            o.put("flash_bytes", cost.flashBytes());
            o.put("sram_bytes", cost.sramBytes());
            o.put("macs", cost.macs());
            o.put("ops", cost.ops());
            o.put("latency_ms", cost.latencyMs());
            o.put("energy_mj", cost.energyJoules() * 1e3);
            o.put("fits_flash", cost.fitsFlash());
            o.put("fits_sram", cost.fitsSram());
            o.put("compression", cost.flashCompression());
            o.put("estimate", true);
            List<Map<String, Object>> ms = new ArrayList<>();
            for (MatrixCost mc : cost.matrices()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", mc.name());
                e.put("technique", PlanText.format(effective.forMatrix(mc.name())));
                e.put("shape", List.of(mc.rows(), mc.cols()));
                e.put("bits", mc.bits());
                e.put("params", mc.params());
                e.put("flash_bytes", mc.flashBytes());
                if (mc.sparseIndex() != null) e.put("sparse_index", mc.sparseIndex());
                e.put("macs", mc.macs());
                if (mc.rankBound() != null) e.put("rank_bound", mc.rankBound());
                if (mc.kpOrder() != null) e.put("kp_order", mc.kpOrder());
                ms.add(e);
            }
            o.put("matrices", ms);
            out.println(Json.write(o));
        } else {
            out.printf("model     %s (%,d params)%n", stored.name(), cost.params());
            out.printf("plan      %s%n", PlanText.format(effective));
            out.printf("data      %s (%d samples)%n", given.label(), r.count());
            out.printf(Locale.ROOT, "accuracy  %.2f%%  (95%% CI %.2f-%.2f%%, measured on %d samples, %s)%n",
                    100 * r.accuracy(), 100 * r.ciLow(), 100 * r.ciHigh(), r.count(),
                    p == null ? "weights as stored" : "projected, before retraining");
            out.printf(Locale.ROOT, "device    %s (%s, %.0f MHz, %d KB SRAM, %d KB flash)%n", dev.id(), dev.name(), dev.clockMhz(), (long) dev.sramKb(), (long) dev.flashKb());
            out.printf(Locale.ROOT, "estimate  flash %,d B (%.1fx smaller)%s, peak SRAM %,d B%s, %,d MACs, latency %.3f ms, energy %.4f mJ%n",
                    cost.flashBytes(), cost.flashCompression(), cost.fitsFlash() ? "" : " DOES NOT FIT",
                    cost.sramBytes(), cost.fitsSram() ? "" : " DOES NOT FIT", cost.macs(), cost.latencyMs(), cost.energyJoules() * 1e3);
            for (MatrixCost mc : cost.matrices()) {
                out.printf(Locale.ROOT, "  %-14s %-24s %4dx%-4d %,9d params %,9d B %,11d MACs%s%n", mc.name(),
                        PlanText.format(effective.forMatrix(mc.name())), mc.rows(), mc.cols(), mc.params(), mc.flashBytes(), mc.macs(),
                        mc.rankBound() == null ? "" : "  rank<=" + mc.rankBound());
            }
        }
        return 0;
    }
}
