package dev.pds.server;

import dev.pds.core.events.FirehoseEvents;
import dev.pds.core.store.RepoStore;
import dev.pds.crypto.Curve;
import dev.pds.crypto.Keypair;
import dev.pds.server.account.AccountStore;
import dev.pds.server.account.EmailTokens;
import dev.pds.server.account.InviteStore;
import dev.pds.server.account.PasswordHasher;
import dev.pds.server.auth.AppPasswordStore;
import dev.pds.server.auth.AuthVerifier;
import dev.pds.server.blob.BlobStore;
import dev.pds.server.mail.Mailer;
import dev.pds.server.moderation.Takedowns;
import dev.pds.server.auth.SessionStore;
import dev.pds.server.auth.SessionTokens;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.identity.HandleResolver;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.oauth.OAuthServer;
import dev.pds.server.oauth.resource.OAuthResourceVerifier;
import dev.pds.server.plc.PlcDirectoryClient;
import dev.pds.server.records.RecordBlobs;
import dev.pds.server.repo.RepoWriter;
import dev.pds.server.auth.ServiceJwtVerifier;
import dev.pds.server.config.ServiceConfig;
import dev.pds.server.identity.DidDocuments;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What XRPC methods are built from: the configuration and the server's long-lived parts. Each
 * method takes from it only what it uses, in its constructor.
 *
 * @param config      with {@code publicUrl} naming the port actually bound
 * @param plc         the PLC directory (embedded in dev mode without a URL)
 * @param plcRotationKey the PDS's rotation key for the did:plc operations of its accounts
 * @param events      builds firehose events: {@code writer} logs commits' own; log {@code #identity}
 *                    and {@code #account} events with {@code store.logEvents} (or in a table write)
 * @param recordBlobs    checks and records the blobs that record writes reference
 * @param oauth       the OAuth authorization server and resource-server checks
 * @param handleResolver resolves handles of other servers (DNS TXT and the HTTPS well-known path)
 * @param blobs          blob bytes and metadata (uploads, getBlob, references, expiry)
 * @param takedowns      moderators' takedowns of accounts, records and blobs
 * @param didDocuments   DID documents of any DID (did:plc through {@code plc}, did:web over HTTPS)
 */
public record AppContext(
        PdsConfig config,
        LexiconCatalog lexicons,
        RepoStore store,
        AccountStore accounts,
        InviteStore invites,
        SessionStore sessions,
        AppPasswordStore appPasswords,
        SessionTokens tokens,
        AuthVerifier auth,
        PasswordHasher passwords,
        RepoWriter writer,
        PlcDirectoryClient plc,
        Keypair plcRotationKey,
        Clock clock,
        FirehoseEvents events,
        RecordBlobs recordBlobs,
        OAuthServer oauth,
        HandleResolver handleResolver,
        BlobStore blobs,
        Mailer mailer,
        EmailTokens emailTokens,
        Takedowns takedowns,
        DidDocuments didDocuments) {
    /** How long a DID document (another server's, a did:web account's) may take to come. */
    static final Duration DID_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    public AppContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lexicons, "lexicons");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(invites, "invites");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(appPasswords, "appPasswords");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(passwords, "passwords");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(plc, "plc");
        Objects.requireNonNull(plcRotationKey, "plcRotationKey");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(recordBlobs, "recordBlobs");
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(handleResolver, "handleResolver");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(mailer, "mailer");
        Objects.requireNonNull(emailTokens, "emailTokens");
        Objects.requireNonNull(takedowns, "takedowns");
        Objects.requireNonNull(didDocuments, "didDocuments");
    }

    /**
     * The moderation service's JWTs, when {@code PDS_MOD_SERVICE_DID} is set: signed by its DID's
     * {@code #atproto} key, or by its {@code #atproto_label} key when issued as its labeler service.
     */
    static ServiceJwtVerifier moderators(PdsConfig config, DidDocuments documents, Clock clock) {
        Optional<String> mod = config.proxy().modService().map(ServiceConfig::did);
        if (mod.isEmpty()) {
            return null;
        }
        return new ServiceJwtVerifier(config.serviceDid(), iss -> {
            int hash = iss.indexOf('#');
            String did = hash < 0 ? iss : iss.substring(0, hash);
            String keyId = iss.endsWith("#atproto_labeler") ? "atproto_label" : "atproto";
            return documents.resolveFresh(did).flatMap(doc -> DidDocuments.verificationKey(doc, keyId));
        }, clock).trusting(Set.of(mod.get(), mod.get() + "#atproto_labeler"));
    }

    /** Accounts' own service JWTs (a video service uploading for its user): signed by the DID's {@code #atproto} key. */
    static ServiceJwtVerifier users(PdsConfig config, DidDocuments documents, Clock clock) {
        return new ServiceJwtVerifier(config.serviceDid(),
                iss -> documents.resolveFresh(iss).flatMap(doc -> DidDocuments.verificationKey(doc, "atproto")), clock);
    }

    /** Builds the parts that live on the store and the configuration. */
    public static AppContext create(PdsConfig config, LexiconCatalog lexicons, RepoStore store, PlcDirectoryClient plc,
            FirehoseEvents events) {
        Clock clock = Clock.systemUTC();
        BlobStore blobs = new BlobStore(store, config.dataDirectory(), clock, config.blobUploadLimit());
        SessionStore sessions = new SessionStore(store);
        SessionTokens tokens = new SessionTokens(config.secrets().jwtSecret(), config.serviceDid(), clock);
        AccountStore accounts = new AccountStore(store, clock);
        OAuthServer oauth = OAuthServer.create(config, store, accounts, lexicons, clock);
        PasswordHasher passwords = new PasswordHasher();
        DidDocuments didDocuments = new DidDocuments(plc, DID_LOOKUP_TIMEOUT, config.devMode());
        return new AppContext(config, lexicons, store, accounts, new InviteStore(store, accounts), sessions,
                new AppPasswordStore(store, passwords, sessions), tokens,
                new AuthVerifier(tokens, sessions, config.secrets().adminPassword(), clock,
                        new OAuthResourceVerifier(oauth, accounts), moderators(config, didDocuments, clock),
                        users(config, didDocuments, clock)),
                passwords, new RepoWriter(store, events), plc,
                Keypair.fromPrivateKeyHex(Curve.K256, config.secrets().plcRotationKeyK256Hex()), clock, events,
                blobs.forRecords(), oauth, new HandleResolver(config.identity()), blobs,
                Mailer.of(config.email(), config.devMode()), new EmailTokens(store, clock),
                new Takedowns(store), didDocuments);
    }
}
