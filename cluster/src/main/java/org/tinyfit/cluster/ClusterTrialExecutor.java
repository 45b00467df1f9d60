package org.tinyfit.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinyfit.model.search.TrialExecutor;
import org.tinyfit.model.search.TrialResult;
import org.tinyfit.model.search.TrialSpec;

/**
 * Runs a search's trials on a cluster of workers. This process joins the cluster as a lite
 * member (it holds no data and runs no trials), publishes the search's inputs once by hash and
 * sends each trial to a worker with a free thread, as a task addressed to that member.
 *
 * <p>Why tasks to members rather than a shared queue: a task's future fails with
 * {@link MemberLeftException} when its member dies, so this side knows at once which trials to
 * send elsewhere and never has to guess whether a queued item was taken; and the coordinator
 * decides placement, so a worker runs at most its --threads trials. Exactly-once recording comes
 * from the result map: a task stores its result with {@code putIfAbsent} under the trial key
 * (backed up on a second member) and returns the stored one, so two runs of a key (a retry after
 * a member died at the very end, or a resumed search resending a trial) give the same result,
 * and each submitted future completes once. A trial whose result the cluster already holds (a
 * search resumed after its coordinator died) completes without running; one a live worker is
 * still running for an earlier coordinator is awaited rather than run again.
 */
public final class ClusterTrialExecutor implements TrialExecutor {
    /** Tries of a trial whose task failed for a reason other than its member leaving. */
    static final int MAX_ATTEMPTS = 3;
    /** Tries of a trial whose member left each time. */
    static final int MAX_MEMBER_LOSSES = 20;

    /**
     * How to connect.
     *
     * @param members     addresses of cluster members (workers) to join
     * @param clusterName the cluster's name
     * @param iface       the interface this process binds; null: loopback when the members are on
     *                    loopback, else the address this machine reaches the first of them from
     * @param port        first port to try for this process's member (up to 100 above it)
     */
    public record Options(List<ClusterConfig.Address> members, String clusterName, String iface, int port) {
        public Options {
            members = List.copyOf(members);
            if (members.isEmpty()) throw new IllegalArgumentException("--cluster needs at least one HOST:PORT");
            clusterName = ClusterConfig.clusterName(clusterName);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }

        /** First port a search's process tries (up to 100 above it): clear of the workers' 5701 and up. */
        public static final int DEFAULT_PORT = 5801;

        /** {@code --cluster HOST:PORT[,...]} and {@code --cluster-name NAME} (null: "tinyfit"). */
        public static Options of(String cluster, String clusterName) {
            return new Options(ClusterConfig.Address.parseList(cluster), clusterName, null, DEFAULT_PORT);
        }
    }

    /** A trial running on a member. */
    public record Running(String key, String plan, int epochs, long seed, Instant since) { }

    /**
     * A member as the window lists it.
     *
     * @param address "IP:PORT"
     * @param worker  whether it runs trials (false: a coordinator)
     * @param local   whether it is this process
     * @param threads trials it runs at once (0 for a coordinator)
     * @param running the trials it is running now (of any search)
     */
    public record MemberStatus(String address, boolean worker, boolean local, int threads, List<Running> running) { }

    private static final class Pending {
        final TrialSpec spec;
        final String key;
        final CompletableFuture<TrialResult> future = new CompletableFuture<>();
        int attempts;
        int losses;
        UUID member;
        Future<Wire.ResultMessage> task;
        long generation;
        UUID awaitedOwner;

        Pending(TrialSpec spec) {
            this.spec = spec;
            this.key = spec.key();
        }
    }

    private final HazelcastInstance hz;
    private final Map<String, Path> inputs;
    private final IExecutorService exec;
    private final IMap<String, Wire.ResultMessage> results;
    private final IMap<String, Wire.Claim> claims;
    private final ScheduledExecutorService loop;
    // state below is touched on the loop thread only
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Pending> byKey = new HashMap<>();
    private final Map<UUID, Set<Pending>> inflight = new HashMap<>();
    private final Set<Pending> awaiting = new LinkedHashSet<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private volatile boolean closed;
    private boolean warnedNoWorker;

    private ClusterTrialExecutor(HazelcastInstance hz, Map<String, Path> inputs) {
        this.hz = hz;
        this.inputs = Map.copyOf(inputs);
        this.exec = hz.getExecutorService(ClusterConfig.TRIALS);
        this.results = hz.getMap(ClusterConfig.RESULTS);
        this.claims = hz.getMap(ClusterConfig.CLAIMS);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tinyfit-cluster-dispatch");
            t.setDaemon(true);
            return t;
        });
        results.addEntryListener((EntryAddedListener<String, Wire.ResultMessage>) e -> {
            Wire.ResultMessage m = e.getValue();
            if (m != null) post(() -> arrived(e.getKey(), m.result()));
        }, true);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override public void memberAdded(MembershipEvent e) { post(ClusterTrialExecutor.this::dispatch); }

            @Override public void memberRemoved(MembershipEvent e) { post(() -> memberLeft(e.getMember().getUuid())); }
        });
        loop.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
    }

    /**
     * Joins the cluster at {@code options.members()} and waits (up to {@code waitForWorkers}) until
     * at least one worker is a member ({@link Duration#ZERO}: returns at once, e.g. to list members).
     *
     * @param inputsBySha256 the search's input files by the SHA-256 of their bytes (may be empty
     *                       for a connection that only lists members)
     */
    public static ClusterTrialExecutor connect(Options options, Map<String, Path> inputsBySha256, Duration waitForWorkers) {
        InetAddress iface = options.iface() != null ? ClusterConfig.localInterface(options.iface())
                : ClusterConfig.localInterface(ClusterConfig.interfaceToward(options.members()).getHostAddress());
        var config = ClusterConfig.member(iface, options.port(), 100, options.members(), options.clusterName(), true,
                Map.of(ClusterConfig.ATTR_ROLE, "coordinator"), null, 1);
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot join cluster '" + options.clusterName() + "' at " + options.members() + ": "
                    + Worker.rootMessage(e), e);
        }
        ClusterTrialExecutor x = new ClusterTrialExecutor(hz, inputsBySha256);
        long deadline = System.nanoTime() + waitForWorkers.toNanos();
        while (!waitForWorkers.isZero() && x.workerThreads() == 0) {
            if (System.nanoTime() > deadline) {
                x.close();
                throw new IllegalStateException("no worker of cluster '" + options.clusterName() + "' answered at " + options.members()
                        + " within " + waitForWorkers.toSeconds() + " s (start one there: tinyfit worker --interface "
                        + options.members().get(0).host() + " --port " + options.members().get(0).port() + " --cluster-name "
                        + options.clusterName() + ")");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                x.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining the cluster");
            }
        }
        return x;
    }

    /** {@link #connect(Options, Map, Duration)} waiting 30 s for a worker. */
    public static ClusterTrialExecutor connect(Options options, Map<String, Path> inputsBySha256) {
        return connect(options, inputsBySha256, Duration.ofSeconds(30));
    }

    // ---- TrialExecutor

    @Override public CompletableFuture<TrialResult> submit(TrialSpec spec) {
        Pending p = new Pending(spec);
        if (closed) {
            p.future.cancel(false);
            return p.future;
        }
        p.future.whenComplete((r, ex) -> {
            if (p.future.isCancelled()) post(() -> cancelled(p));
        });
        post(() -> enqueue(p));
        return p.future;
    }

    /** Threads of the workers now in the cluster (at least 1). */
    @Override public int slots() { return Math.max(1, workerThreads()); }

    @Override public String describe() {
        int workers = (int) workerMembers().size();
        int t = workerThreads();
        return "cluster '" + clusterName() + "' of " + workers + (workers == 1 ? " worker, " : " workers, ") + t + (t == 1 ? " slot" : " slots");
    }

    /** Cancels the trials not finished (running ones stop on their workers) and leaves the cluster. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            loop.submit(() -> {
                for (Pending p : new ArrayList<>(byKey.values())) {
                    if (p.task != null) p.task.cancel(true);
                    p.future.cancel(false);
                }
                byKey.clear();
                queue.clear();
                awaiting.clear();
                inflight.clear();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // leaving anyway
        }
        loop.shutdownNow();
        if (hz.getLifecycleService().isRunning()) hz.shutdown();
    }

    // ---- for the window and the CLI

    public String clusterName() { return hz.getConfig().getClusterName(); }

    /** "IP:PORT" of this process's member. */
    public String address() { return addressOf(hz.getCluster().getLocalMember()); }

    /** Members of the cluster now, workers first, and what each is running. */
    public List<MemberStatus> members() {
        Map<String, List<Running>> running = new HashMap<>();
        for (Map.Entry<String, Wire.Claim> e : claims.entrySet()) {
            Wire.Claim c = e.getValue();
            running.computeIfAbsent(c.memberUuid, k -> new ArrayList<>())
                    .add(new Running(e.getKey(), c.plan, c.epochs, c.seed, Instant.ofEpochMilli(c.startedMillis)));
        }
        List<MemberStatus> out = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            List<Running> r = new ArrayList<>(running.getOrDefault(m.getUuid().toString(), List.of()));
            r.sort(Comparator.comparing(Running::since));
            out.add(new MemberStatus(addressOf(m), isWorker(m), m.localMember(), threadsOf(m), List.copyOf(r)));
        }
        out.sort(Comparator.comparing((MemberStatus s) -> !s.worker()).thenComparing(MemberStatus::address));
        return out;
    }

    /**
     * Calls {@code changed} (on a cluster thread) whenever a member joins or leaves or a trial
     * starts or ends on a worker, for a view of {@link #members()}; closing the handle stops it.
     */
    public AutoCloseable watch(Runnable changed) {
        UUID membership = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override public void memberAdded(MembershipEvent e) { changed.run(); }

            @Override public void memberRemoved(MembershipEvent e) { changed.run(); }
        });
        UUID trials = claims.addEntryListener(new ClaimListener(changed), false);
        return () -> {
            if (!hz.getLifecycleService().isRunning()) return;
            hz.getCluster().removeMembershipListener(membership);
            claims.removeEntryListener(trials);
        };
    }

    private record ClaimListener(Runnable changed) implements com.hazelcast.map.listener.EntryAddedListener<String, Wire.Claim>,
            com.hazelcast.map.listener.EntryRemovedListener<String, Wire.Claim>, com.hazelcast.map.listener.EntryUpdatedListener<String, Wire.Claim>,
            com.hazelcast.map.listener.EntryExpiredListener<String, Wire.Claim> {
        @Override public void entryAdded(com.hazelcast.core.EntryEvent<String, Wire.Claim> e) { changed.run(); }

        @Override public void entryRemoved(com.hazelcast.core.EntryEvent<String, Wire.Claim> e) { changed.run(); }

        @Override public void entryUpdated(com.hazelcast.core.EntryEvent<String, Wire.Claim> e) { changed.run(); }

        @Override public void entryExpired(com.hazelcast.core.EntryEvent<String, Wire.Claim> e) { changed.run(); }
    }

    /** This process's member (tests stop it as a crash would). */
    HazelcastInstance hazelcast() { return hz; }

    /** The result the cluster holds for a trial key, if any. */
    public java.util.Optional<TrialResult> held(String key) {
        Wire.ResultMessage m = results.get(key);
        return java.util.Optional.ofNullable(m == null ? null : m.result());
    }

    // ---- the loop

    private void post(Runnable r) {
        if (loop.isShutdown()) return;
        try {
            loop.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    if (!closed) System.err.println("tinyfit: cluster: " + e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // closed
        }
    }

    private void enqueue(Pending p) {
        if (p.future.isDone()) return;
        if (closed) {
            p.future.cancel(false);
            return;
        }
        Pending same = byKey.get(p.key);
        if (same != null) { // the same trial twice: one run, both futures complete with its result
            same.future.whenComplete((r, ex) -> {
                if (ex == null) p.future.complete(r);
                else p.future.completeExceptionally(ex);
            });
            return;
        }
        byKey.put(p.key, p);
        try {
            Wire.ResultMessage held = results.get(p.key);
            if (held != null) {
                complete(p, held.result());
                return;
            }
            Wire.Claim claim = claims.get(p.key);
            UUID owner = claim == null ? null : parseUuid(claim.memberUuid);
            if (owner != null && hz.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(owner))) {
                p.awaitedOwner = owner; // a live worker runs it for an earlier coordinator: its result will arrive
                awaiting.add(p);
                return;
            }
        } catch (RuntimeException e) {
            // no worker holds the maps now (all gone): the trial waits in the queue for one
        }
        queue.addLast(p);
        dispatch();
    }

    private static UUID parseUuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void dispatch() {
        if (closed) return;
        while (!queue.isEmpty()) {
            Member target = freestWorker();
            if (target == null) return;
            Pending p = queue.pollFirst();
            if (p.future.isDone()) {
                byKey.remove(p.key, p);
                continue;
            }
            try {
                publish(p.spec);
            } catch (IOException e) { // a local file missing or changed
                complete(p, TrialResult.failed(p.key, "cannot send the trial's inputs to the cluster: " + e.getMessage(), 0, ""));
                continue;
            } catch (RuntimeException e) { // the cluster changing under the upload: again at the next tick
                forgetPublished(p.spec);
                if (++p.attempts < MAX_ATTEMPTS) {
                    queue.addFirst(p);
                    return;
                }
                complete(p, TrialResult.failed(p.key, "cannot send the trial's inputs to the cluster: " + describe(e), 0, ""));
                continue;
            }
            long gen = ++p.generation;
            p.member = target.getUuid();
            inflight.computeIfAbsent(p.member, k -> new HashSet<>()).add(p);
            Future<Wire.ResultMessage> f;
            try {
                f = exec.submitToMember(new TrialTask(p.spec), target);
            } catch (RuntimeException e) {
                inflight.get(p.member).remove(p);
                p.member = null;
                failedAttempt(p, e);
                continue;
            }
            p.task = f;
            UUID member = target.getUuid();
            ((CompletionStage<Wire.ResultMessage>) f).whenComplete((m, ex) -> post(() -> taskDone(p, gen, member, m, ex)));
        }
    }

    private void taskDone(Pending p, long gen, UUID member, Wire.ResultMessage m, Throwable ex) {
        Set<Pending> on = inflight.get(member);
        if (on != null) on.remove(p);
        if (gen != p.generation) { // an earlier try, already given up on
            dispatch();
            return;
        }
        p.member = null;
        p.task = null;
        if (p.future.isDone() || closed) {
            byKey.remove(p.key, p);
        } else if (ex == null && m != null) {
            complete(p, m.result());
        } else {
            failedAttempt(p, ex);
        }
        dispatch();
    }

    private void failedAttempt(Pending p, Throwable ex) {
        Throwable cause = unwrap(ex);
        if (memberGone(cause)) {
            if (++p.losses <= MAX_MEMBER_LOSSES) {
                queue.addFirst(p);
                return;
            }
            complete(p, TrialResult.failed(p.key, "the trial's worker left " + p.losses + " times", 0, ""));
            return;
        }
        if (cause instanceof CancellationException) {
            if (!p.future.isDone()) queue.addFirst(p); // a worker stopping cancels its trials
            return;
        }
        forgetPublished(p.spec); // an input the worker could not fetch is checked (and sent) again
        if (++p.attempts < MAX_ATTEMPTS) {
            queue.addLast(p);
            return;
        }
        complete(p, TrialResult.failed(p.key, "the trial could not run on the cluster: " + describe(cause), 0, ""));
    }

    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    private static boolean memberGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException || c instanceof HazelcastInstanceNotActiveException
                    || c instanceof RejectedExecutionException) return true;
        }
        return false;
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private void complete(Pending p, TrialResult r) {
        byKey.remove(p.key, p);
        queue.remove(p);
        awaiting.remove(p);
        p.future.complete(r);
    }

    private void arrived(String key, TrialResult r) {
        Pending p = byKey.get(key);
        if (p != null && awaiting.contains(p)) complete(p, r);
    }

    private void cancelled(Pending p) {
        if (p.task != null) p.task.cancel(true);
        byKey.remove(p.key, p);
        queue.remove(p);
        awaiting.remove(p);
    }

    private void memberLeft(UUID uuid) {
        for (Pending p : new ArrayList<>(awaiting)) {
            if (uuid.equals(p.awaitedOwner)) {
                awaiting.remove(p);
                p.awaitedOwner = null;
                Wire.ResultMessage held = results.get(p.key);
                if (held != null) complete(p, held.result());
                else queue.addFirst(p);
            }
        }
        Set<Pending> lost = inflight.remove(uuid);
        if (lost != null) { // normally their tasks fail with MemberLeftException first
            for (Pending p : lost) {
                if (p.future.isDone() || !uuid.equals(p.member)) continue;
                p.generation++;
                p.member = null;
                p.task = null;
                p.losses++;
                queue.addFirst(p);
            }
        }
        dispatch();
    }

    /** Every 2 s: trials awaited from a worker whose claim is gone, and anything that could be dispatched. */
    private void tick() {
        if (closed) return;
        try {
            for (Pending p : new ArrayList<>(awaiting)) {
                Wire.ResultMessage held = results.get(p.key);
                if (held != null) {
                    complete(p, held.result());
                } else if (!claims.containsKey(p.key)) {
                    awaiting.remove(p);
                    queue.addFirst(p);
                }
            }
            Set<UUID> live = new HashSet<>();
            for (Member m : hz.getCluster().getMembers()) live.add(m.getUuid());
            for (UUID u : new ArrayList<>(inflight.keySet())) if (!live.contains(u)) memberLeft(u);
            boolean stranded = !queue.isEmpty() && workerThreads() == 0;
            if (stranded && !warnedNoWorker) {
                System.err.println("tinyfit: no worker left in cluster '" + clusterName() + "'; " + queue.size()
                        + " trials wait for one (start a worker, or stop and --resume later)");
            }
            warnedNoWorker = stranded;
            dispatch();
        } catch (RuntimeException e) {
            if (!closed) System.err.println("tinyfit: cluster: " + e);
        }
    }

    private void publish(TrialSpec s) throws IOException {
        for (String sha : List.of(s.modelSha256(), s.trainSha256(), s.evalSha256())) {
            Long at = publishedAt.get(sha);
            long now = System.nanoTime();
            if (at != null && now - at < TimeUnit.MINUTES.toNanos(1)) continue;
            Path f = inputs.get(sha);
            if (f == null) {
                if (Inputs.whole(Inputs.map(hz), sha)) {
                    publishedAt.put(sha, now);
                    continue;
                }
                throw new IOException("input " + sha + " is not one of this search's files");
            }
            Inputs.publish(hz, sha, f);
            publishedAt.put(sha, now);
        }
    }

    private void forgetPublished(TrialSpec s) {
        publishedAt.remove(s.modelSha256());
        publishedAt.remove(s.trainSha256());
        publishedAt.remove(s.evalSha256());
    }

    private List<Member> workerMembers() {
        List<Member> out = new ArrayList<>();
        if (!hz.getLifecycleService().isRunning()) return out;
        for (Member m : hz.getCluster().getMembers()) if (isWorker(m)) out.add(m);
        return out;
    }

    private int workerThreads() {
        int t = 0;
        for (Member m : workerMembers()) t += threadsOf(m);
        return t;
    }

    private Member freestWorker() {
        Member best = null;
        int bestFree = 0;
        for (Member m : workerMembers()) {
            int free = threadsOf(m) - inflight.getOrDefault(m.getUuid(), Set.of()).size();
            if (free > bestFree) {
                best = m;
                bestFree = free;
            }
        }
        return best;
    }

    private static boolean isWorker(Member m) {
        return !m.isLiteMember() && ClusterConfig.ROLE_WORKER.equals(m.getAttribute(ClusterConfig.ATTR_ROLE));
    }

    private static int threadsOf(Member m) {
        if (!isWorker(m)) return 0;
        try {
            return Math.max(0, Math.min(256, Integer.parseInt(m.getAttribute(ClusterConfig.ATTR_THREADS))));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String addressOf(Member m) {
        var a = m.getAddress();
        return a.getHost().contains(":") ? "[" + a.getHost() + "]:" + a.getPort() : a.getHost() + ":" + a.getPort();
    }
}
