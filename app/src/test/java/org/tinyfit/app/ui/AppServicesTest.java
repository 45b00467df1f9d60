package org.tinyfit.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.app.AppServices;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.ModelLoader;
import org.tinyfit.views.RecentFiles;
import org.tinyfit.views.SampleModel;

class AppServicesTest {
    @TempDir Path tmp;

    @AfterEach
    void restoreDefaultLoader() {
        AppServices.setDefaultLoader(AppServices.FILE_READER);
    }

    @Test
    void homeFromPropertyThenEnvironmentThenWorkingDirectoryAndParents() throws Exception {
        Path prop = Files.createDirectories(tmp.resolve("prop/sample-models")).getParent();
        Path env = Files.createDirectories(tmp.resolve("env/sample-models")).getParent();
        Path repo = Files.createDirectories(tmp.resolve("repo/sample-models")).getParent();
        Path deep = Files.createDirectories(repo.resolve("app/target/classes"));
        Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));

        assertEquals(Optional.of(prop), AppServices.resolveHome(prop.toString(), env.toString(), deep));
        assertEquals(Optional.of(env), AppServices.resolveHome(null, env.toString(), deep));
        assertEquals(Optional.of(env), AppServices.resolveHome(nowhere.toString(), env.toString(), deep),
                "a property without sample-models/ falls through");
        assertEquals(Optional.of(repo), AppServices.resolveHome("", null, deep), "nearest parent with sample-models/");
        assertEquals(Optional.of(repo), AppServices.resolveHome(null, null, repo));
        assertEquals(Optional.empty(), AppServices.resolveHome(null, null, nowhere));
    }

    @Test
    void installedAppFindsTheSampleModelsBesideItsJar() throws Exception {
        // the jpackage layout installer/build.sh makes: /opt/tinyfit/lib/app/{tinyfit-app.jar, sample-models/}
        Path app = Files.createDirectories(tmp.resolve("opt/tinyfit/lib/app"));
        Path m = Files.createDirectories(app.resolve("sample-models/m"));
        Files.writeString(m.resolve("m.tinyfit"), "x");
        Path jar = Files.writeString(app.resolve("tinyfit-app.jar"), "x");
        assertEquals(Optional.of(app), AppServices.homeOfJar(jar));
        assertEquals(List.of("m"), AppServices.scanSamples(AppServices.homeOfJar(jar).get()).stream()
                .map(SampleModel::name).collect(Collectors.toList()));

        // a source tree: repo/app/target/tinyfit-app.jar, samples in repo/sample-models
        Path repo = Files.createDirectories(tmp.resolve("repo/sample-models")).getParent();
        Path devJar = Files.createDirectories(repo.resolve("app/target")).resolve("tinyfit-app.jar");
        assertEquals(Optional.of(repo), AppServices.homeOfJar(devJar));

        assertEquals(Optional.empty(), AppServices.homeOfJar(Files.createDirectories(tmp.resolve("nowhere")).resolve("a.jar")));
        assertEquals(Optional.empty(), AppServices.homeOfJar(null));
    }

    @Test
    void scanFindsNameSlashNameDotTinyfitSortedByName() throws Exception {
        Path zeta = UiFixtures.sample(tmp, "zeta");
        Path alpha = UiFixtures.sample(tmp, "Alpha");
        Path models = tmp.resolve("sample-models");
        Files.createDirectories(models.resolve("empty"));
        Files.createDirectories(models.resolve("other")).resolve("different-name.tinyfit").toFile().createNewFile();
        Files.createFile(models.resolve("loose.tinyfit"));
        List<SampleModel> found = AppServices.scanSamples(tmp);
        assertEquals(List.of("Alpha", "zeta"), found.stream().map(SampleModel::name).collect(Collectors.toList()));
        assertEquals(alpha, found.get(0).path());
        assertEquals(zeta, found.get(1).path());
        assertEquals(List.of(), AppServices.scanSamples(null));
        assertEquals(List.of(), AppServices.scanSamples(tmp.resolve("missing")));
        try (AppServices s = new AppServices(tmp, null, RecentFiles.none())) {
            assertEquals(found, s.catalog().samples());
        }
    }

    @Test
    void defaultLoaderIsTheTinyfitReader() throws Exception {
        Path f = UiFixtures.sample(tmp, "kws"); // an empty file
        try (AppServices s = new AppServices(tmp, null, RecentFiles.none())) {
            Exception e = assertThrows(Exception.class, () -> s.loader().load(f));
            assertEquals(f + ": not a .tinyfit file (not a valid zip: zip file is empty)", e.getMessage());
        }
    }

    @Test
    void defaultLoaderIsLookedUpAtLoadTimeAndSetLoaderOverridesIt() throws Exception {
        Path f = UiFixtures.sample(tmp, "kws");
        Network a = UiFixtures.kws();
        Network b = UiFixtures.gesture();
        try (AppServices s = new AppServices(tmp, null, RecentFiles.none())) {
            ModelLoader viewLoader = s.loader(); // handed to the view model before the reader is installed
            AppServices.setDefaultLoader(p -> a);
            assertSame(AppServices.getDefaultLoader().load(f), viewLoader.load(f));
            s.setLoader(p -> b);
            assertSame(b, viewLoader.load(f));
            s.setLoader(null);
            assertSame(a, viewLoader.load(f));
        }
        assertThrows(NullPointerException.class, () -> AppServices.setDefaultLoader(null));
    }

    @Test
    void workersAreDaemonThreads() throws Exception {
        try (AppServices s = new AppServices(tmp, null, RecentFiles.none())) {
            assertTrue(s.executor().submit(() -> Thread.currentThread().isDaemon()).get());
        }
    }
}
