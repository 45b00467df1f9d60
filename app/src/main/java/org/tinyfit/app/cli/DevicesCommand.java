package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tinyfit devices [--devices FILE] [--json]}. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the target devices: the built-in catalog, the user's devices.json and --devices files.")
final class DevicesCommand implements Callable<Integer> {
    @Option(names = "--devices", paramLabel = "FILE", description = "extra device file(s) (JSON); entries override by id")
    List<Path> deviceFiles = new ArrayList<>();

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        DeviceCatalog cat = Devices.catalog(deviceFiles);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Device d : cat.devices()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", d.id());
                o.put("name", d.name());
                o.put("core", d.core());
                o.put("clock_mhz", d.clockMhz());
                o.put("sram_kb", d.sramKb());
                o.put("flash_kb", d.flashKb());
                o.put("fpu", d.fpu().id());
                o.put("dsp_simd", d.dspSimd());
                o.put("mac_per_cycle_int8", d.macPerCycleInt8());
                o.put("mac_per_cycle_f32", d.macPerCycleF32());
                o.put("active_mw", d.activeMw());
                o.put("calibrated", d.calibrated());
                o.put("source", cat.sourceOf(d.id()));
                o.put("notes", d.notes());
                list.add(o);
            }
            out.println(Json.write(list));
            return 0;
        }
        out.printf("%-16s %-30s %7s %9s %9s %-4s %8s %8s %8s  %s%n", "id", "core", "MHz", "SRAM KB", "flash KB", "fpu",
                "MAC/c i8", "MAC/c f32", "mW", "source");
        for (Device d : cat.devices()) {
            out.printf("%-16s %-30s %7.0f %9.0f %9.0f %-4s %8.3f %9.3f %8.1f  %s%s%n", d.id(), d.core(), d.clockMhz(), d.sramKb(), d.flashKb(),
                    d.fpu().id(), d.macPerCycleInt8(), d.macPerCycleF32(), d.activeMw(), cat.sourceOf(d.id()), d.calibrated() ? " (calibrated)" : "");
        }
        out.println();
        out.println("MAC/cycle and power are estimates unless calibrated; clock, SRAM and flash are datasheet values. 'tinyfit devices --json' shows each device's notes.");
        return 0;
    }
}
