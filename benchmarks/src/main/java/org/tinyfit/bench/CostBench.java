package org.tinyfit.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;

/**
 * The analytic metrics of a full plan on mnist-lstm (what the window recomputes on
 * every slider tick): must be far below a millisecond. Reads the sample model from
 * {@code -Dtinyfit.home} (default: the current directory's parent).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CostBench {
    Network net;
    CompressionPlan plan;
    Device device;

    @Setup public void setup() throws Exception {
        String home = System.getProperty("tinyfit.home", "..");
        net = TinyfitFile.read(Path.of(home, "sample-models", "mnist-lstm", "mnist-lstm.tinyfit"));
        Map<String, MatrixPlan> m = new LinkedHashMap<>();
        m.put("lstm.kernel", new MatrixPlan(new TechniqueSpec.Dkp(8, 4, 64, 39, 0.01), 8));
        m.put("fc.kernel", new MatrixPlan(new TechniqueSpec.Pruned(0.5), 8));
        plan = new CompressionPlan(m, Activations.INT8);
        device = DeviceCatalog.builtIn().get("nucleo-f746zg");
    }

    @Benchmark public CostReport estimate() {
        return CostModel.estimate(net, plan, device, CostOptions.DEFAULT);
    }
}
