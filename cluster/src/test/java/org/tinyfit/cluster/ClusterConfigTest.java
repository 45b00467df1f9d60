package org.tinyfit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.EndpointConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Config workerConfig(int port) {
        return ClusterConfig.member(ClusterConfig.localInterface(ClusterConfig.DEFAULT_INTERFACE), port, 1, List.of(), "cfg-test", false,
                Map.of(ClusterConfig.ATTR_ROLE, ClusterConfig.ROLE_WORKER), null, 1);
    }

    @Test void workerDefaultsBindLoopbackOnlyWithoutDiscoveryOrClientPort() {
        Worker.Options d = Worker.Options.defaults();
        assertEquals("127.0.0.1", d.iface());
        assertEquals(5701, d.port());
        assertEquals("tinyfit", d.clusterName());
        Config c = workerConfig(5701);
        assertTrue(c.getAdvancedNetworkConfig().isEnabled());
        var join = c.getAdvancedNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled(), "no multicast");
        assertFalse(join.isAutoDetectionEnabled(), "no auto-detection");
        assertTrue(join.getTcpIpConfig().isEnabled());
        Map<EndpointQualifier, EndpointConfig> endpoints = c.getAdvancedNetworkConfig().getEndpointConfigs();
        assertEquals(1, endpoints.size(), "a member endpoint only (no client, REST, memcache): " + endpoints.keySet());
        ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) endpoints.get(EndpointQualifier.MEMBER);
        assertTrue(member.getInterfaces().isEnabled());
        assertEquals(List.of("127.0.0.1"), new ArrayList<>(member.getInterfaces().getInterfaces()));
        assertFalse(member.isPortAutoIncrement());
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertFalse(c.getJetConfig().isEnabled());
        assertEquals(1, c.getMapConfig(ClusterConfig.RESULTS).getBackupCount());
    }

    @Test void aStartedWorkerListensOnLoopbackOnly() throws Exception {
        int port = freePort();
        try (Worker w = Worker.start(new Worker.Options(null, port, List.of(), "cfg-test-" + port, 1, null), (s, m, t, e, c) -> null)) {
            assertEquals("127.0.0.1:" + port, w.address());
            assertTrue(w.banner().contains("127.0.0.1:" + port) && w.banner().contains("cfg-test-" + port), w.banner());
            try (var sock = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(sock.isConnected());
            }
            for (var ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) continue;
                    try (var sock = new java.net.Socket()) {
                        assertThrows(IOException.class, () -> sock.connect(new java.net.InetSocketAddress(a, port), 500),
                                "the worker must not listen on " + a.getHostAddress());
                    }
                }
            }
        }
    }

    @Test void interfacesAndAddressesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.localInterface("0.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.localInterface("192.0.2.1")); // TEST-NET, nobody's
        assertEquals(new ClusterConfig.Address("10.0.0.5", 5701), ClusterConfig.Address.parse("10.0.0.5"));
        assertEquals(new ClusterConfig.Address("::1", 5702), ClusterConfig.Address.parse("[::1]:5702"));
        assertEquals(List.of(new ClusterConfig.Address("a", 1), new ClusterConfig.Address("b", 2)), ClusterConfig.Address.parseList("a:1, b:2"));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.Address.parse("host:x"));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.Address.parse("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.clusterName("a b"));
        assertEquals("127.0.0.1", ClusterConfig.interfaceToward(List.of(ClusterConfig.Address.parse("127.0.0.1:5701"))).getHostAddress());
    }

    /** Not one of TinyFit's types, nor a plain JDK value. */
    record Foreign(String payload) implements Serializable { }

    @Test void deserializationFilterRefusesAForeignClassAndTakesJdkValues() throws Exception {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(workerConfig(freePort()));
        try {
            IMap<String, Object> m = hz.getMap("filter-test");
            m.put("jdk", new ArrayList<>(List.of("a", "b")));
            assertEquals(List.of("a", "b"), m.get("jdk"));
            m.put("foreign", new Foreign("x"));
            RuntimeException e = assertThrows(RuntimeException.class, () -> m.get("foreign"));
            String all = chain(e);
            assertTrue(all.contains(Foreign.class.getName()) || all.toLowerCase().contains("filter") || all.contains("Security"), all);
        } finally {
            hz.shutdown();
        }
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c).append(" | ");
        return sb.toString();
    }
}
