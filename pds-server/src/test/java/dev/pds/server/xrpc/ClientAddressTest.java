package dev.pds.server.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    static String of(String peer, String... forwarded) {
        return ClientAddress.of(new InetSocketAddress(peer, 4000), forwarded.length == 0 ? Map.of()
                : Map.of("x-forwarded-for", List.of(forwarded)));
    }

    @Test
    void aPublicPeerIsTheClientWhateverItForwards() {
        assertEquals("203.0.113.9", of("203.0.113.9"));
        assertEquals("203.0.113.9", of("203.0.113.9", "198.51.100.1"));
    }

    @Test
    void behindALocalProxyTheNearestForeignHopIsTheClient() {
        assertEquals("198.51.100.1", of("127.0.0.1", "198.51.100.1"));
        assertEquals("198.51.100.1", of("10.0.0.5", "6.6.6.6, 198.51.100.1, 172.16.0.2"), "a spoofed left part is not read");
        assertEquals("198.51.100.1", of("::1", "6.6.6.6", "198.51.100.1"), "several headers read as one list");
        assertEquals("2001:db8:0:0:0:0:0:1", of("127.0.0.1", "2001:db8::1"));
        assertEquals("127.0.0.1", of("127.0.0.1"), "no header: the proxy itself");
        assertEquals("10.0.0.2", of("127.0.0.1", "10.0.0.2"), "only local hops: the farthest");
    }

    @Test
    void whatIsNotAnAddressEndsTheWalkWithoutANameLookup() {
        assertEquals("127.0.0.1", of("127.0.0.1", "attacker.example"));
        assertEquals("127.0.0.1", of("127.0.0.1", "999.1.1.1"));
        assertEquals("198.51.100.1", of("127.0.0.1", "1.2.3, 198.51.100.1"));
    }
}
