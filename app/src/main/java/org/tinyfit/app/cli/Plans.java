package org.tinyfit.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanJson;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.net.Network;

/** The --plan argument: the text form, or a file holding the JSON (or text) form. */
final class Plans {
    private Plans() { }

    static CompressionPlan parse(String arg, Network net) {
        Path p = arg.endsWith(".json") || arg.endsWith(".plan") ? Path.of(arg) : null;
        if (p != null) {
            if (!Files.isRegularFile(p)) throw new UserError(p + ": no such plan file");
            try {
                String s = Files.readString(p);
                CompressionPlan plan = s.trim().startsWith("{") ? PlanJson.read(s) : PlanText.parse(s.trim().replace('\n', ';'));
                PlanText.validate(plan, net);
                return PlanText.expand(plan, net);
            } catch (IOException e) {
                throw new UserError(p + ": cannot read (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new UserError(p + ": " + e.getMessage());
            }
        }
        return PlanText.parse(arg, net);
    }
}
