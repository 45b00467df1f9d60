package org.tinyfit.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.train.TrainConfig;
import org.tinyfit.model.train.TrainModel;
import org.tinyfit.model.train.Trainer;

/**
 * Training throughput on mnist-lstm: one epoch over the first 1,024 training samples
 * (16 mini-batches of 64, both cores), for the dense baseline and a KP plan.
 * samples/s = 1024 / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class TrainBench {
    @Param({"dense", "lstm.kernel=kp:8x4,64x39"})
    public String plan;

    Network base;
    Dataset train;
    CompressionPlan p;

    @Setup public void setup() throws Exception {
        String home = System.getProperty("tinyfit.home", "..");
        Path dir = Path.of(home, "sample-models", "mnist-lstm");
        base = TinyfitFile.read(dir.resolve("mnist-lstm.tinyfit"));
        train = DatasetFile.read(dir.resolve("train.safetensors")).head(1024);
        p = plan.equals("dense") ? CompressionPlan.none() : PlanText.parse(plan, base);
    }

    @Benchmark public Trainer.Result epoch() {
        TrainConfig cfg = TrainConfig.defaults(1, 1).withLearningRate(0.01).withWarmupSteps(10);
        TrainModel m = CompressedTraining.prepare(base, p, CompressedTraining.Start.SCRATCH, 1, null, null);
        return Trainer.train(m, train, null, cfg, null, () -> false);
    }
}
