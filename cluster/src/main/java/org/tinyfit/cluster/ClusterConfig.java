package org.tinyfit.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.ProtocolType;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The one place a Hazelcast member of TinyFit is configured (in code; no XML is read):
 * TCP-IP join with the addresses given (no multicast, no auto-detection, no cloud discovery),
 * a member socket bound to one interface only (loopback unless the user names another), no
 * client, REST or memcache endpoint, TinyFit's types by number (no class names on the wire),
 * Java deserialization restricted to plain JDK values, no phone-home, quiet logging.
 */
public final class ClusterConfig {
    private ClusterConfig() { }

    /** Cluster name when none is given. */
    public static final String DEFAULT_CLUSTER = "tinyfit";
    /** Port of a worker when none is given, and of an address given without one. */
    public static final int DEFAULT_PORT = 5701;
    /** The interface a worker binds when none is given. */
    public static final String DEFAULT_INTERFACE = "127.0.0.1";

    /** Trial results by trial key (one backup on another member). */
    static final String RESULTS = "tinyfit.results";
    /** Which member runs which trial, by trial key. */
    static final String CLAIMS = "tinyfit.claims";
    /** Search inputs in chunks: "SHA256/N" (chunk N) and "SHA256" (its length, written last). */
    static final String INPUTS = "tinyfit.inputs";
    /** The executor trials run on (a worker's pool has --threads threads). */
    static final String TRIALS = "tinyfit.trials";

    /** Member attribute: "worker" on members that run trials. */
    static final String ATTR_ROLE = "tinyfit.role";
    static final String ROLE_WORKER = "worker";
    /** Member attribute: how many trials a worker runs at once. */
    static final String ATTR_THREADS = "tinyfit.threads";
    /** User-context key of a worker's {@link Worker.Context}. */
    static final String CONTEXT = "tinyfit.worker";

    /** How long a result stays in the cluster after it was last read (a --resume finds it within this). */
    static final int RESULT_MAX_IDLE_SECONDS = 7 * 24 * 3600;
    /** How long a published input stays after it was last read (a coordinator publishes it again when gone). */
    static final int INPUT_MAX_IDLE_SECONDS = 6 * 3600;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    /** The address of a member: host (an IP address or a name) and port. */
    public record Address(String host, int port) {
        public Address {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("an address needs a host");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }

        /** "HOST:PORT", "HOST" (port 5701), "[IPv6]:PORT" or "[IPv6]". */
        public static Address parse(String text) {
            String t = text == null ? "" : text.trim();
            if (t.isEmpty()) throw new IllegalArgumentException("an empty address");
            String host;
            String port = null;
            if (t.startsWith("[")) {
                int end = t.indexOf(']');
                if (end < 0) throw new IllegalArgumentException("address '" + t + "': missing ]");
                host = t.substring(1, end);
                String rest = t.substring(end + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) throw new IllegalArgumentException("address '" + t + "': expected :PORT after ]");
                    port = rest.substring(1);
                }
            } else {
                int colon = t.lastIndexOf(':');
                if (colon >= 0 && t.indexOf(':') != colon) throw new IllegalArgumentException("address '" + t + "': write an IPv6 address as [ADDRESS]:PORT");
                host = colon >= 0 ? t.substring(0, colon) : t;
                port = colon >= 0 ? t.substring(colon + 1) : null;
            }
            int p = DEFAULT_PORT;
            if (port != null) {
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("address '" + t + "': port '" + port + "' is not a number");
                }
            }
            return new Address(host, p);
        }

        /** A comma-separated list of addresses. */
        public static List<Address> parseList(String text) {
            List<Address> out = new ArrayList<>();
            if (text == null) return out;
            for (String part : text.split(",")) if (!part.isBlank()) out.add(parse(part));
            return out;
        }

        /** The host resolved to an IP address. */
        InetAddress inet() {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host '" + host + "'");
            }
        }

        /** "IP:PORT" as Hazelcast's TCP-IP member list takes it. */
        String member() {
            InetAddress a = inet();
            String ip = a.getHostAddress();
            return (a instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port;
        }

        @Override public String toString() { return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port; }
    }

    /** Checks a cluster name (1-64 of A-Z a-z 0-9 . _ -). */
    public static String clusterName(String name) {
        String n = name == null ? DEFAULT_CLUSTER : name;
        if (!NAME.matcher(n).matches()) throw new IllegalArgumentException("cluster name must be 1-64 of A-Z a-z 0-9 . _ -, got '" + n + "'");
        return n;
    }

    /**
     * The IP address of this machine to bind for {@code iface} (an IP address or a host name
     * of this machine); an address that belongs to no interface of this machine is refused.
     */
    public static InetAddress localInterface(String iface) {
        InetAddress a;
        try {
            a = InetAddress.getByName(iface);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown interface '" + iface + "'");
        }
        try {
            if (a.isAnyLocalAddress()) throw new IllegalArgumentException("bind one interface, not " + a.getHostAddress() + " (all of them)");
            if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null)
                throw new IllegalArgumentException(a.getHostAddress() + " is not an address of this machine");
        } catch (SocketException e) {
            throw new IllegalArgumentException("cannot list this machine's interfaces: " + e.getMessage());
        }
        return a;
    }

    /**
     * The interface a coordinator binds to reach {@code members}: loopback when they all are
     * on this machine's loopback, else the local address the system routes to the first of them.
     */
    public static InetAddress interfaceToward(List<Address> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("no cluster address given");
        boolean allLoopback = members.stream().allMatch(m -> m.inet().isLoopbackAddress());
        if (allLoopback) return members.get(0).inet();
        Address first = members.stream().filter(m -> !m.inet().isLoopbackAddress()).findFirst().orElseThrow();
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(first.inet(), first.port()));
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress())
                throw new IllegalArgumentException("no route from this machine to " + first);
            return local;
        } catch (SocketException e) {
            throw new IllegalArgumentException("no route from this machine to " + first + ": " + e.getMessage());
        }
    }

    /**
     * A member's configuration.
     *
     * @param iface         the one interface to bind
     * @param port          the member port
     * @param portCount     how many ports from {@code port} up to try (1: exactly {@code port})
     * @param join          members to join (may be empty: this member starts a cluster)
     * @param clusterName   the cluster's name (members of another name do not join)
     * @param lite          a lite member holds no data and runs no trials (the coordinator)
     * @param attributes    member attributes (role, threads)
     * @param userContext   objects tasks on this member can reach (the worker's context)
     * @param workerThreads size of the trial executor on this member
     */
    static Config member(InetAddress iface, int port, int portCount, List<Address> join, String clusterName, boolean lite,
                         Map<String, String> attributes, Map<String, Object> userContext, int workerThreads) {
        quietLogging();
        Config c = new Config();
        c.setClusterName(clusterName(clusterName));
        c.setInstanceName("tinyfit-" + (lite ? "coordinator-" : "worker-") + port + "-" + Long.toHexString(System.nanoTime()));
        c.setLiteMember(lite);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "5");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "2");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "20");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "60");
        c.getJetConfig().setEnabled(false);

        // one member endpoint on one interface; no client, REST or memcache endpoint
        AdvancedNetworkConfig net = c.getAdvancedNetworkConfig();
        net.setEnabled(true);
        InterfacesConfig ifc = new InterfacesConfig().setEnabled(true).addInterface(iface.getHostAddress());
        ServerSocketEndpointConfig memberEndpoint = new ServerSocketEndpointConfig();
        memberEndpoint.setProtocolType(ProtocolType.MEMBER);
        memberEndpoint.setPort(port).setPortAutoIncrement(portCount > 1).setPortCount(Math.max(1, portCount)).setInterfaces(ifc);
        net.setMemberEndpointConfig(memberEndpoint);
        JoinConfig join1 = net.getJoin();
        join1.getMulticastConfig().setEnabled(false);
        join1.getAutoDetectionConfig().setEnabled(false);
        join1.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(5);
        for (Address a : join) join1.getTcpIpConfig().addMember(a.member());
        if (join.isEmpty()) join1.getTcpIpConfig().addMember(hostAddress(iface) + ":" + port);

        // data: TinyFit's types by number; Java serialization only for plain JDK values
        c.getSerializationConfig().addDataSerializableFactory(Wire.FACTORY_ID, Wire.FACTORY);
        c.getSerializationConfig().setJavaSerializationFilterConfig(deserializationFilter());

        c.addMapConfig(new MapConfig(RESULTS).setBackupCount(1).setAsyncBackupCount(0).setMaxIdleSeconds(RESULT_MAX_IDLE_SECONDS));
        c.addMapConfig(new MapConfig(CLAIMS).setBackupCount(1).setAsyncBackupCount(0).setTimeToLiveSeconds(RESULT_MAX_IDLE_SECONDS));
        c.addMapConfig(new MapConfig(INPUTS).setBackupCount(1).setAsyncBackupCount(0).setMaxIdleSeconds(INPUT_MAX_IDLE_SECONDS));
        c.addExecutorConfig(new ExecutorConfig(TRIALS).setPoolSize(Math.max(1, workerThreads)).setQueueCapacity(0).setStatisticsEnabled(false));

        c.getMemberAttributeConfig().setAttributes(Map.copyOf(attributes));
        if (userContext != null) c.setUserContext(new java.util.concurrent.ConcurrentHashMap<>(userContext));
        return c;
    }

    private static String hostAddress(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    /**
     * Java deserialization allowed only for the JDK's own plain values (strings, boxed numbers,
     * collections, the exceptions a failed remote call carries) and Hazelcast's own classes
     * (its defaults, with its list of known gadget classes refused); anything else is refused.
     */
    static JavaSerializationFilterConfig deserializationFilter() {
        JavaSerializationFilterConfig f = new JavaSerializationFilterConfig();
        f.setDefaultsDisabled(false);
        f.getWhitelist()
                .addPackages("java.lang", "java.util", "java.util.concurrent", "java.math", "java.time")
                .addClasses("java.io.IOException", "java.io.UncheckedIOException",
                        TrialTask.class.getName(), Wire.ResultMessage.class.getName(), Wire.Claim.class.getName());
        return f;
    }

    /** Hazelcast logs through java.util.logging, severe messages only. */
    static void quietLogging() {
        if (System.getProperty("tinyfit.cluster.verbose") == null) HAZELCAST_LOG.setLevel(Level.SEVERE);
    }
}
