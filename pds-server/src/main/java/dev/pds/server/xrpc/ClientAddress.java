package dev.pds.server.xrpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The address a request came from, as rate limits key it. Behind a reverse proxy on the same
 * host or network (a loopback, link-local or private peer, as the reference's Express trusts)
 * it is the nearest address in {@code X-Forwarded-For} that is not such a proxy; otherwise the
 * peer itself. Never resolves a name: only literal addresses are read.
 */
public final class ClientAddress {
    /** The header-map key the router puts it under; no HTTP header name can contain ':'. */
    public static final String KEY = ":client-ip";
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    public static String of(SocketAddress peer, Map<String, List<String>> headers) {
        InetAddress address = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address == null) {
            return "unknown";
        }
        if (!trusted(address)) {
            return address.getHostAddress();
        }
        List<String> forwarded = headers.getOrDefault("x-forwarded-for", List.of());
        String nearest = address.getHostAddress();
        // the last hop appended last: walk back past our own proxies
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = literal(hops[i].trim());
                if (hop == null) {
                    return nearest;
                }
                nearest = hop.getHostAddress();
                if (!trusted(hop)) {
                    return nearest;
                }
            }
        }
        return nearest;
    }

    private static boolean trusted(InetAddress a) {
        boolean uniqueLocal = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || uniqueLocal;
    }

    private static InetAddress literal(String s) {
        if (!LITERAL.matcher(s).matches()) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                // with a colon the JDK reads an IPv6 literal or fails, never looking a name up
                return InetAddress.getByName(s);
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                bytes[i] = (byte) v;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
