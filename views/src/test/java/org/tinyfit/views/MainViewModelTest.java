package org.tinyfit.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.net.Network;

/**
 * View-model tests without a stage: a single-thread executor plays the FX
 * thread, every call to the view model goes through it.
 */
class MainViewModelTest {
    private static final Path A = Path.of("/models/a/a.tinyfit");
    private static final Path B = Path.of("/models/b/b.tinyfit");
    private static final SampleModel SA = new SampleModel("a", A);
    private static final SampleModel SB = new SampleModel("b", B);

    private ExecutorService fx;
    private ExecutorService workers;
    private final Map<Path, Callable<Network>> behaviour = new ConcurrentHashMap<>();
    private MainViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        workers = Executors.newCachedThreadPool();
        ModelLoader loader = p -> {
            Callable<Network> c = behaviour.get(p);
            if (c == null) throw new NoSuchFileException(p.toString());
            return c.call();
        };
        vm = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(SA, SB)), loader, workers, fx, RecentFiles.none()));
        onFx(() -> { vm.refreshSamples(); return null; });
        await(() -> vm.samples().size() == 2);
    }

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
        fx.shutdownNow();
    }

    @Test
    void loadPublishesLayerTableWithHandComputedNumbers() throws Exception {
        behaviour.put(A, () -> TestNetworks.lstm("kws"));
        onFx(() -> { vm.selectedSampleProperty().set(SA); return null; });
        await(() -> vm.getNetwork() != null);
        List<LayerRow> rows = onFx(() -> List.copyOf(vm.layers()));
        assertEquals(2, rows.size());
        LayerRow lstm = rows.get(0);
        assertEquals("lstm1", lstm.layer());
        assertEquals("lstm", lstm.type());
        assertEquals("lstm1.kernel", lstm.matrix());
        assertEquals("32 x 12", lstm.shape());
        assertEquals(32 * 12 + 32, lstm.params());
        assertEquals(100.0 * 416 / 443, lstm.share(), 1e-9);
        LayerRow out = rows.get(1);
        assertEquals("out", out.layer());
        assertEquals("dense", out.type());
        assertEquals("out.kernel", out.matrix());
        assertEquals("3 x 8", out.shape());
        assertEquals(27, out.params());
        assertEquals(100.0 * 27 / 443, out.share(), 1e-9);
        assertEquals(443L, onFx(() -> vm.totalParamsProperty().get()));
        assertEquals("kws", onFx(() -> vm.modelNameProperty().get()));
        assertFalse(onFx(vm::isBusy));
        assertNull(onFx(() -> vm.lastErrorProperty().get()));
        assertTrue(onFx(() -> vm.statusTextProperty().get()).startsWith("Loaded kws"));
    }

    @Test
    void slowOlderLoadFinishingAfterNewerOneDoesNotOverwriteIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowFinished = new CountDownLatch(1);
        behaviour.put(A, () -> {
            slowStarted.countDown();
            try {
                // ignore interrupts: a reader that cannot be cancelled still must not win
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) break;
                    } catch (InterruptedException ignored) {
                        // keep waiting
                    }
                }
                return TestNetworks.lstm("old");
            } finally {
                slowFinished.countDown();
            }
        });
        behaviour.put(B, () -> TestNetworks.gru("new"));

        onFx(() -> { vm.loadSample(SA); return null; });
        assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
        assertTrue(onFx(vm::isBusy));
        onFx(() -> { vm.loadSample(SB); return null; });
        await(() -> vm.getNetwork() != null);
        assertEquals("new", onFx(() -> vm.getNetwork().name()));

        release.countDown();
        assertTrue(slowFinished.await(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        onFx(() -> null); // drain anything the old task might have queued
        assertEquals("new", onFx(() -> vm.getNetwork().name()));
        assertEquals("gru1", onFx(() -> vm.layers().get(0).layer()));
        assertEquals(5034L, onFx(() -> vm.totalParamsProperty().get()));
        assertFalse(onFx(vm::isBusy));
        assertSame(SB, onFx(() -> vm.selectedSampleProperty().get()));
    }

    @Test
    void failedLoadSetsMessageAndKeepsPreviousModel() throws Exception {
        behaviour.put(A, () -> TestNetworks.lstm("kws"));
        behaviour.put(B, () -> {
            throw new IOException("b.tinyfit: weights.safetensors header length 99999999999 exceeds the file size");
        });
        onFx(() -> { vm.loadSample(SA); return null; });
        await(() -> vm.getNetwork() != null);
        Network first = onFx(vm::getNetwork);

        onFx(() -> { vm.loadSample(SB); return null; });
        await(() -> vm.lastErrorProperty().get() != null);
        LoadError err = onFx(() -> vm.lastErrorProperty().get());
        assertEquals(B, err.path());
        assertEquals("b.tinyfit: weights.safetensors header length 99999999999 exceeds the file size", err.message());
        assertFalse(err.message().contains("\tat "), "no stack trace");
        assertSame(first, onFx(vm::getNetwork));
        assertEquals(2, onFx(() -> vm.layers().size()));
        assertEquals(443L, onFx(() -> vm.totalParamsProperty().get()));
        assertFalse(onFx(vm::isBusy));
        assertSame(SA, onFx(() -> vm.selectedSampleProperty().get()), "picker goes back to the loaded model");
        assertTrue(onFx(() -> vm.statusTextProperty().get()).startsWith("Could not load b"));
    }

    @Test
    void sameFailureTwiceFiresTwice() throws Exception {
        int[] fired = {0};
        onFx(() -> { vm.lastErrorProperty().addListener((o, a, b) -> { if (b != null) fired[0]++; }); return null; });
        onFx(() -> { vm.loadSample(SA); return null; }); // no behaviour: NoSuchFileException
        await(() -> fired[0] == 1);
        assertEquals("file not found: " + A, onFx(() -> vm.lastErrorProperty().get().message()));
        onFx(() -> { vm.loadSample(SA); return null; });
        await(() -> fired[0] == 2);
        assertNull(onFx(vm::getNetwork));
    }

    @Test
    void openFileRemembersDirectoryAndRecentFiles(@TempDir Path dir) throws Exception {
        Preferences node = Preferences.userRoot().node("org/tinyfit-test/" + UUID.randomUUID());
        try {
            Path file = Files.createFile(dir.resolve("mine.tinyfit"));
            behaviour.put(file.toAbsolutePath().normalize(), () -> TestNetworks.gru("mine"));
            MainViewModel v = onFx(() -> new MainViewModel(SampleCatalog.empty(), p -> behaviour.get(p).call(),
                    workers, fx, new RecentFiles(node)));
            onFx(() -> { v.openFile(file); return null; });
            awaitOn(() -> v.getNetwork() != null);
            assertEquals(dir.toAbsolutePath().toString(), node.get("lastDirectory", null));
            assertEquals(file.toAbsolutePath().toString(), node.get("recent.0", null));
            assertEquals(List.of(file.toAbsolutePath()), onFx(() -> List.copyOf(v.recentFiles())));
            assertEquals(dir.toAbsolutePath(), new RecentFiles(node).lastDirectory().orElseThrow());
        } finally {
            node.removeNode();
        }
    }

    @Test
    void recentFilesKeepsMostRecentFirstWithoutDuplicates() throws Exception {
        Preferences node = Preferences.userRoot().node("org/tinyfit-test/" + UUID.randomUUID());
        try {
            RecentFiles r = new RecentFiles(node);
            for (int i = 0; i < RecentFiles.MAX + 3; i++) r.add(Path.of("/m/f" + i + ".tinyfit"));
            r.add(Path.of("/m/f5.tinyfit"));
            List<Path> list = r.recent();
            assertEquals(RecentFiles.MAX, list.size());
            assertEquals(Path.of("/m/f5.tinyfit"), list.get(0));
            assertEquals(Path.of("/m/f10.tinyfit"), list.get(1));
            assertEquals(1, list.stream().filter(p -> p.endsWith("f5.tinyfit")).count());
        } finally {
            node.removeNode();
        }
    }

    @Test
    void theStartSampleLoadsWhenNothingElseIs() throws Exception {
        behaviour.put(B, () -> TestNetworks.lstm("b"));
        MainViewModel v = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(SA, SB)), p -> behaviour.get(p).call(), workers, fx, RecentFiles.none()));
        onFx(() -> { v.refreshSamples("b"); return null; });
        awaitOn(() -> v.getNetwork() != null);
        assertEquals(SB, onFx(() -> v.selectedSampleProperty().get()));
        // an absent start sample leaves the window empty
        MainViewModel w = onFx(() -> new MainViewModel(SampleCatalog.of(List.of(SA)), p -> behaviour.get(p).call(), workers, fx, RecentFiles.none()));
        onFx(() -> { w.refreshSamples("b"); return null; });
        awaitOn(() -> w.samples().size() == 1);
        assertNull(onFx(() -> w.getNetwork()));
        assertEquals("1 sample model available", onFx(() -> w.statusTextProperty().get()));
    }

    @Test
    void catalogFailureIsReportedInStatus() throws Exception {
        MainViewModel v = onFx(() -> new MainViewModel(() -> { throw new IOException("sample-models is not readable"); },
                p -> null, workers, fx, RecentFiles.none()));
        onFx(() -> { v.refreshSamples(); return null; });
        awaitOn(() -> v.statusTextProperty().get().startsWith("Could not list"));
        assertEquals("Could not list sample models: sample-models is not readable", onFx(() -> v.statusTextProperty().get()));
    }

    @Test
    void nullNetworkFromLoaderIsAnError() throws Exception {
        behaviour.put(A, () -> null);
        onFx(() -> { vm.loadSample(SA); return null; });
        await(() -> vm.lastErrorProperty().get() != null);
        assertEquals("the reader returned no model", onFx(() -> vm.lastErrorProperty().get().message()));
    }

    @Test
    void errorsDescribeWithoutStackTraces() {
        assertEquals("file not found: /x.tinyfit", Errors.describe(new NoSuchFileException("/x.tinyfit")));
        assertEquals("illegal state exception", Errors.describe(new IllegalStateException()));
        assertEquals("bad header", Errors.describe(new java.util.concurrent.ExecutionException(new IOException(" bad header "))));
    }

    // ---- helpers ----

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get(10, TimeUnit.SECONDS);
    }

    private void await(Callable<Boolean> cond) throws Exception {
        awaitOn(cond);
    }

    private void awaitOn(Callable<Boolean> cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (onFx(cond)) return;
            Thread.sleep(10);
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
