package org.tinyfit.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialRunner;
import org.tinyfit.model.search.TrialSpec;

/**
 * A deterministic stand-in for training: checks its inputs against the spec's hashes, waits
 * {@code millis}, and answers an accuracy that depends on the trial key only. A plan holding
 * "fail" is a failed trial, "oom" runs out of memory.
 */
final class FakeRunner implements TrialRunner {
    /** Runs per trial key in this JVM. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private final long millis;

    FakeRunner(long millis) { this.millis = millis; }

    static double accuracy(String key) { return Integer.parseInt(key.substring(0, 4), 16) / 65535.0; }

    @Override public TrialResult run(TrialSpec spec, Path model, Path train, Path eval, BooleanSupplier cancelled) {
        String key = spec.key();
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        try {
            if (!Inputs.sha256(model).equals(spec.modelSha256()) || !Inputs.sha256(train).equals(spec.trainSha256())
                    || !Inputs.sha256(eval).equals(spec.evalSha256()))
                return TrialResult.failed(key, "inputs do not match their hashes", 0, "");
        } catch (IOException e) {
            return TrialResult.failed(key, "unreadable input: " + e.getMessage(), 0, "");
        }
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (cancelled.getAsBoolean()) throw new CancellationException("cancelled");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new CancellationException("interrupted");
            }
        }
        if (spec.plan().contains("oom")) throw new OutOfMemoryError("Java heap space");
        if (spec.plan().contains("fail")) return TrialResult.failed(key, "bad data: label 11 of 10", millis / 1000.0, "");
        double acc = accuracy(key);
        return new TrialResult(key, true, acc, 100, Math.max(0, acc - 0.05), Math.min(1, acc + 0.05), millis / 1000.0, "",
                ("trained " + key).getBytes(StandardCharsets.UTF_8), "local");
    }

    /** Three input files with the given contents in {@code dir}, by SHA-256. */
    static Map<String, Path> inputs(Path dir, String... contents) throws IOException {
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        int i = 0;
        for (String c : contents) {
            Path f = dir.resolve("input" + (i++));
            Files.writeString(f, c);
            out.put(Inputs.sha256(f), f);
        }
        return out;
    }

    /** A child JVM's worker with this runner: {@code FakeRunner MILLIS [worker options]}. */
    public static void main(String[] args) throws Exception {
        long ms = Long.parseLong(args[0]);
        Worker.run(java.util.Arrays.copyOfRange(args, 1, args.length), new FakeRunner(ms), System.out);
    }
}
