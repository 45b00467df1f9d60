package org.tinyfit.views.explorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;

/** A session's plans against a loaded model, and the session of the explorer as it stands. Pure functions. */
final class SessionPlans {
    /** A session's plan, undo and redo lists validated against the model, and the matrix to select (null: the default). */
    record Restored(CompressionPlan plan, List<CompressionPlan> undo, List<CompressionPlan> redo, String selected) { }

    private SessionPlans() { }

    /** Whether a session belongs to the model read from {@code file}. */
    static boolean sameFile(Path a, Path b) {
        return a != null && b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** @throws RuntimeException (a plan error) when the session's plans do not fit {@code net} */
    static Restored restore(SessionFile.Session s, Network net) {
        String selected = s.selected() != null && net.layerOfMatrix(s.selected()).isPresent() ? s.selected() : null;
        return new Restored(parse(s.plan(), net), parseAll(s.undo(), net), parseAll(s.redo(), net), selected);
    }

    /** The session to save: the model, device, plan, selection, undo/redo texts and the session's chart points. */
    static SessionFile.Session capture(Path model, String device, String planText, String selected, List<CompressionPlan> undo,
                                       List<CompressionPlan> redo, List<ChartViewModel.PlotPoint> points,
                                       java.util.Map<String, String> data) {
        List<SessionFile.Point> pts = new ArrayList<>();
        for (ChartViewModel.PlotPoint p : points) {
            pts.add(new SessionFile.Point(p.planText(), p.label(), p.flashBytes(), p.macs(), p.accuracy(), p.ciLow(), p.ciHigh(), p.samples()));
        }
        return new SessionFile.Session(model, device, planText, selected, texts(undo), texts(redo), pts, data);
    }

    private static List<String> texts(List<CompressionPlan> plans) {
        List<String> out = new ArrayList<>();
        for (CompressionPlan p : plans) out.add(PlanText.format(p));
        return out;
    }

    private static CompressionPlan parse(String text, Network net) {
        return PlanText.parse(text == null ? "" : text, net);
    }

    private static List<CompressionPlan> parseAll(List<String> texts, Network net) {
        List<CompressionPlan> out = new ArrayList<>();
        for (String t : texts) out.add(parse(t, net));
        return out;
    }
}
