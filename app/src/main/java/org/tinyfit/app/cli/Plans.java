package org.tinyfit.app.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tinyfit.model.io.PlanFile;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.net.Network;

/** The --plan argument: the text form, or a file holding the JSON (or text) form. */
final class Plans {
    private Plans() { }

    static CompressionPlan parse(String arg, Network net) {
        Path p = arg.endsWith(".json") || arg.endsWith(".plan") ? Path.of(arg) : null;
        if (p != null) {
            try {
                CompressionPlan plan = PlanFile.read(p);
                PlanText.validate(plan, net);
                return PlanText.expand(plan, net);
            } catch (NoSuchFileException e) {
                throw new UserError(p + ": no such plan file");
            } catch (TinyfitFormatException e) {
                throw new UserError(e.getMessage());
            } catch (IOException e) {
                throw new UserError(p + ": cannot read (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new UserError(p + ": " + e.getMessage());
            }
        }
        return PlanText.parse(PlanFile.lines(PlanFile.checkLength(arg)), net);
    }
}
