package dev.pds.server.api;

import dev.pds.server.api.server.DescribeServer;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.xrpc.XrpcMethods;

/** The one place where every XRPC method this PDS implements is registered. */
public final class PdsMethods {
    private PdsMethods() {
    }

    /** The standard methods; callers may add more before {@code build()}. */
    public static XrpcMethods.Builder standard(PdsConfig config, LexiconCatalog lexicons) {
        return XrpcMethods.builder(lexicons)
                .add(new DescribeServer(config));
    }
}
