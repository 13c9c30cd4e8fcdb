package dev.pds.server.cli;

import dev.pds.core.car.CarLimits;
import dev.pds.core.error.XrpcException;
import dev.pds.core.sync.RepoVerifier;
import dev.pds.core.sync.VerifiedRepo;
import dev.pds.core.syntax.Did;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.DidKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pds car ...}: tools for CAR files, the form repositories travel in. */
@Command(name = "car", description = "Work with CAR files (repository exports).", subcommands = {CarCommand.Verify.class})
public final class CarCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'pds car verify FILE'");
    }

    /**
     * {@code pds car verify FILE [--did DID] [--key did:key:...]}: exit 0 and a summary when the
     * export verifies; otherwise one line on stderr saying why, and exit 1 (2 for bad arguments).
     */
    @Command(name = "verify", description = {
            "Verify a repository export: block hashes, the commit, the MST and every record;",
            "with --did, that the commit names that DID; with --key, that its signature verifies."})
    static final class Verify implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The CAR file (a com.atproto.sync.getRepo export).")
        private Path file;

        @Option(names = "--did", paramLabel = "DID", description = "The DID the commit must name.")
        private String did;

        @Option(names = "--key", paramLabel = "did:key:...", description = "The public key that must have signed the commit.")
        private String key;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (did != null && !Did.isValid(did)) {
                err.println("car verify: --did is not a valid DID: " + did);
                return 2;
            }
            if (key != null) {
                try {
                    DidKey.parse(key);
                } catch (CryptoException e) {
                    err.println("car verify: --key is not a usable did:key: " + e.getMessage());
                    return 2;
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                // a local file is the operator's own: let its size exceed the upload default
                CarLimits limits = CarLimits.DEFAULT.withMaxTotalBytes(Math.max(Files.size(file), CarLimits.DEFAULT.maxTotalBytes()));
                VerifiedRepo repo = RepoVerifier.verify(in, limits, new RepoVerifier.Expect(did, key));
                print(out, repo);
                return 0;
            } catch (XrpcException e) {
                err.println("car verify: " + file + ": " + e.getMessage());
            } catch (NoSuchFileException e) {
                err.println("car verify: " + file + ": no such file");
            } catch (IOException e) {
                err.println("car verify: " + file + ": cannot read: " + e.getMessage());
            } catch (UncheckedIOException e) {
                err.println("car verify: " + file + ": cannot read: " + e.getCause().getMessage());
            }
            return 1;
        }

        private void print(PrintWriter out, VerifiedRepo repo) {
            out.println("did:       " + repo.did());
            out.println("rev:       " + (repo.rev() == null ? "(none)" : repo.rev()));
            out.println("root:      " + repo.data());
            out.println("commit:    " + repo.commit() + " (version " + repo.version() + ")");
            out.println("signature: " + (key == null ? "not checked (no --key)" : "verified against " + key));
            out.println("records:   " + repo.recordCount());
            for (Map.Entry<String, Long> e : repo.collections().entrySet()) {
                out.println("  " + e.getKey() + " " + e.getValue());
            }
            out.flush();
        }
    }
}
