package dev.pds.server.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.MovableClock;
import dev.pds.server.oauth.client.SafeFetcher;
import dev.pds.server.oauth.dpop.DpopNonces;
import dev.pds.server.oauth.dpop.ReplayCache;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Nonce rotation, the replay memory's window, and which addresses the client fetcher refuses. */
class DpopNoncesTest {

    @Test
    void noncesRotateAndStayValidForTwoToThreePeriods() {
        MovableClock clock = new MovableClock();
        DpopNonces nonces = new DpopNonces(new byte[32], Duration.ofMinutes(1), clock);
        String first = nonces.next();
        assertEquals(43, first.length());
        assertTrue(nonces.isValid(first));
        clock.now = clock.now.plusSeconds(60);
        assertTrue(nonces.isValid(first));
        String second = nonces.next();
        assertNotEquals(first, second);
        clock.now = clock.now.plusSeconds(60);
        assertTrue(nonces.isValid(first), "still in the window");
        clock.now = clock.now.plusSeconds(60);
        assertFalse(nonces.isValid(first), "at most three periods");
        assertFalse(nonces.isValid("forged"));
        assertFalse(new DpopNonces(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                24, 25, 26, 27, 28, 29, 30, 31, 32}, Duration.ofMinutes(1), clock).isValid(nonces.next()),
                "another secret, other nonces");
    }

    @Test
    void replayMemoryKeepsValuesForAtLeastItsWindow() {
        MovableClock clock = new MovableClock();
        ReplayCache cache = new ReplayCache(Duration.ofMinutes(5), 100, clock);
        assertTrue(cache.firstUse("a"));
        assertFalse(cache.firstUse("a"));
        clock.now = clock.now.plusSeconds(299);
        assertFalse(cache.firstUse("a"));
        clock.now = clock.now.plusSeconds(2);
        assertFalse(cache.firstUse("a"), "kept in the previous generation");
        clock.now = clock.now.plusSeconds(700);
        assertTrue(cache.firstUse("a"), "forgotten after two windows");
    }

    @Test
    void onlyPublicAddressesAreFetched() throws Exception {
        for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"}) {
            assertFalse(SafeFetcher.isPublic(InetAddress.getByName(a)), a);
        }
        for (String a : new String[] {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"}) {
            assertTrue(SafeFetcher.isPublic(InetAddress.getByName(a)), a);
        }
    }
}
