package dev.pds.server.cli;

import dev.pds.server.PdsServer;
import dev.pds.server.config.ConfigException;
import dev.pds.server.config.PdsConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        description = {
            "Run the server until it is stopped (SIGTERM or Ctrl-C shut it down gracefully).",
            "Configuration comes from PDS_* environment variables with the reference PDS's names:",
            "PDS_HOSTNAME, PDS_PORT, PDS_DATA_DIRECTORY, PDS_DID_PLC_URL, PDS_SERVICE_HANDLE_DOMAINS,",
            "PDS_INVITE_REQUIRED, PDS_BLOB_UPLOAD_LIMIT, PDS_JWT_SECRET, PDS_ADMIN_PASSWORD,",
            "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX, PDS_CRAWLERS, PDS_BSKY_APP_VIEW_URL,",
            "PDS_BSKY_APP_VIEW_DID, PDS_RATE_LIMITS_ENABLED, PDS_DEV_MODE; and ours: PDS_BIND_HOST,",
            "PDS_JSON_BODY_LIMIT, PDS_IDLE_TIMEOUT_SECONDS, PDS_WORKER_THREADS, PDS_WORKER_QUEUE,",
            "PDS_SHUTDOWN_TIMEOUT_SECONDS.",
            "With nothing set it listens on 127.0.0.1:2583 with data (and generated secrets) in ./data."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PdsConfig config;
        try {
            config = PdsConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("pds: configuration error: " + e.getMessage());
            return 2;
        }
        PdsServer server;
        try {
            server = PdsServer.start(config);
        } catch (IOException e) {
            spec.commandLine().getErr().println("pds: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pds-shutdown"));
        server.awaitClosed();
        LOG.debug("serve finished");
        return 0;
    }
}
