package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.app.AppServices;
import org.tinyfit.app.TinyFitApp;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.LayerRow;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;

/** Starts the real {@link TinyFitApp} headless (Monocle) with an in-code model reader. */
class MainWindowTest extends FxRobot {
    static final String BROKEN_MESSAGE =
            "broken.tinyfit: model.json: kernel of lstm layer 'lstm1' must be 32x12, got 32x11";

    private static Locale savedLocale;

    @TempDir Path home;
    private AppServices services;
    private TinyFitApp app;
    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        savedLocale = Locale.getDefault();
        Locale.setDefault(Locale.US); // thousands separators "," in the expected strings
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void restoreLocale() {
        Locale.setDefault(savedLocale);
    }

    @BeforeEach
    void start() throws Exception {
        Path kws = UiFixtures.sample(home, "kws");
        Path gesture = UiFixtures.sample(home, "gesture");
        Path broken = UiFixtures.sample(home, "broken");
        Path speech = UiFixtures.sample(home, "speech-commands");
        Files.createDirectories(home.resolve("sample-models").resolve("not-a-model")); // no NAME.tinyfit: skipped
        Map<Path, Callable<Network>> byPath = Map.of(
                kws, UiFixtures::kws,
                gesture, UiFixtures::gesture,
                speech, UiFixtures::speech,
                broken, () -> { throw new IOException(BROKEN_MESSAGE); });
        services = new AppServices(home, p -> byPath.get(p.toAbsolutePath().normalize()).call(), RecentFiles.none());
        services.setDeviceCatalog(org.tinyfit.model.device.DeviceCatalog::builtIn);
        app = (TinyFitApp) FxToolkit.setupApplication(() -> new TinyFitApp(services));
        stage = FxToolkit.toolkitContext().getRegisteredStage();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> picker().getItems().size() == 4);
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) s.close();
            }
        });
        services.close();
    }

    @Test
    void windowIsTitledAndSized() throws Exception {
        assertEquals("TinyFit", stage.getTitle());
        assertEquals(1280, stage.getScene().getWidth(), 1);
        assertEquals(800, stage.getScene().getHeight(), 1);
        assertEquals(List.of("broken", "gesture", "kws", "speech-commands"),
                picker().getItems().stream().map(SampleModel::name).collect(Collectors.toList()));
        assertTrue(table().getItems().isEmpty());
        shoot(stage.getScene(), "empty.png");
        assertEquals(4, stage.getIcons().size());
        assertTrue(stage.getIcons().stream().noneMatch(javafx.scene.image.Image::isError), "icons decode");
    }

    @Test
    void openedFileGoesToRecentMenuAndSelectsMatchingSample() throws Exception {
        Path kws = home.resolve("sample-models/kws/kws.tinyfit");
        interact(() -> app.getMainView().getViewModel().openFile(kws));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.MenuButton recent = lookup("#recentMenu").queryAs(javafx.scene.control.MenuButton.class);
        assertFalse(recent.isDisabled());
        assertEquals(1, recent.getItems().size());
        assertTrue(recent.getItems().get(0).getText().startsWith("kws.tinyfit"));
        assertEquals("kws", picker().getValue().name());
    }

    @Test
    void pickingASampleFillsTheLayerTable() throws Exception {
        clickOn("#modelPicker");
        clickOn("kws");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();

        List<LayerRow> rows = List.copyOf(table().getItems());
        assertEquals("lstm1", rows.get(0).layer());
        assertEquals("lstm", rows.get(0).type());
        assertEquals("lstm1.kernel", rows.get(0).matrix());
        assertEquals("32 x 12", rows.get(0).shape());
        assertEquals(416, rows.get(0).params());
        assertEquals("out", rows.get(1).layer());
        assertEquals("dense", rows.get(1).type());
        assertEquals("out.kernel", rows.get(1).matrix());
        assertEquals("3 x 8", rows.get(1).shape());
        assertEquals(27, rows.get(1).params());
        // 416 / 443 = 93.905 %, 27 / 443 = 6.095 %
        Set<String> shown = cellTexts();
        // flash shares: all float32, so the same as the parameter shares
        assertTrue(shown.containsAll(Set.of("lstm1", "lstm", "32 x 12", "416", "93.9 %", "dense", "f32",
                "out", "3 x 8", "27", "6.1 %")), shown::toString);
        assertEquals("443 params", label("#statusParams").getText());
        assertEquals("kws", label("#statusModel").getText());
        assertEquals("TinyFit \u2014 kws", stage.getTitle());
    }

    @Test
    void thousandsSeparatorsAndShares() throws Exception {
        select("gesture");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "gesture".equals(label("#statusModel").getText()));
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> shown = cellTexts();
        // 4,704 / 5,034 = 93.44 %, 330 / 5,034 = 6.56 %
        assertTrue(shown.containsAll(Set.of("96 x 48", "4,704", "93.4 %", "10 x 32", "330", "6.6 %")), shown::toString);
        assertEquals("5,034 params", label("#statusParams").getText());
    }

    @Test
    void failedLoadShowsErrorDialogAndKeepsPreviousModel() throws Exception {
        select("kws");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 2);
        select("broken");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#loadErrorDialog").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = lookup("#loadErrorDialog").queryAs(DialogPane.class);
        assertEquals(BROKEN_MESSAGE, dialog.getContentText());
        assertEquals("Could not load broken.tinyfit", dialog.getHeaderText());
        assertFalse(dialog.getContentText().contains("at org."), "no stack trace");
        shoot(dialog.getScene(), "load-error.png");

        assertEquals(2, table().getItems().size());
        assertEquals("lstm1", table().getItems().get(0).layer());
        assertEquals("443 params", label("#statusParams").getText());
        assertEquals("kws", picker().getValue().name(), "picker returns to the loaded model");

        clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(lookup("#loadErrorDialog").tryQuery().isEmpty());
    }

    @Test
    void screenshotOfTheLoadedWindow() throws Exception {
        select("speech-commands");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("33,068 params", label("#statusParams").getText());
        interact(() -> table().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        Path out = shoot(stage.getScene(), "main.png");
        BufferedImage bi = ImageIO.read(out.toFile());
        assertEquals(1280, bi.getWidth());
        assertEquals(800, bi.getHeight());
        assertTrue(Files.size(out) > 10_000, "a real picture, not a blank one");
    }

    // ---- helpers ----

    /** Renders {@code scene} and writes target/screenshots/NAME (PNG). */
    private Path shoot(Scene scene, String name) throws IOException {
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = scene.snapshot(null));
        BufferedImage bi = SwingFXUtils.fromFXImage(img[0], null);
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(bi, "png", out.toFile()));
        return out;
    }

    private void select(String name) {
        interact(() -> picker().getItems().stream().filter(s -> s.name().equals(name)).findFirst()
                .ifPresent(s -> picker().getSelectionModel().select(s)));
    }

    @SuppressWarnings("unchecked")
    private ComboBox<SampleModel> picker() {
        return lookup("#modelPicker").queryAs(ComboBox.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<LayerRow> table() {
        return lookup("#layerTable").queryAs(TableView.class);
    }

    private Label label(String id) {
        return lookup(id).queryAs(Label.class);
    }

    private Set<String> cellTexts() {
        return lookup("#layerTable .table-cell").queryAllAs(TableCell.class).stream()
                .map(TableCell::getText).filter(t -> t != null && !t.isEmpty()).collect(Collectors.toSet());
    }
}
