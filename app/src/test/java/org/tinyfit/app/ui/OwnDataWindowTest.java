package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.explorer.DataViewModel;
import org.tinyfit.views.explorer.SessionFile;
import org.tinyfit.views.explorer.TrainedViewModel;

/**
 * A model that names no data (as an imported ONNX or Keras model): accuracy shows "—" and Retrain
 * is off until the user attaches an evaluation set (a CSV) and a training set; then accuracy,
 * retraining, the C test vectors and the model export use them; a session keeps them.
 */
class OwnDataWindowTest extends FxRobot {
    static final Path DIGITS = Window.HOME.resolve("sample-models/digits-fastrnn");
    @TempDir Path tmp;
    private Window w;

    @BeforeAll
    static void stage() throws Exception { Window.registerStage(); }

    @BeforeEach
    void start() throws Exception { w = Window.open(this, tmp); }

    @AfterEach
    void stop() throws Exception {
        interact(() -> w.vm.trained().cancelRetrain());
        w.close();
    }

    /** The digits eval set as a CSV, label first. */
    static Path csv(Path to) throws Exception {
        Dataset d = DatasetFile.read(DIGITS.resolve("test.safetensors"));
        StringBuilder sb = new StringBuilder();
        float[] x = new float[d.sampleSize()];
        for (int s = 0; s < d.n(); s++) {
            d.copyInput(s, x, 0);
            sb.append(d.y()[s]);
            for (float v : x) sb.append(',').append(v);
            sb.append('\n');
        }
        Files.writeString(to, sb);
        return to;
    }

    @Test
    void attachEvalAndTrainingSetsThenRetrainExportAndKeepThemInTheSession() throws Exception {
        Network shipped = TinyfitFile.read(DIGITS.resolve("digits-fastrnn.tinyfit"));
        Path model = tmp.resolve("mine.tinyfit");
        TinyfitFile.write(shipped.withDatasets(Map.of()), model);
        Path eval = csv(tmp.resolve("my eval.csv"));
        Path train = Files.copy(DIGITS.resolve("train.safetensors"), tmp.resolve("my-train.safetensors"));
        interact(() -> w.vm.main().openFile(model));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.networkProperty().get() != null && w.vm.costsProperty().get() != null);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.accuracy().dataNoteProperty().get().startsWith("no evaluation set"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("\u2014", w.label("#headlineAccuracy").getText());
        interact(() -> w.vm.applyPlanText("rnn.kernel=kp:8x4,4x10"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.trained().retrainNoteProperty().get().contains("names no training set"));
        assertTrue(lookup("#retrainButton").query().isDisabled());

        // a file that is not there, and one that does not fit the model: DataFiles' message
        interact(() -> w.vm.data().attach(DataViewModel.Role.EVAL, tmp.resolve("none.npz").toString()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.messageProperty().get() != null && w.vm.messageProperty().get().error());
        assertTrue(w.vm.messageProperty().get().text().startsWith("Could not attach the evaluation set: file not found: "), w.vm.messageProperty().get().text());
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "12,1,2,3\n");
        interact(() -> w.vm.data().attach(DataViewModel.Role.EVAL, bad.toString()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().contains("bad.csv"));
        assertTrue(w.vm.messageProperty().get().error());
        assertNull(w.vm.data().get(DataViewModel.Role.EVAL));

        // the evaluation set: accuracy is measured on it (the same samples as the shipped set: the same baseline)
        interact(() -> w.vm.data().attach(DataViewModel.Role.EVAL, eval.toString()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.accuracy().baselineProperty().get() != null
                && !w.vm.accuracy().baselineProperty().get().running());
        assertEquals("93.2 %", w.vm.accuracy().baselineProperty().get().percent());
        assertTrue(w.vm.data().statusProperty(DataViewModel.Role.EVAL).get().startsWith("my eval.csv \u00b7 397 samples"),
                w.vm.data().statusProperty(DataViewModel.Role.EVAL).get());
        // the training set: Retrain is on
        interact(() -> w.vm.data().attach(DataViewModel.Role.TRAIN, train.toString()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.trained().canRetrainProperty().get());
        w.shoot("explorer-own-data.png");
        interact(() -> w.vm.trained().epochsProperty().set(2));
        clickOn("#retrainButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !w.vm.trained().runningProperty().get() && w.vm.trained().trainedProperty().get() != null);
        var t = w.vm.trained().trainedProperty().get();
        assertEquals(397, t.samples(), "measured on the attached evaluation set");

        // the C test vectors come from the attached set; the model export names the data sets it used
        Path c = tmp.resolve("c");
        interact(() -> w.vm.exportC(c));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().startsWith("Wrote tinyfit_model"));
        assertTrue(w.vm.messageProperty().get().text().contains("the first 8 samples of my eval"), w.vm.messageProperty().get().text());
        // exported beside its data sets, the model names them; anywhere, the message and its provenance say what it was trained and measured on
        Path out = tmp.resolve("mine-kp.tinyfit");
        interact(() -> w.vm.exportModel(out));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().startsWith("Wrote " + out));
        String msg = w.vm.messageProperty().get().text();
        assertTrue(msg.contains("data sets: train my-train.safetensors") && msg.contains("trained on my-train.safetensors (")
                && msg.contains("measured on my eval.csv ("), msg);
        Network back = TinyfitFile.read(out);
        assertEquals("my-train.safetensors", back.datasets().get("train"));
        assertEquals("my eval.csv", back.provenance().evalData().file());
        assertEquals("my-train.safetensors", back.provenance().trainData().file());
        Path away = tmp.resolve("away").resolve("mine-kp.tinyfit");
        Files.createDirectories(away.getParent());
        interact(() -> w.vm.exportModel(away));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.vm.messageProperty().get().text().startsWith("Wrote " + away));
        msg = w.vm.messageProperty().get().text();
        assertTrue(msg.contains("trained on my-train.safetensors (") && !msg.contains("data sets (none named)"), msg);
        assertTrue(TinyfitFile.read(away).datasets().isEmpty());

        // a session keeps them: saved, the data detached, the session opened again
        Path session = tmp.resolve("s" + SessionFile.EXTENSION);
        interact(() -> w.vm.saveSession(session));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.isRegularFile(session));
        assertEquals(eval.toAbsolutePath().toString(), SessionFile.read(session).data().get("eval"));
        interact(() -> {
            w.vm.data().detach(DataViewModel.Role.EVAL);
            w.vm.data().detach(DataViewModel.Role.TRAIN);
        });
        assertFalse(w.vm.trained().canRetrainProperty().get());
        interact(() -> w.vm.openSession(session));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w.vm.data().get(DataViewModel.Role.EVAL) != null
                && w.vm.data().get(DataViewModel.Role.TRAIN) != null);
        assertTrue(TrainedViewModel.NONE.length() > 0);
    }
}
