package org.tinyfit.model.data;

/**
 * A running accuracy: {@code correct} of {@code count} samples evaluated so far
 * out of {@code total}, with the 95% Wilson interval. {@code done} is true for
 * the final result over all samples.
 */
public record EvalProgress(long correct, long count, long total, double accuracy, double ciLow, double ciHigh,
                           boolean done) {

    public static EvalProgress of(long correct, long count, long total) {
        double[] ci = WilsonInterval.of95(correct, count);
        double acc = count == 0 ? Double.NaN : (double) correct / count;
        return new EvalProgress(correct, count, total, acc, ci[0], ci[1], count == total);
    }
}
