package org.tinyfit.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinyfit.model.search.TrainingTrialRunner;
import org.tinyfit.model.search.TrialRunner;

/**
 * A cluster member that runs trials: it binds one interface (loopback unless told otherwise),
 * joins the members named (TCP, no discovery) and runs up to {@code threads} trials at once with
 * its {@link TrialRunner}. Inputs are cached in a folder by hash.
 */
public final class Worker implements AutoCloseable {
    /**
     * How a worker starts.
     *
     * @param iface       the interface to bind (an IP address or host name of this machine)
     * @param port        the member port (exactly this one)
     * @param join        members to join; empty: this worker starts a cluster others join
     * @param clusterName the cluster's name
     * @param threads     trials run at once
     * @param cacheDir    where inputs are cached (null: the user's cache folder, tinyfit/cluster)
     */
    public record Options(String iface, int port, List<ClusterConfig.Address> join, String clusterName, int threads, Path cacheDir) {
        public Options {
            iface = iface == null ? ClusterConfig.DEFAULT_INTERFACE : iface;
            join = List.copyOf(join == null ? List.of() : join);
            clusterName = ClusterConfig.clusterName(clusterName);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535, got " + port);
            if (threads < 1 || threads > 256) throw new IllegalArgumentException("threads must be 1-256, got " + threads);
        }

        /** Loopback, port 5701, no join, cluster "tinyfit", one thread, the user's cache folder. */
        public static Options defaults() {
            return new Options(ClusterConfig.DEFAULT_INTERFACE, ClusterConfig.DEFAULT_PORT, List.of(), ClusterConfig.DEFAULT_CLUSTER, 1, null);
        }
    }

    /** What a trial task reaches on its worker. */
    record Context(TrialRunner runner, Inputs.Cache cache, String address, AtomicInteger done) {
        void finished(boolean recorded) { if (recorded) done.incrementAndGet(); }
    }

    private final HazelcastInstance hz;
    private final Options options;
    private final String address;
    private final AtomicInteger done;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Worker(HazelcastInstance hz, Options options, String address, AtomicInteger done) {
        this.hz = hz;
        this.options = options;
        this.address = address;
        this.done = done;
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.SHUTDOWN) stopped.countDown();
        });
    }

    /** Starts a worker member; returns once it has joined (or, when no member answered, started) its cluster. */
    public static Worker start(Options o, TrialRunner runner) {
        InetAddress iface = ClusterConfig.localInterface(o.iface());
        Inputs.Cache cache = new Inputs.Cache(o.cacheDir() == null ? Inputs.defaultCache() : o.cacheDir());
        AtomicInteger done = new AtomicInteger();
        String self = (iface instanceof java.net.Inet6Address ? "[" + iface.getHostAddress() + "]" : iface.getHostAddress()) + ":" + o.port();
        Context ctx = new Context(runner, cache, self, done);
        var config = ClusterConfig.member(iface, o.port(), 1, o.join(), o.clusterName(), false,
                Map.of(ClusterConfig.ATTR_ROLE, ClusterConfig.ROLE_WORKER, ClusterConfig.ATTR_THREADS, Integer.toString(o.threads())),
                Map.of(ClusterConfig.CONTEXT, ctx), o.threads());
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start a worker on " + self + ": " + rootMessage(e), e);
        }
        Address a = hz.getCluster().getLocalMember().getAddress();
        return new Worker(hz, o, a.getHost().contains(":") ? "[" + a.getHost() + "]:" + a.getPort() : a.getHost() + ":" + a.getPort(), done);
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    /** "IP:PORT" this worker listens on. */
    public String address() { return address; }

    public String clusterName() { return options.clusterName(); }

    public int threads() { return options.threads(); }

    /** Members of the cluster now (this one included). */
    public int clusterSize() { return hz.getLifecycleService().isRunning() ? hz.getCluster().getMembers().size() : 0; }

    /** Trials this worker ran to a result the cluster recorded. */
    public int trialsDone() { return done.get(); }

    /** The line a worker prints when it is up. */
    public String banner() {
        int n = clusterSize();
        return "tinyfit worker " + address + " in cluster '" + clusterName() + "' (" + n + (n == 1 ? " member" : " members") + "), "
                + threads() + (threads() == 1 ? " thread" : " threads");
    }

    /** Blocks until the worker has stopped. */
    public void await() throws InterruptedException { stopped.await(); }

    /**
     * Leaves the cluster: running trials stop (their coordinators run them again elsewhere) and the
     * results this member holds move to the others before it goes.
     */
    @Override public void close() {
        if (hz.getLifecycleService().isRunning()) hz.shutdown();
        stopped.countDown();
    }

    /**
     * {@code Worker [--interface IP] [--port N] [--join HOST:PORT,...] [--cluster-name NAME] [--threads N] [--cache DIR]}
     * with the given runner; prints the banner, runs until stopped (Ctrl-C).
     */
    public static void run(String[] args, TrialRunner runner, PrintStream out) throws InterruptedException {
        Options o = parse(args);
        Worker w = start(o, runner);
        Runtime.getRuntime().addShutdownHook(new Thread(w::close, "tinyfit-worker-stop"));
        out.println(w.banner());
        out.flush();
        w.await();
    }

    /**
     * The runner workers use: {@link TrainingTrialRunner} training each trial on one thread (a
     * worker runs --threads trials at once; results do not depend on the thread count).
     */
    public static TrialRunner trainingRunner(String toolVersion) { return new TrainingTrialRunner(toolVersion, 1); }

    /** A worker with the training runner (the same options as {@code tinyfit worker}, plus {@code --cache DIR}). */
    public static void main(String[] args) throws InterruptedException {
        try {
            run(args, trainingRunner(System.getProperty("tinyfit.version", "dev")), System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("tinyfit worker: " + e.getMessage());
            System.exit(2);
        }
    }

    static Options parse(String[] args) {
        Options d = Options.defaults();
        String iface = d.iface();
        int port = d.port();
        List<ClusterConfig.Address> join = new ArrayList<>();
        String name = d.clusterName();
        int threads = d.threads();
        Path cache = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--interface" -> iface = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--join" -> join.addAll(ClusterConfig.Address.parseList(v));
                case "--cluster-name" -> name = v;
                case "--threads" -> threads = Integer.parseInt(v);
                case "--cache" -> cache = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(iface, port, join, name, threads, cache);
    }
}
