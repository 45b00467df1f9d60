package org.tinyfit.app;

import java.io.InputStream;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.tinyfit.views.MainView;
import org.tinyfit.views.MainViewModel;

/** The TinyFit window. Start it through {@code Launcher} (classpath launching). */
public class TinyFitApp extends Application {
    public static final String TITLE = "TinyFit";
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;

    private AppServices services;
    private boolean ownsServices;
    private MainView view;

    /** Services from the system property / environment / working directory (see {@link AppServices}). */
    public TinyFitApp() { }

    /** With given services (tests, or a launcher that wires its own). The caller closes them. */
    public TinyFitApp(AppServices services) { this.services = services; }

    @Override
    public void init() {
        // runs on the launcher thread, not the FX thread
        if (services == null) {
            services = new AppServices();
            ownsServices = true;
        }
    }

    @Override
    public void start(Stage stage) {
        if (services == null) init(); // started directly on the FX thread (e.g. tests)
        MainViewModel vm = services.createMainViewModel();
        view = new MainView(services.createExplorer(vm));
        Scene scene = new Scene(view.getRoot(), WIDTH, HEIGHT);
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.when(vm.modelNameProperty().isEmpty())
                .then(TITLE).otherwise(Bindings.concat(TITLE, " \u2014 ", vm.modelNameProperty())));
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        java.util.List<Image> icons = new java.util.ArrayList<>();
        for (String size : new String[] {"16", "32", "64", "128"}) {
            try (InputStream in = TinyFitApp.class.getResourceAsStream("icon-" + size + ".png")) {
                if (in != null) icons.add(new Image(in));
            } catch (java.io.IOException ignored) {
                // an icon is optional
            }
        }
        stage.getIcons().setAll(icons);
        stage.show();
        vm.refreshSamples(services.startSample());
    }

    @Override
    public void stop() {
        if (view != null) view.getExplorer().search().shutdown();
        if (ownsServices && services != null) services.close();
    }

    /** The window's view (after {@link #start}). */
    public MainView getMainView() { return view; }

}
