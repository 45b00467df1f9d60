package org.tinyfit.views.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.search.SearchTrial;

/** The Search tab's view model running real (one-epoch) searches on digits-fastrnn, with a single thread playing the FX thread. */
class SearchViewModelTest {
    static final Path DIGITS = Path.of("..", "sample-models", "digits-fastrnn", "digits-fastrnn.tinyfit").toAbsolutePath().normalize();

    @TempDir Path tmp;
    private ExecutorService fx;
    private SearchViewModel vm;
    private final List<String> messages = new ArrayList<>();
    private final List<Path> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        Network net = TinyfitFile.read(DIGITS);
        vm = onFx(() -> {
            SearchViewModel v = new SearchViewModel(fx, tmp.resolve("searches"), "test", 1, SearchViewModel.fromModelFile());
            v.setMessages((t, e) -> messages.add((e ? "error: " : "") + t));
            v.setOpener(opened::add);
            v.deviceProperty().set(DeviceCatalog.builtIn().get("cortex-m4f-32k"));
            v.setModel(net, DIGITS);
            for (String t : SearchViewModel.TECHNIQUES) v.techniqueProperty(t).set(t.equals("kp") || t.equals("lmf"));
            v.bitsProperty(8).set(false);
            v.budgetMinutesProperty().set(0);
            v.maxTrialsProperty().set(3);
            v.fullEpochsProperty().set(1);
            return v;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        onFx(() -> { vm.shutdown(); return null; });
        fx.shutdownNow();
    }

    @Test
    void limitsComeFromTheDeviceAndBadFieldsSayWhich() throws Exception {
        assertEquals("32KB", onFx(() -> vm.maxSramProperty().get()), "cortex-m4f-32k's SRAM");
        onFx(() -> { vm.maxFlashProperty().set("16 parsecs"); vm.start(); return null; });
        assertFalse(onFx(() -> vm.runningProperty().get()));
        assertTrue(messages.get(messages.size() - 1).startsWith("error: Flash: '16 parsecs' is not a size"), messages.toString());
        onFx(() -> { vm.maxFlashProperty().set("2KB"); vm.maxLatencyMsProperty().set("fast"); vm.start(); return null; });
        assertTrue(messages.get(messages.size() - 1).contains("Latency: 'fast' is not a number"), messages.toString());
        onFx(() -> { vm.fillLimits(vm.deviceProperty().get()); return null; });
        assertEquals("", onFx(() -> vm.maxLatencyMsProperty().get()));
    }

    @Test
    void searchFillsTheTableWithinLimitsAndResumesWithTheSameSettings() throws Exception {
        onFx(() -> { vm.maxFlashProperty().set("2KB"); vm.start(); return null; });
        assertTrue(onFx(() -> vm.runningProperty().get()));
        await(() -> onFx(() -> !vm.runningProperty().get()), 240);
        assertNotNull(onFx(() -> vm.outcomeProperty().get()), "finished: " + onFx(() -> vm.statusProperty().get()) + " " + messages);
        List<SearchTrial> rows = onFx(() -> List.copyOf(vm.trials()));
        long done = rows.stream().filter(SearchTrial::done).count();
        assertEquals(3, done, rows.toString());
        for (SearchTrial t : rows) assertTrue(t.flashBytes() <= 2048, "never trains what does not fit: " + t);
        SearchTrial best = onFx(() -> vm.bestProperty().get());
        assertNotNull(best);
        for (SearchTrial t : rows) assertTrue(t.accuracy() <= best.accuracy(), "best is the most accurate that fits");
        assertTrue(onFx(() -> vm.front().contains(SearchViewModel.rowKey(best))), "the best is on the front");
        Path dir = onFx(() -> vm.folderProperty().get());
        assertEquals(3, Atlas.read(dir.resolve(Atlas.FILE)).entries().size(), "one atlas row per trained trial");
        assertTrue(onFx(() -> vm.statusProperty().get()).contains("best that fits"), onFx(() -> vm.statusProperty().get()));

        onFx(() -> { vm.open(best); return null; });
        assertEquals(1, opened.size());
        assertTrue(Files.isRegularFile(opened.get(0)), opened.toString());
        // opening a result does not change the base of the next search
        Network trained = TinyfitFile.read(opened.get(0));
        onFx(() -> { vm.setModel(trained, opened.get(0)); return null; });
        assertEquals("digits-fastrnn", onFx(() -> vm.baseProperty().get().name()));

        // the same settings again: the same folder, every trial taken from the journal
        onFx(() -> { vm.start(); return null; });
        await(() -> onFx(() -> !vm.runningProperty().get() && vm.outcomeProperty().get() != null), 120);
        assertEquals(dir, onFx(() -> vm.folderProperty().get()));
        List<SearchTrial> again = onFx(() -> List.copyOf(vm.trials()));
        assertTrue(again.stream().filter(SearchTrial::done).allMatch(SearchTrial::reused), again.toString());
        assertEquals(3, Atlas.read(dir.resolve(Atlas.FILE)).entries().size(), "nothing counted twice");
    }

    @Test
    void aModelOpenedDuringASearchIsTheBaseOfTheNextOne() throws Exception {
        Path mnist = Path.of("..", "sample-models", "mnist-lstm", "mnist-lstm.tinyfit").toAbsolutePath().normalize();
        Network other = TinyfitFile.read(mnist);
        onFx(() -> { vm.maxFlashProperty().set("2KB"); vm.maxTrialsProperty().set(1); vm.start(); return null; });
        onFx(() -> { vm.setModel(other, mnist); return null; });
        assertEquals("digits-fastrnn", onFx(() -> vm.baseProperty().get().name()), "the running search keeps its base");
        await(() -> onFx(() -> !vm.runningProperty().get()), 120);
        assertEquals("digits-fastrnn", onFx(() -> vm.baseProperty().get().name()), "and its results stay on view");
        onFx(() -> { vm.maxFlashProperty().set("1B"); vm.start(); return null; });
        assertEquals("mnist-lstm", onFx(() -> vm.baseProperty().get().name()), "the next Start searches the model shown now");
        await(() -> onFx(() -> !vm.runningProperty().get()), 60);
        assertTrue(messages.get(messages.size() - 1).contains("no candidate fits"), messages.toString());
    }

    @Test
    void stopEndsTheSearchAndKeepsTheFolder() throws Exception {
        onFx(() -> { vm.maxTrialsProperty().set(50); vm.fullEpochsProperty().set(9); vm.start(); return null; });
        await(() -> onFx(() -> vm.trials().stream().anyMatch(t -> t.state() == SearchTrial.State.RUNNING)), 120);
        onFx(() -> { vm.stop(); return null; });
        await(() -> onFx(() -> !vm.runningProperty().get()), 60);
        String status = onFx(() -> vm.statusProperty().get());
        assertTrue(status.startsWith("Stopped") || status.startsWith("Search stopped"), status);
        assertNotNull(onFx(() -> vm.folderProperty().get()));
        assertNull(onFx(() -> vm.outcomeProperty().get() == null ? null : vm.outcomeProperty().get().best() == null ? null : "kept"),
                "a search stopped in its first trial has no best yet");
    }

    @Test
    void aSearchOnAClusterListsItsMembersAndWhatTheyRun() throws Exception {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { port = ss.getLocalPort(); }
        String name = "views-test-" + port;
        try (org.tinyfit.cluster.Worker worker = org.tinyfit.cluster.Worker.start(new org.tinyfit.cluster.Worker.Options("127.0.0.1", port, List.of(),
                name, 1, tmp.resolve("worker-cache")), org.tinyfit.cluster.Worker.trainingRunner("test"))) {
            onFx(() -> {
                vm.maxFlashProperty().set("2KB");
                vm.maxTrialsProperty().set(2);
                vm.clusterProperty().set("127.0.0.1:" + port);
                vm.clusterNameProperty().set(name);
                vm.start();
                return null;
            });
            await(() -> onFx(() -> vm.members().stream().anyMatch(m -> m.contains("worker"))), 120);
            String lines = onFx(() -> String.join("\n", vm.members()));
            assertTrue(lines.contains("127.0.0.1:" + port + " \u00b7 worker \u00b7 1 thread"), lines);
            assertTrue(lines.contains("(this window) \u00b7 coordinator"), lines);
            await(() -> onFx(() -> !vm.runningProperty().get()), 180);
            assertNotNull(onFx(() -> vm.outcomeProperty().get()), onFx(() -> vm.statusProperty().get()) + " " + messages);
            assertEquals(2, onFx(() -> vm.trials().stream().filter(SearchTrial::done).count()));
            assertTrue(worker.trialsDone() >= 2, "the worker trained them: " + worker.trialsDone());
        }
    }

    @Test
    void aMalformedClusterAddressIsSaidAtOnce() throws Exception {
        onFx(() -> { vm.clusterProperty().set("nohost:notaport"); vm.start(); return null; });
        assertFalse(onFx(() -> vm.runningProperty().get()));
        assertTrue(messages.get(messages.size() - 1).startsWith("error: Cluster: "), messages.toString());
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get(30, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplierX cond, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + seconds + " s");
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    interface BooleanSupplierX { boolean get() throws Exception; }

}
