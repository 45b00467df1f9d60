package org.tinyfit.model.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.tinyfit.model.io.fuzz.FuzzTargets.Target;

/**
 * Jazzer fuzz tests of every reader. In {@code mvn verify} (regression mode) each runs the
 * seeds in {@code src/test/resources/org/tinyfit/model/io/fuzz/ReaderFuzzTestInputs/METHOD/}
 * (small valid files) and any reproducer added there. With {@code JAZZER_FUZZ=1} one method
 * is fuzzed for {@code maxDuration}, see docs/FUZZING.md. They run in the surefire execution
 * {@code fuzz} (tag {@code fuzz}), in a JVM of {@code -Xmx256m} of their own.
 */
@Tag("fuzz")
class ReaderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void tinyfit(byte[] data) { FuzzTargets.run(Target.tinyfit, data); }

    @FuzzTest(maxDuration = "10m")
    void dataset(byte[] data) { FuzzTargets.run(Target.dataset, data); }

    @FuzzTest(maxDuration = "10m")
    void npz(byte[] data) { FuzzTargets.run(Target.npz, data); }

    @FuzzTest(maxDuration = "10m")
    void npy(byte[] data) { FuzzTargets.run(Target.npy, data); }

    @FuzzTest(maxDuration = "10m")
    void csv(byte[] data) { FuzzTargets.run(Target.csv, data); }

    @FuzzTest(maxDuration = "10m")
    void onnx(byte[] data) { FuzzTargets.run(Target.onnx, data); }

    @FuzzTest(maxDuration = "10m")
    void keras(byte[] data) { FuzzTargets.run(Target.keras, data); }

    @FuzzTest(maxDuration = "10m")
    void devices(byte[] data) { FuzzTargets.run(Target.devices, data); }

    @FuzzTest(maxDuration = "10m")
    void planText(byte[] data) { FuzzTargets.run(Target.planText, data); }

    @FuzzTest(maxDuration = "10m")
    void planJson(byte[] data) { FuzzTargets.run(Target.planJson, data); }

    @FuzzTest(maxDuration = "10m")
    void planFile(byte[] data) { FuzzTargets.run(Target.planFile, data); }
}
