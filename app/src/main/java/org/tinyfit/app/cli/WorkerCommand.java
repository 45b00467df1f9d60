package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyfit.app.Version;
import org.tinyfit.cluster.ClusterConfig;
import org.tinyfit.cluster.ClusterTrialExecutor;
import org.tinyfit.cluster.Worker;
import org.tinyfit.model.search.TrialExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tinyfit worker [--interface IP] [--port N] [--join HOST:PORT,...] [--cluster-name NAME] [--threads N] [--cache DIR]}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run search trials for 'tinyfit search --cluster': join a cluster of TinyFit workers and train the trials sent to it.",
                "Binds only the interface given (loopback by default) and joins the members named (no discovery). "
                        + "The cluster has no authentication or encryption: run workers on a trusted network or through an SSH or WireGuard tunnel.",
                "Prints its address and cluster; Ctrl-C stops it (its running trials go to other workers)."})
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--interface", paramLabel = "IP", defaultValue = ClusterConfig.DEFAULT_INTERFACE,
            description = "the one address of this machine to listen on (default ${DEFAULT-VALUE}; name another to accept other machines)")
    String iface;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ClusterConfig.DEFAULT_PORT, description = "port to listen on (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--join", paramLabel = "HOST:PORT,...", description = "members of the cluster to join (default: start a cluster others join)")
    String join;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterConfig.DEFAULT_CLUSTER, description = "the cluster's name (default ${DEFAULT-VALUE})")
    String clusterName;

    @Option(names = "--threads", paramLabel = "N", description = "trials trained at once, one thread each (default: the cores of this machine)")
    Integer threads;

    @Option(names = "--cache", paramLabel = "DIR", description = "where inputs received are kept, named by hash (default: ~/.cache/tinyfit/cluster)")
    Path cache;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) throw new UserError("--threads must be at least 1, got " + t);
        List<ClusterConfig.Address> members = ClusterConfig.Address.parseList(join);
        Worker.Options o = new Worker.Options(iface, port, members, clusterName, t, cache);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Worker w;
        try {
            w = Worker.start(o, Worker.trainingRunner(Version.get()));
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        Thread stop = new Thread(() -> {
            err.println("tinyfit worker: leaving the cluster (" + w.trialsDone() + " trials run)");
            err.flush();
            w.close();
        }, "tinyfit-worker-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        out.println(w.banner());
        if (!members.isEmpty() && w.clusterSize() == 1)
            out.println("  none of " + join + " answered; this worker started cluster '" + w.clusterName() + "' (others can join it)");
        out.flush();
        try {
            w.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            w.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException ignored) {
                // already stopping
            }
        }
        return 0;
    }

    /**
     * The executor of {@code tinyfit search --cluster HOST:PORT,... [--cluster-name NAME]}: this
     * process joins the cluster (binding the interface it reaches the workers from; loopback when
     * they are on loopback) and waits up to 30 s for a worker.
     */
    static TrialExecutor clusterExecutor(String cluster, String clusterName, Integer slots, Map<String, Path> inputsBySha256) {
        if (slots != null) throw new UserError("--slots does not go with --cluster: the workers' --threads are the slots");
        ClusterTrialExecutor.Options o;
        try {
            o = ClusterTrialExecutor.Options.of(cluster, clusterName);
        } catch (IllegalArgumentException e) {
            throw new UserError("--cluster: " + e.getMessage());
        }
        try {
            return ClusterTrialExecutor.connect(o, inputsBySha256);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
