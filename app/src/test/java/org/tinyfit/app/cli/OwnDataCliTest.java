package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;

/** {@code --data} in the forms a user brings: the digits eval set as CSV measures what the shipped set measures. */
class OwnDataCliTest {
    static final Path DIGITS = CliHarness.repoHome().resolve("sample-models").resolve("digits-fastrnn");
    @TempDir Path tmp;

    @Test
    void evalOnACsvOfTheEvalSetMeasuresTheSameAccuracy() throws Exception {
        Dataset d = DatasetFile.read(DIGITS.resolve("test.safetensors"));
        Path csv = tmp.resolve("digits test.csv");
        StringBuilder sb = new StringBuilder("label");
        for (int t = 0; t < d.steps(); t++) for (int i = 0; i < d.features(); i++) sb.append(",step").append(t).append("_f").append(i);
        sb.append('\n');
        float[] x = new float[d.sampleSize()];
        for (int s = 0; s < d.n(); s++) {
            d.copyInput(s, x, 0);
            sb.append(d.y()[s]);
            for (float v : x) sb.append(',').append(v);
            sb.append('\n');
        }
        Files.writeString(csv, sb);

        JsonNode own = json(CliHarness.run("eval", "digits-fastrnn", "--data", csv.toString(), "--json"));
        JsonNode shipped = json(CliHarness.run("eval", "digits-fastrnn", "--json"));
        assertEquals(shipped.get("samples").asLong(), own.get("samples").asLong());
        assertEquals(shipped.get("accuracy").asDouble(), own.get("accuracy").asDouble(), 0.0);
        assertEquals(csv.toString(), own.get("data").asText());

        // a label beyond the model's classes: one line naming the file and the line's sample, exit 2
        Files.writeString(csv, sb.toString().replaceFirst("\n" + d.y()[0] + ",", "\n12,"));
        CliHarness.Run bad = CliHarness.run("eval", "digits-fastrnn", "--data", csv.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(csv.toString()) && bad.err().contains("label 12 of sample 0 is outside the model's 10 classes"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());

        // a file of another model's shape
        Path other = tmp.resolve("short.csv");
        Files.writeString(other, "0,1,2,3\n");
        CliHarness.Run shape = CliHarness.run("eval", "digits-fastrnn", "--data", other.toString());
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("line 1 has 4 values; expected " + (d.sampleSize() + 1)), shape.err());
    }

    private static JsonNode json(CliHarness.Run r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }
}
