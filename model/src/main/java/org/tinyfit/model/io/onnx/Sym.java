package org.tinyfit.model.io.onnx;

import java.util.Arrays;

/**
 * A tensor computed from the model input, described by what each of its axes
 * means and by where in the classifier it sits:
 *
 * <ul>
 * <li>{@code SEQ}: a sequence of feature vectors after {@code stage} RNN layers
 *     (stage 0 is the model input, whose axes are {@code IN0..IN2} until the first
 *     RNN layer tells which one is time and which is batch);</li>
 * <li>{@code LAST}: the last step of the sequence after {@code stage} RNN layers;</li>
 * <li>{@code STACK}: last hidden states of several RNN layers stacked on a
 *     {@code STACK} axis (PyTorch's {@code h_n}), {@code stack} lists their stages;</li>
 * <li>{@code VEC}: the output of the first {@code dense} dense layers (with the
 *     activation of the last one applied when {@code activated}, then a softmax
 *     when {@code softmax}).</li>
 * </ul>
 */
final class Sym implements Value {
    enum Kind { SEQ, LAST, STACK, VEC }

    /** What an axis means. UNIT is an axis of size 1 (directions, a kept last step). */
    enum Ax { IN0, IN1, IN2, BATCH, TIME, FEAT, UNIT, STACK }

    final Kind kind;
    final Ax[] axes;
    final int stage;
    final int width;
    final int[] stack;
    final int dense;
    final boolean activated;
    final boolean softmax;

    private Sym(Kind kind, Ax[] axes, int stage, int width, int[] stack, int dense, boolean activated, boolean softmax) {
        this.kind = kind;
        this.axes = axes;
        this.stage = stage;
        this.width = width;
        this.stack = stack;
        this.dense = dense;
        this.activated = activated;
        this.softmax = softmax;
    }

    static Sym seq(Ax[] axes, int stage, int width) { return new Sym(Kind.SEQ, axes, stage, width, null, 0, false, false); }

    static Sym last(Ax[] axes, int stage, int width) { return new Sym(Kind.LAST, axes, stage, width, null, 0, false, false); }

    static Sym stack(Ax[] axes, int[] stages, int width) { return new Sym(Kind.STACK, axes, -1, width, stages, 0, false, false); }

    static Sym vec(Ax[] axes, int dense, int width, boolean activated, boolean softmax) {
        return new Sym(Kind.VEC, axes, -1, width, null, dense, activated, softmax);
    }

    /** The same value with other axes. */
    Sym withAxes(Ax[] a) { return new Sym(kind, a, stage, width, stack, dense, activated, softmax); }

    /** A LAST value of this stage (from a SEQ) with the given axes. */
    Sym toLast(Ax[] a) { return last(a, stage, width); }

    int rank() { return axes.length; }

    int indexOf(Ax a) {
        for (int i = 0; i < axes.length; i++) if (axes[i] == a) return i;
        return -1;
    }

    /** Axes without UNIT ones. */
    Ax[] nonUnit() { return Arrays.stream(axes).filter(a -> a != Ax.UNIT).toArray(Ax[]::new); }

    String describe() {
        return switch (kind) {
            case SEQ -> stage == 0 ? "the model input" : "the output sequence of RNN layer " + stage;
            case LAST -> "the last hidden state of RNN layer " + stage;
            case STACK -> "the stacked hidden states of RNN layers " + Arrays.toString(Arrays.stream(stack).map(s -> s).toArray());
            case VEC -> softmax ? "the softmax output" : "the output of dense layer " + dense;
        } + " " + Arrays.toString(axes).toLowerCase(java.util.Locale.ROOT);
    }
}
