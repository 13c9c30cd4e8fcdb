package dev.pds.server;

import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.core.events.EventClock;
import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.store.RepoStore;
import dev.pds.core.store.StoreConfig;
import dev.pds.server.api.PdsMethods;
import dev.pds.server.config.HttpLimits;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.firehose.CrawlerNotifier;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.firehose.SubscribeReposUpgrade;
import dev.pds.server.http.HttpChannelInitializer;
import dev.pds.server.http.HttpRoute;
import dev.pds.server.http.InFlightRequests;
import dev.pds.server.http.Transport;
import dev.pds.server.http.RequestRouter;
import dev.pds.server.identity.AtprotoDidRoute;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.memory.MemoryReport;
import dev.pds.server.oauth.http.OAuthRoutes;
import dev.pds.server.plc.PlcDirectorySetup;
import dev.pds.server.config.RateLimitConfig;
import dev.pds.server.ratelimit.LoginAttempts;
import dev.pds.server.ratelimit.RateLimiter;
import dev.pds.server.xrpc.RequestLimits;
import dev.pds.server.xrpc.XrpcDispatcher;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcMethods;
import dev.pds.server.proxy.ServiceEndpoints;
import dev.pds.server.proxy.ServiceProxy;
import dev.pds.server.readafterwrite.ImageUrls;
import dev.pds.server.readafterwrite.ReadAfterWrite;
import dev.pds.server.readafterwrite.RecentWrites;
import dev.pds.server.xrpc.RequestMemory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PDS: the RocksDB store in {@code <data>/store}, Netty listening on the configured
 * address, XRPC methods on a bounded worker pool. {@link #start} returns once the port is bound; {@link #close} shuts down gracefully.
 */
public final class PdsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PdsServer.class);

    /** How long a proxied call may take upstream, and a proxy's DID document lookup. */
    static final Duration PROXY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration PROXY_RESOLVE_TIMEOUT = Duration.ofSeconds(5);
    /** Folder of the RocksDB store inside the data directory. */
    public static final String STORE_FOLDER = "store";
    /** Folder of request bodies being streamed in (uploads); emptied at every start. */
    public static final String UPLOADS_FOLDER = "tmp";

    private final AppContext context;
    private final PdsConfig config;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup io;
    private final ThreadPoolExecutor workers;
    private final ChannelGroup connections;
    private final InFlightRequests inFlight;
    private final AtomicBoolean draining;
    private final Channel listener;
    private final PlcDirectorySetup plc;
    private final Firehose firehose;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private PdsServer(AppContext context, EventLoopGroup acceptors, EventLoopGroup io, ThreadPoolExecutor workers,
            ChannelGroup connections, InFlightRequests inFlight, AtomicBoolean draining, Channel listener,
            PlcDirectorySetup plc, Firehose firehose) {
        this.context = context;
        this.config = context.config();
        this.acceptors = acceptors;
        this.io = io;
        this.workers = workers;
        this.connections = connections;
        this.inFlight = inFlight;
        this.draining = draining;
        this.listener = listener;
        this.plc = plc;
        this.firehose = firehose;
    }

    /** Starts with the standard methods and the bundled lexicons. */
    public static PdsServer start(PdsConfig config) throws IOException {
        return start(config, LexiconCatalog.bundled(), context -> List.of());
    }

    /**
     * Starts with the standard methods plus those {@code extraMethods} builds (tests add their
     * own), all governed by {@code lexicons}.
     */
    public static PdsServer start(PdsConfig config, LexiconCatalog lexicons,
            Function<AppContext, List<XrpcMethod>> extraMethods) throws IOException {
        Path uploads = emptyFolder(config.dataDirectory().resolve(UPLOADS_FOLDER));
        Path storeDir = config.dataDirectory().resolve(STORE_FOLDER);
        RepoStore store;
        try {
            store = RepoStore.open(storeDir, config.memory().storeConfig(StoreConfig.defaults(), Runtime.getRuntime().maxMemory()));
        } catch (RuntimeException e) {
            throw new IOException("cannot open the store in " + storeDir + ": " + e.getMessage(), e);
        }
        if (store.blocksUpgradedAtOpen() > 0) {
            LOG.info("Store upgraded to format {}: {} blocks rewritten", RepoStore.FORMAT, store.blocksUpgradedAtOpen());
        }
        PlcDirectorySetup plc;
        try {
            // dev mode without PDS_DID_PLC_URL: an embedded directory on a loopback port of its own
            plc = PlcDirectorySetup.fromConfig(config, 0);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        Firehose firehose;
        try {
            firehose = Firehose.start(store, config.firehose(), new CrawlerNotifier(config.crawlers(), config.hostname(),
                    config.firehose().crawlInterval(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
        } catch (RuntimeException e) {
            plc.close();
            store.close();
            throw new IOException("cannot start the firehose: " + e.getMessage(), e);
        }
        HttpLimits limits = config.limits();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(),
                60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.workerQueue()),
                new DefaultThreadFactory("pds-xrpc", true), new ThreadPoolExecutor.AbortPolicy());
        Transport transport = Transport.available();
        EventLoopGroup acceptors = transport.group(1, new DefaultThreadFactory("pds-accept", true));
        EventLoopGroup io = transport.group(0, new DefaultThreadFactory("pds-io", true));
        ChannelGroup connections = new DefaultChannelGroup("pds-connections", GlobalEventExecutor.INSTANCE);
        InFlightRequests inFlight = new InFlightRequests();
        AtomicBoolean draining = new AtomicBoolean();
        // the methods need the bound port (DID documents name it), so accepting waits until they exist
        AtomicReference<XrpcDispatcher> dispatcher = new AtomicReference<>();
        AtomicReference<List<HttpRoute>> routes = new AtomicReference<>(List.of());

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, io)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childHandler(new HttpChannelInitializer(limits, dispatcher::get, inFlight, draining::get, connections,
                        PdsVersion.get(), store::writeRefusal, routes::get, new SubscribeReposUpgrade(firehose), uploads));
        Channel listener;
        AppContext context;
        XrpcMethods methods;
        try {
            listener = bootstrap.bind(config.bindHost(), config.port()).syncUninterruptibly().channel();
            int bound = ((InetSocketAddress) listener.localAddress()).getPort();
            context = AppContext.create(config.withBoundPort(bound), lexicons, store, plc.client(),
                    new FirehoseEvents(EventClock.system()));
            XrpcMethods.Builder registry = PdsMethods.standard(context, firehose);
            extraMethods.apply(context).forEach(registry::add);
            methods = registry.build();
            ServiceProxy proxy = new ServiceProxy(new ServiceEndpoints(config.proxy(), context.plc(), PROXY_RESOLVE_TIMEOUT,
                    config.devMode(), context.clock()), context.auth(), context.accounts(), context.writer()::signingKey,
                    context.clock(), PROXY_TIMEOUT, new ReadAfterWrite(new RecentWrites(store, context.takedowns()),
                            context.accounts(), new ImageUrls(config.proxy().appViewCdnUrlPattern(), context.config().publicUrl()),
                            context.clock()));
            RateLimitConfig rates = config.rateLimits();
            // one limiter, so that createSession and the OAuth sign-in forms count logins together
            RateLimiter limiter = new RateLimiter();
            RequestLimits rateLimits = rates.enabled()
                    ? new RequestLimits(limiter, rates.bypassKey(), rates.bypassIps(), context.clock()) : null;
            LoginAttempts logins = rates.enabled()
                    ? LoginAttempts.counted(limiter, rates.bypassIps(), context.clock()) : LoginAttempts.unlimited();
            dispatcher.set(new XrpcDispatcher(methods, workers, context.auth(),
                    RequestMemory.forHeap(Runtime.getRuntime().maxMemory()), proxy, rateLimits));
            context.blobs().startSweeping();
            context.oauth().startSweeping();
            routes.set(List.of(
                    new OAuthRoutes(context.oauth(), context.accounts(), context.passwords(), logins, workers),
                    new AtprotoDidRoute(context, workers)));
        } catch (RuntimeException e) {
            plc.close();
            workers.shutdownNow();
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            firehose.close();
            store.close();
            throw new IOException("cannot start on " + config.bindHost() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        PdsServer server = new PdsServer(context, acceptors, io, workers, connections, inFlight, draining, listener, plc,
                firehose);
        listener.config().setAutoRead(true);
        LOG.info("PDS {} listening on {} (service {}, {} XRPC methods), data in {}", PdsVersion.get(),
                server.baseUri(), context.config().serviceDid(), methods.nsids().size(), config.dataDirectory());
        LOG.info("Memory: {} XRPC worker threads; {}; MST node cache {} nodes", workers.getMaximumPoolSize(), server.memory(),
                store.nodeCacheCapacity());
        LOG.info("Signatures: K-256 through {}, P-256 through {}", Keypair.signerFor(Curve.K256), Keypair.signerFor(Curve.P256));
        LOG.info("Network: {}{}", transport == Transport.EPOLL ? "native epoll" : "NIO",
                transport == Transport.EPOLL ? "" : " (epoll unavailable: " + Transport.whyNotEpoll() + ")");
        return server;
    }

    /** Creates {@code folder} or deletes what a previous run left in it (uploads cut short by a crash). */
    private static Path emptyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder)) {
            for (Path leftover : leftovers) {
                if (Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(leftover);
                }
            }
        }
        return folder;
    }

    /** The configuration, with the port actually bound. */
    public PdsConfig config() {
        return config;
    }

    /** The server's long-lived parts (store, accounts, sessions...), as methods get them. */
    public AppContext context() {
        return context;
    }

    /** Where memory is now, with the limits applied: heap, Netty buffers, RocksDB cache and memtables, threads. */
    public MemoryReport memory() {
        return MemoryReport.now(context.store().memory());
    }

    /** Threads that run XRPC handlers (the pool's fixed size). */
    public int workerThreads() {
        return workers.getMaximumPoolSize();
    }

    /** The event stream: subscribers, counters. */
    public Firehose firehose() {
        return firehose;
    }

    /** The PLC directory this server uses: embedded in dev mode without a URL, else remote. */
    public PlcDirectorySetup plc() {
        return plc;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int port() {
        return address().getPort();
    }

    /** Where to reach this server, e.g. {@code http://127.0.0.1:2583}. */
    public URI baseUri() {
        String host = address().getAddress().isAnyLocalAddress() ? "127.0.0.1" : address().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Blocks until {@link #close} has finished (from any thread). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Graceful shutdown: stop accepting connections, close idle ones, let requests in progress
     * finish (up to the configured shutdown timeout, answering them with Connection: close), then
     * release threads and sockets. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            shutDown();
        } finally {
            // even when a part failed to close, later close() calls must not wait forever
            closed.countDown();
        }
    }

    private void shutDown() {
        HttpLimits limits = config.limits();
        LOG.info("PDS shutting down: {} request(s) in progress", inFlight.count());
        draining.set(true);
        listener.close().syncUninterruptibly();
        // subscribers get a close frame before their sockets go
        firehose.close();
        for (Channel connection : connections) {
            connection.eventLoop().execute(() -> closeIfIdle(connection));
        }
        boolean interrupted = false;
        try {
            if (!inFlight.awaitIdle(limits.shutdownTimeout())) {
                LOG.warn("Shutdown timeout of {} passed with {} request(s) still in progress", limits.shutdownTimeout(),
                        inFlight.count());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(interrupted ? 0 : 1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            interrupted = true;
        }
        connections.close().awaitUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            plc.close();
        } catch (IOException e) {
            LOG.warn("Closing the PLC directory failed: {}", e.toString());
        }
        context.blobs().close();
        context.oauth().close();
        try {
            context.store().close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the store failed: {}", e.toString());
        }
        LOG.info("PDS stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeIfIdle(Channel connection) {
        RequestRouter router = connection.pipeline().get(RequestRouter.class);
        ChannelHandlerContext ctx = connection.pipeline().context(RequestRouter.class);
        if (router == null || ctx == null) {
            connection.close();
        } else {
            router.closeIfIdle(ctx);
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
