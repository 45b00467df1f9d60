package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tinyfit.app.AppServices;
import org.tinyfit.app.TinyFitApp;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.TrainedCache;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;
import org.tinyfit.views.explorer.ExplorerViewModel;
import org.tinyfit.views.explorer.Message;

/**
 * The window of the window tests: the real app on the repository's sample models, its devices
 * and retrain cache in a temporary folder, a sample model loaded, every message recorded;
 * labels, tabs and screenshots. Call {@link #registerStage} in {@code @BeforeAll} and
 * {@link #close} in {@code @AfterEach}.
 */
final class Window {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    final FxRobot robot;
    final AppServices services;
    final TinyFitApp app;
    final Stage stage;
    final ExplorerViewModel vm;
    final List<Message> messages = new CopyOnWriteArrayList<>();

    private Window(FxRobot robot, AppServices services, TinyFitApp app) {
        this.robot = robot;
        this.services = services;
        this.app = app;
        this.stage = FxToolkit.toolkitContext().getRegisteredStage();
        this.vm = app.getMainView().getExplorer();
        robot.interact(() -> vm.messageProperty().addListener((o, a, m) -> { if (m != null) messages.add(m); }));
    }

    /** US number formats and the primary stage (once per class). */
    static void registerStage() throws Exception {
        Locale.setDefault(Locale.US);
        FxToolkit.registerPrimaryStage();
    }

    /** The app with its configuration and retrain cache under {@code tmp}, nothing loaded yet. */
    static Window open(FxRobot robot, Path tmp) throws Exception {
        AppServices services = new AppServices(HOME, null, RecentFiles.none());
        services.setDeviceCatalog(DeviceCatalog::builtIn);
        services.setExplorerSettings(ExplorerViewModel.Settings.defaults(tmp.resolve("config")));
        services.setTrainedCache(new TrainedCache(tmp.resolve("cache")));
        TinyFitApp app = (TinyFitApp) FxToolkit.setupApplication(() -> new TinyFitApp(services));
        Window w = new Window(robot, services, app);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w.vm.deviceProperty().get() != null);
        return w;
    }

    /** The app with sample {@code name} loaded and costed. */
    static Window withSample(FxRobot robot, Path tmp, String name) throws Exception {
        Window w = open(robot, tmp);
        w.loadSample(name);
        return w;
    }

    void loadSample(String name) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<SampleModel> picker = robot.lookup("#modelPicker").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> picker.getItems().stream().anyMatch(s -> s.name().equals(name)));
        robot.interact(() -> picker.getItems().stream().filter(s -> s.name().equals(name)).findFirst()
                .ifPresent(s -> picker.getSelectionModel().select(s)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.costsProperty().get() != null && vm.networkProperty().get() != null
                && vm.networkProperty().get().name().equals(name));
    }

    /** Resizes the window's scene (the stage follows). */
    void resize(double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width + (stage.getWidth() - stage.getScene().getWidth()));
            stage.setHeight(height + (stage.getHeight() - stage.getScene().getHeight()));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    Label label(String id) { return robot.lookup(id).queryAs(Label.class); }

    void tab(String id) {
        robot.interact(() -> {
            TabPane p = robot.lookup("#panels").queryAs(TabPane.class);
            p.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> p.getSelectionModel().select(t));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        services.close();
    }

    /** The whole window as target/screenshots/NAME. */
    Path shoot(String name) throws IOException {
        Scene scene = stage.getScene();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = scene.snapshot(null));
        BufferedImage bi = SwingFXUtils.fromFXImage(img[0], null);
        Path out = Path.of("target", "screenshots", name);
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(bi, "png", out.toFile()));
        return out;
    }
}
