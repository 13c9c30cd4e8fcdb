package dev.pds.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.xrpc.XrpcJson;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pds admin account ...}: pdsadmin's account commands. */
@Command(name = "account", mixinStandardHelpOptions = true, versionProvider = PdsCommand.Version.class, description = "List, create, delete, take down and restore accounts; reset a password.")
final class AdminAccountCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private AdminCommand admin;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'pds admin account list'");
    }

    @Command(name = "list", description = "Every account: handle, email, DID, status.")
    int list() {
        return AdminCommand.report(spec, out -> {
            AdminClient client = admin.client();
            String cursor = null;
            out.printf("%-32s %-32s %-34s %s%n", "Handle", "Email", "DID", "Status");
            do {
                JsonNode page = client.query("com.atproto.sync.listRepos",
                        cursor == null ? Map.of("limit", "1000") : Map.of("limit", "1000", "cursor", cursor));
                for (JsonNode repo : page.path("repos")) {
                    String did = AdminCommand.text(repo, "did");
                    JsonNode info = client.query("com.atproto.admin.getAccountInfo", Map.of("did", did));
                    String status = repo.path("active").asBoolean(true) ? "active" : AdminCommand.text(repo, "status");
                    out.printf("%-32s %-32s %-34s %s%n", AdminCommand.text(info, "handle"), AdminCommand.text(info, "email"), did, status);
                }
                cursor = page.path("cursor").isTextual() ? page.get("cursor").asText() : null;
            } while (cursor != null);
        });
    }

    @Command(name = "create", description = "Create an account (with an invite code made for it) and print its password.")
    int create(@Parameters(index = "0", paramLabel = "EMAIL") String email,
            @Parameters(index = "1", paramLabel = "HANDLE", description = "A handle in one of PDS_SERVICE_HANDLE_DOMAINS.") String handle) {
        return AdminCommand.report(spec, out -> {
            AdminClient client = admin.client();
            ObjectNode invite = XrpcJson.object();
            invite.put("useCount", 1);
            String code = client.procedure("com.atproto.server.createInviteCode", invite).path("code").asText();
            String password = AdminCommand.randomPassword();
            ObjectNode body = XrpcJson.object();
            body.put("email", email);
            body.put("handle", handle);
            body.put("password", password);
            body.put("inviteCode", code);
            JsonNode created = client.procedure("com.atproto.server.createAccount", body);
            out.println("Account created.");
            out.println("Handle   : " + AdminCommand.text(created, "handle"));
            out.println("DID      : " + AdminCommand.text(created, "did"));
            out.println("Password : " + password);
            out.println("Save this password: it is not shown again.");
        });
    }

    @Command(name = "delete", description = "Delete an account and its data for good.")
    int delete(@Parameters(paramLabel = "DID") String did) {
        return AdminCommand.report(spec, out -> {
            ObjectNode body = XrpcJson.object();
            body.put("did", did);
            admin.client().procedure("com.atproto.admin.deleteAccount", body);
            out.println(did + " deleted.");
        });
    }

    @Command(name = "takedown", description = "Take an account down (its data is kept; its repo is no longer served).")
    int takedown(@Parameters(paramLabel = "DID") String did) {
        return AdminCommand.report(spec, out -> {
            setTakedown(did, true);
            out.println(did + " taken down.");
        });
    }

    @Command(name = "untakedown", description = "Lift an account's takedown.")
    int untakedown(@Parameters(paramLabel = "DID") String did) {
        return AdminCommand.report(spec, out -> {
            setTakedown(did, false);
            out.println(did + " restored.");
        });
    }

    private void setTakedown(String did, boolean applied) throws AdminClient.Failure {
        ObjectNode body = XrpcJson.object();
        ObjectNode subject = body.putObject("subject");
        subject.put("$type", "com.atproto.admin.defs#repoRef");
        subject.put("did", did);
        ObjectNode takedown = body.putObject("takedown");
        takedown.put("applied", applied);
        if (applied) {
            takedown.put("ref", Long.toString(Instant.now().getEpochSecond()));
        }
        admin.client().procedure("com.atproto.admin.updateSubjectStatus", body);
    }

    @Command(name = "reset-password", description = "Give an account a new random password and print it.")
    int resetPassword(@Parameters(paramLabel = "DID") String did) {
        return AdminCommand.report(spec, out -> {
            String password = AdminCommand.randomPassword();
            ObjectNode body = XrpcJson.object();
            body.put("did", did);
            body.put("password", password);
            admin.client().procedure("com.atproto.admin.updateAccountPassword", body);
            out.println("Password for " + did + " : " + password);
        });
    }
}
