package org.tinyfit.model.ontarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the firmware of {@link TargetProject} printed through semihosting: the calibration
 * loop's ticks, one line per test sample (prediction, ticks, stack bytes, logits as raw
 * bits), and in a profiling build the hooks' overhead and the ticks inside each matrix.
 */
record TargetOutput(long calibrationTicks, List<Sample> samples, long overheadTicks, Map<Integer, Matrix> matrices,
                    boolean done, boolean fault) {

    record Sample(int pred, long ticks, long stackBytes, boolean stackOverflow, float[] logits) { }

    record Matrix(long calls, long ticks) { }

    /** Instructions per SysTick tick, from the calibration loop. */
    double instructionsPerTick() {
        return calibrationTicks > 0 ? (double) TargetProject.CALIBRATION_INSTRUCTIONS / calibrationTicks : Double.NaN;
    }

    static TargetOutput parse(String out) {
        long cal = -1, overhead = 0;
        List<Sample> samples = new ArrayList<>();
        Map<Integer, Matrix> mats = new LinkedHashMap<>();
        boolean done = false, fault = false;
        for (String raw : out.split("\n")) {
            String line = raw.strip();
            String[] f = line.split("\\s+");
            try {
                if (line.startsWith("calibration ")) {
                    cal = Long.parseLong(value(f, "ticks"));
                } else if (line.startsWith("sample ") && f.length >= 9) {
                    int at = 8;
                    boolean overflow = false;
                    if (f[at].equals("overflow")) {
                        overflow = true;
                        at++;
                    }
                    if (!f[at].equals("logits")) continue;
                    float[] logits = new float[f.length - at - 1];
                    for (int k = 0; k < logits.length; k++) logits[k] = Float.intBitsToFloat((int) Long.parseLong(f[at + 1 + k], 16));
                    samples.add(new Sample(Integer.parseInt(f[3]), Long.parseLong(f[5]), Long.parseLong(f[7]), overflow, logits));
                } else if (line.startsWith("profile-overhead ")) {
                    overhead = Long.parseLong(value(f, "ticks"));
                } else if (line.startsWith("matrix ") && f.length >= 6) {
                    mats.put(Integer.parseInt(f[1]), new Matrix(Long.parseLong(f[3]), Long.parseLong(f[5])));
                } else if (line.equals("done")) {
                    done = true;
                } else if (line.startsWith("fault:")) {
                    fault = true;
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // a garbled line: ignored, the counts below show what is missing
            }
        }
        return new TargetOutput(cal, samples, overhead, mats, done, fault);
    }

    private static String value(String[] fields, String key) {
        for (String s : fields) if (s.startsWith(key + "=")) return s.substring(key.length() + 1);
        throw new NumberFormatException("no " + key);
    }
}
