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
import org.tinyfit.model.train.Precision;
import org.tinyfit.model.train.TrainConfig;
import org.tinyfit.model.train.TrainModel;
import org.tinyfit.model.train.Trainer;

/**
 * Training throughput on mnist-lstm (LSTM 128 + dense 10, 28 steps x 28 inputs), batch 64, both
 * cores, from scratch under each technique, in float32 (the default) and float64 (the reference).
 * float32 runs one whole epoch (8,000 samples, 125 mini-batches); float64, about 8x slower, runs
 * the first 1,024 samples (16 mini-batches). samples/s = samples / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class TrainBench {
    @Param({"dense", "lstm.kernel=kp:8x4,64x39", "lstm.kernel=hkp:2:10x4,51x39", "lstm.kernel=dkp:16x12,32x13:0.024",
            "lstm.kernel=lmf:4", "lstm.kernel=prune:0.96835", "lstm.kernel=kp:8x4,64x39/int8"})
    public String plan;

    @Param({"float32", "float64"})
    public String precision;

    Network base;
    Dataset train;
    CompressionPlan p;
    Precision prec;

    @Setup public void setup() throws Exception {
        String home = System.getProperty("tinyfit.home", "..");
        Path dir = Path.of(home, "sample-models", "mnist-lstm");
        base = TinyfitFile.read(dir.resolve("mnist-lstm.tinyfit"));
        prec = Precision.parse(precision);
        Dataset all = DatasetFile.read(dir.resolve("train.safetensors"));
        train = all.head(prec == Precision.FLOAT32 ? Math.min(8000, all.n()) : 1024);
        p = plan.equals("dense") ? CompressionPlan.none() : PlanText.parse(plan, base);
    }

    @Benchmark public Trainer.Result epoch() {
        TrainConfig cfg = TrainConfig.defaults(1, 1).withLearningRate(0.01).withWarmupSteps(10).withPrecision(prec);
        TrainModel m = CompressedTraining.prepare(base, p, CompressedTraining.Start.SCRATCH, 1, null, null);
        return Trainer.train(m, train, null, cfg, null, () -> false);
    }
}
