package dev.pds.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pds admin ...}: the operator's chores on a running server, as the reference's
 * {@code pdsadmin} script does them (accounts, invite codes, asking a relay to crawl), through
 * the server's admin XRPC methods. The server and password come from the same environment as
 * {@code pds serve} (its port, and {@code PDS_ADMIN_PASSWORD} or the password generated into
 * the data folder), so on the server's own machine no option is needed.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, versionProvider = PdsCommand.Version.class, description = {
        "Operator commands against a running server (as the reference's pdsadmin): accounts, invite codes, relays.",
        "It reaches $PDS_BIND_HOST:$PDS_PORT (default 127.0.0.1:2583) with PDS_ADMIN_PASSWORD, or the password in the "
                + "data folder's secrets.properties ($PDS_DATA_DIRECTORY, default ./data)."},
        subcommands = {AdminAccountCommand.class})
public final class AdminCommand implements Runnable {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "The server (default: http://$PDS_BIND_HOST:$PDS_PORT).")
    private URI url;

    @Option(names = "--admin-password", paramLabel = "PASSWORD",
            description = "Default: PDS_ADMIN_PASSWORD, else the one generated into the data folder.")
    private String adminPassword;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data folder (default: $PDS_DATA_DIRECTORY or ./data).")
    private Path dataDirectory;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'pds admin account list'");
    }

    /** The client for the server these options name. */
    AdminClient client() throws AdminClient.Failure {
        Map<String, String> env = System.getenv();
        String bind = env.getOrDefault("PDS_BIND_HOST", "127.0.0.1");
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
        URI base = url != null ? url : URI.create("http://" + host + ":" + env.getOrDefault("PDS_PORT", "2583"));
        String password = adminPassword != null ? adminPassword : env.get("PDS_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            Path dir = dataDirectory != null ? dataDirectory : Path.of(env.getOrDefault("PDS_DATA_DIRECTORY", "./data"));
            password = storedPassword(dir.resolve("secrets.properties"));
        }
        return new AdminClient(base, password);
    }

    private static String storedPassword(Path file) throws AdminClient.Failure {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new AdminClient.Failure("no admin password: set PDS_ADMIN_PASSWORD, give --admin-password, or run where "
                    + "the server's data folder is (" + file + " cannot be read)");
        }
        String stored = p.getProperty("adminPassword", "").trim();
        if (stored.isEmpty()) {
            throw new AdminClient.Failure(file + " holds no adminPassword");
        }
        return stored;
    }

    /** A password as pdsadmin makes one: 24 characters of random base64, without its symbols. */
    static String randomPassword() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replaceAll("[=+/]", "").substring(0, 24);
    }

    /** Runs one call; an XRPC error is one line on stderr and exit code 1. */
    static int report(CommandSpec spec, AdminCall call) {
        try {
            call.run(spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (AdminClient.Failure e) {
            spec.commandLine().getErr().println("pds admin: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    interface AdminCall {
        void run(PrintWriter out) throws AdminClient.Failure;
    }

    @Command(name = "create-invite-code", description = "Create an invite code for one sign-up and print it.")
    int createInviteCode(@Option(names = "--uses", defaultValue = "1", description = "How many sign-ups it admits (default 1).")
            int uses) {
        return report(spec, out -> {
            ObjectNode body = XrpcJson.object();
            body.put("useCount", uses);
            out.println(client().procedure("com.atproto.server.createInviteCode", body).path("code").asText());
        });
    }

    @Command(name = "request-crawl", description = "Ask relays to crawl this server (default: $PDS_CRAWLERS).")
    int requestCrawl(@Parameters(paramLabel = "RELAY", arity = "0..*", description = "Relay URLs, such as https://bsky.network.")
            String[] relays,
            @Option(names = "--hostname", description = "This server's hostname (default: $PDS_HOSTNAME).") String hostname) {
        String host = hostname != null ? hostname : System.getenv("PDS_HOSTNAME");
        String[] targets = relays != null && relays.length > 0 ? relays
                : System.getenv().getOrDefault("PDS_CRAWLERS", "").split("\\s*,\\s*");
        if (host == null || host.isBlank() || targets.length == 0 || targets[0].isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give the relays and --hostname, or set PDS_CRAWLERS and PDS_HOSTNAME");
        }
        return report(spec, out -> {
            for (String relay : targets) {
                ObjectNode body = XrpcJson.object();
                body.put("hostname", host);
                new AdminClient(URI.create(relay), null).procedure("com.atproto.sync.requestCrawl", body);
                out.println("Asked " + relay + " to crawl " + host);
            }
        });
    }

    static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}
