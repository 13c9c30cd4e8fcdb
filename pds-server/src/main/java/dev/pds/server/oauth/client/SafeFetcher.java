package dev.pds.server.oauth.client;

import dev.pds.server.oauth.OAuthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches JSON documents named by clients (metadata, JWKS) without letting a client point the
 * server at itself or its network: outside dev mode only {@code https}, every address of the
 * host must be public (not loopback, private, link-local, multicast or unspecified), and the
 * address actually connected to is checked again before TLS starts, so DNS rebinding between
 * the lookup and the connection does not help. No redirects, status 200 only, a JSON content
 * type, a size limit and a deadline for the whole exchange.
 */
public final class SafeFetcher {
    public static final int MAX_BYTES = 64 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(8);

    private final boolean devMode;
    private final SSLSocketFactory tls;

    public SafeFetcher(boolean devMode) {
        this.devMode = devMode;
        this.tls = new PublicAddressSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault(), devMode);
    }

    /** The body of a 200 JSON answer; {@code invalid_client_metadata} for anything else. */
    public byte[] fetchJson(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(devMode && scheme.equals("http"))) {
            throw fail(url, "only https URLs are fetched");
        }
        if (!devMode) {
            checkHost(uri.getHost(), url);
        }
        long deadline = System.nanoTime() + TOTAL_TIMEOUT.toNanos();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            if (connection instanceof HttpsURLConnection) {
                ((HttpsURLConnection) connection).setSSLSocketFactory(tls);
            }
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", "pds-oauth-client-fetcher");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw fail(url, "answered HTTP " + status + " (200 is required, redirects are not followed)");
            }
            String type = connection.getContentType() == null ? "" : connection.getContentType().toLowerCase(Locale.ROOT);
            if (!type.split(";", 2)[0].trim().equals("application/json")) {
                throw fail(url, "content type must be application/json, got " + (type.isEmpty() ? "none" : type));
            }
            long declared = connection.getContentLengthLong();
            if (declared > MAX_BYTES) {
                throw fail(url, "document larger than " + MAX_BYTES + " bytes");
            }
            return readLimited(connection.getInputStream(), deadline, url);
        } catch (IOException e) {
            throw fail(url, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static byte[] readLimited(InputStream in, long deadline, String url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                throw fail(url, "document larger than " + MAX_BYTES + " bytes");
            }
            if (System.nanoTime() > deadline) {
                throw fail(url, "took longer than " + TOTAL_TIMEOUT.toSeconds() + " s");
            }
        }
        return out.toByteArray();
    }

    private static void checkHost(String host, String url) {
        if (host == null) {
            throw fail(url, "no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw fail(url, "host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw fail(url, "host " + host + " resolves to a non-public address");
            }
        }
    }

    /** Not loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, multicast or unspecified. */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 224;
        }
        boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
        boolean mappedV4 = isMappedV4(b);
        if (mappedV4) {
            try {
                return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return !uniqueLocal;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    static OAuthException fail(String url, String why) {
        return OAuthException.invalidClientMetadata("Unable to fetch " + url + ": " + why);
    }

    /** Wraps the TCP socket in TLS only after checking where it actually connected. */
    private static final class PublicAddressSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final boolean devMode;

        PublicAddressSocketFactory(SSLSocketFactory delegate, boolean devMode) {
            this.delegate = delegate;
            this.devMode = devMode;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            if (!devMode && (s.getInetAddress() == null || !isPublic(s.getInetAddress()))) {
                s.close();
                throw new IOException("connected to a non-public address");
            }
            return delegate.createSocket(s, host, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new IOException("direct TLS connections are not used");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new IOException("direct TLS connections are not used");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new IOException("direct TLS connections are not used");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            throw new IOException("direct TLS connections are not used");
        }
    }
}
