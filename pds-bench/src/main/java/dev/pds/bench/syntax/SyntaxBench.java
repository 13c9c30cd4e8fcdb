package dev.pds.bench.syntax;

import dev.pds.core.syntax.AtUri;
import dev.pds.core.syntax.Datetime;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.core.syntax.Language;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.Tid;
import dev.pds.core.syntax.TidClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parsing the identifiers every request carries, and issuing TIDs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyntaxBench {
    private final String did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private final String handle = "alice.bsky.social";
    private final String nsid = "app.bsky.feed.post";
    private final String tid = "3jzfcijpj2z2a";
    private final String atUri = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3jwdwj2ctlk26";
    private final String datetime = "2024-11-22T03:14:15.926Z";
    private final String language = "pt-BR";
    private final TidClock clock = TidClock.system();

    @Benchmark
    public Did parseDid() {
        return Did.parse(did);
    }

    @Benchmark
    public Handle parseHandle() {
        return Handle.parse(handle);
    }

    @Benchmark
    public Nsid parseNsid() {
        return Nsid.parse(nsid);
    }

    @Benchmark
    public Tid parseTid() {
        return Tid.parse(tid);
    }

    @Benchmark
    public AtUri parseAtUri() {
        return AtUri.parse(atUri);
    }

    @Benchmark
    public Datetime parseDatetime() {
        return Datetime.parse(datetime);
    }

    @Benchmark
    public Language parseLanguage() {
        return Language.parse(language);
    }

    @Benchmark
    public Tid nextTid() {
        return clock.next();
    }
}
