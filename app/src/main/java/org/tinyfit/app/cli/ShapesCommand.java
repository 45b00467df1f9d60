package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.model.plan.FactorShapes;
import org.tinyfit.model.plan.KpShape;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit shapes MODEL MATRIX [--json] [--pareto]}. */
@Command(name = "shapes", mixinStandardHelpOptions = true,
        description = "List the Kronecker factor shapes (B m1 x n1, C m2 x n2) of a weight matrix, by compression: "
                + "stored values, MACs and evaluation order, rank bound, Pareto fronts.")
final class ShapesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Parameters(index = "1", paramLabel = "MATRIX", description = "a weight matrix, e.g. lstm.kernel (or the layer name, lstm)")
    String matrix;

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Option(names = "--pareto", description = "only shapes on a Pareto front (params vs rank bound, or params vs MACs)")
    boolean pareto;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        Network net = Models.load(model).net();
        Layer layer = net.layerOfMatrix(matrix).or(() -> net.layer(matrix)).orElseThrow(() -> new UserError(
                "model '" + net.name() + "' has no matrix '" + matrix + "'; its matrices: " + matrices(net)));
        int m = layer.kernel().rows(), n = layer.kernel().cols();
        List<KpShape> all = FactorShapes.enumerate(m, n);
        List<KpShape> shown = new ArrayList<>();
        for (KpShape s : all) if (!pareto || s.pareto()) shown.add(s);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> arr = new ArrayList<>();
            for (KpShape s : shown) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("m1", s.m1());
                o.put("n1", s.n1());
                o.put("m2", s.m2());
                o.put("n2", s.n2());
                o.put("params", s.params());
                o.put("compression", s.compression());
                o.put("macs", s.macs());
                o.put("order", s.order());
                o.put("rank_bound", s.rankBound());
                o.put("pareto_rank", s.paretoRank());
                o.put("pareto_macs", s.paretoMacs());
                o.put("trivial", s.trivial());
                arr.add(o);
            }
            out.println(Json.write(arr));
            return 0;
        }
        long trivial = all.stream().filter(KpShape::trivial).count();
        out.printf("%s %s: %dx%d, %,d values, dense MACs %,d, rank <= %d%n", net.name(), layer.kernelName(), m, n,
                (long) m * n, (long) m * n, Math.min(m, n));
        out.printf("%d factor shapes (%d trivial)%s, by compression; plan entry: %s=kp:M1xN1,M2xN2%n%n", all.size(), trivial,
                pareto ? ", " + shown.size() + " on a Pareto front shown" : "", layer.kernelName());
        int wb = "B m1xn1".length(), wc = "C m2xn2".length();
        for (KpShape s : shown) {
            wb = Math.max(wb, (s.m1() + "x" + s.n1()).length());
            wc = Math.max(wc, (s.m2() + "x" + s.n2()).length());
        }
        String fmt = "%-" + wb + "s  %-" + wc + "s  %10s  %11s  %10s  %-7s  %7s  %s%n";
        out.printf(fmt, "B m1xn1", "C m2xn2", "params", "compression", "MACs", "order", "rank<=", "pareto");
        for (KpShape s : shown) {
            String marks = s.trivial() ? "trivial" : (s.paretoRank() ? "R" : "") + (s.paretoMacs() ? "M" : "");
            out.printf(fmt, s.m1() + "x" + s.n1(), s.m2() + "x" + s.n2(), String.format("%,d", s.params()),
                    String.format("%.1fx", s.compression()), String.format("%,d", s.macs()), s.order(),
                    s.rankBound(), marks.isEmpty() ? "-" : marks);
        }
        out.println();
        out.println("params = m1*n1 + m2*n2; compression = m*n / params; MACs of y = vec(C X B^T) in the cheaper order;");
        out.println("rank<= = min(m1,n1)*min(m2,n2). Pareto: R = no shape has fewer-or-equal params and a higher-or-equal");
        out.println("rank bound (one strictly), M = likewise with fewer-or-equal MACs. Trivial (B or C 1x1) = dense matrix.");
        return 0;
    }

    private static String matrices(Network net) {
        List<String> s = new ArrayList<>();
        for (Layer l : net.layers()) s.add(l.kernelName() + " (" + l.kernel().rows() + "x" + l.kernel().cols() + ")");
        return String.join(", ", s);
    }
}
