package org.tinyfit.model.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Pareto fronts of points with a cost to minimise (flash, MACs) and a value to maximise (accuracy). */
public final class Pareto {
    private Pareto() { }

    /**
     * The points no other point dominates (cost &lt;= and value &gt;=, one strictly), sorted by
     * cost ascending. Ties (equal cost and value) keep the first.
     */
    public static <T> List<T> front(List<T> points, ToDoubleFunction<T> cost, ToDoubleFunction<T> value) {
        List<T> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<T>comparingDouble(cost).thenComparing(Comparator.<T>comparingDouble(value).reversed()));
        List<T> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (T p : sorted) {
            double v = value.applyAsDouble(p);
            if (v > best) {
                out.add(p);
                best = v;
            }
        }
        return out;
    }
}
