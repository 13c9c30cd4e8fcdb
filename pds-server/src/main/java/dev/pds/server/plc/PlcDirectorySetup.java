package dev.pds.server.plc;

import dev.pds.server.config.PdsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which PLC directory a PDS talks to, decided from its configuration: in dev mode without
 * {@code PDS_DID_PLC_URL}, an embedded directory on loopback with its operations kept in
 * {@code <data>/plc/}; otherwise the configured (or public) directory over HTTP. The PDS
 * creates one at start, hands {@link #client()} to account code, and closes it at shutdown.
 */
public final class PlcDirectorySetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlcDirectorySetup.class);
    /** Folder of the embedded directory inside the data directory. */
    public static final String DATA_FOLDER = "plc";

    private final PlcDirectoryClient client;
    private final PlcDirectoryServer embedded;
    private final String url;

    private PlcDirectorySetup(PlcDirectoryClient client, PlcDirectoryServer embedded, String url) {
        this.client = client;
        this.embedded = embedded;
        this.url = url;
    }

    /**
     * @param embeddedPort loopback port for the embedded directory (0 picks a free one); unused
     *     when a remote directory is configured
     */
    public static PlcDirectorySetup fromConfig(PdsConfig config, int embeddedPort) throws IOException {
        if (config.devMode() && config.didPlcUrl().isEmpty()) {
            return embedded(config.dataDirectory().resolve(DATA_FOLDER), embeddedPort);
        }
        String url = config.plcUrl();
        return new PlcDirectorySetup(new PlcClient(url), null, url);
    }

    /** An embedded directory kept in {@code folder}, served on loopback. */
    public static PlcDirectorySetup embedded(Path folder, int port) throws IOException {
        PlcDirectory directory = PlcDirectory.open(folder, Clock.systemUTC());
        PlcDirectoryServer server;
        try {
            server = PlcDirectoryServer.start(directory, port);
        } catch (IOException e) {
            directory.close();
            throw new IOException("cannot start the embedded PLC directory on port " + port + ": " + e.getMessage(), e);
        }
        LOG.info("Dev mode: embedded PLC directory at {} with operations in {}", server.url(), folder);
        // in-process calls skip HTTP but apply exactly the rules the HTTP routes apply
        return new PlcDirectorySetup(directory, server, server.url());
    }

    public PlcDirectoryClient client() {
        return client;
    }

    /** The directory's base URL (what goes into logs and what outside tools should use). */
    public String url() {
        return url;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
