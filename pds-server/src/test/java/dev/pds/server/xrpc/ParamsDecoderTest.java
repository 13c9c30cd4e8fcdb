package dev.pds.server.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pds.core.error.ErrorStatus;
import dev.pds.core.error.XrpcException;
import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.server.lexicon.ParamSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParamsDecoderTest {
    private static final List<ParamSpec> SPECS = LexiconCatalog.empty().with(
            "{\"lexicon\":1,\"id\":\"com.example.search\",\"defs\":{\"main\":{\"type\":\"query\",\"parameters\":{"
                    + "\"type\":\"params\",\"required\":[\"q\"],\"properties\":{"
                    + "\"q\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":8},"
                    + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"default\":25},"
                    + "\"reverse\":{\"type\":\"boolean\",\"default\":false},"
                    + "\"sort\":{\"type\":\"string\",\"enum\":[\"top\",\"latest\"]},"
                    + "\"short\":{\"type\":\"string\",\"maxGraphemes\":2},"
                    + "\"repo\":{\"type\":\"string\",\"format\":\"at-identifier\"},"
                    + "\"uri\":{\"type\":\"string\",\"format\":\"at-uri\"},"
                    + "\"since\":{\"type\":\"string\",\"format\":\"tid\"},"
                    + "\"ids\":{\"type\":\"array\",\"minLength\":1,\"maxLength\":2,\"items\":{\"type\":\"integer\",\"maximum\":9}}"
                    + "}}}}}")
            .method("com.example.search").orElseThrow().parameters();

    @Test
    void typedValuesAndDefaults() {
        XrpcParams params = decode("q", "cats", "ids", "1", "ids", "2");
        assertEquals(Optional.of("cats"), params.string("q"));
        assertEquals(Optional.of(25L), params.integer("limit"));
        assertEquals(Optional.of(false), params.bool("reverse"));
        assertEquals(List.of(1L, 2L), params.list("ids"));
        assertEquals(Optional.empty(), params.string("sort"));

        XrpcParams given = decode("q", "x", "limit", "100", "reverse", "true", "sort", "latest", "short", "ab");
        assertEquals(Optional.of(100L), given.integer("limit"));
        assertEquals(Optional.of(true), given.bool("reverse"));
        assertEquals(Optional.of("latest"), given.string("sort"));
    }

    @Test
    void formatsAreCheckedWithTheProtocolGrammars() {
        XrpcParams params = decode("q", "x", "repo", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "uri",
                "at://alice.test/app.bsky.feed.post/3jzfcijpj2z2a", "since", "3jzfcijpj2z2a");
        assertEquals(Optional.of("did:plc:ewvi7nxzyoun6zhxrhs64oiz"), params.string("repo"));
        assertEquals(Optional.of("alice.test"), decode("q", "x", "repo", "alice.test").string("repo"));

        rejected("Parameter 'repo' must be a valid at-identifier", "q", "x", "repo", "not a handle");
        rejected("Parameter 'uri' must be a valid at-uri", "q", "x", "uri", "https://example.com/");
        rejected("Parameter 'since' must be a valid tid", "q", "x", "since", "yesterday");
    }

    @Test
    void undeclaredParametersAreIgnored() {
        assertEquals(Optional.empty(), decode("q", "x", "other", "1").string("other"));
    }

    @Test
    void eachViolationNamesTheParameter() {
        rejected("Parameter 'q' is required");
        rejected("Parameter 'q' is too short", "q", "");
        rejected("Parameter 'q' is too long", "q", "ééééé"); // 10 bytes in UTF-8
        rejected("Parameter 'q' must be given once", "q", "a", "q", "b");
        rejected("Parameter 'limit' must be an integer", "q", "a", "limit", "ten");
        rejected("Parameter 'limit' must be an integer", "q", "a", "limit", "1.5");
        rejected("Parameter 'limit' must be an integer", "q", "a", "limit", "99999999999999999999");
        rejected("Parameter 'limit' must be at least 1", "q", "a", "limit", "0");
        rejected("Parameter 'limit' must be at most 100", "q", "a", "limit", "101");
        rejected("Parameter 'reverse' must be true or false", "q", "a", "reverse", "yes");
        rejected("Parameter 'sort' must be one of [top, latest]", "q", "a", "sort", "oldest");
        rejected("Parameter 'short' is too long", "q", "a", "short", "abc");
        rejected("Parameter 'ids' takes at most 2 values", "q", "a", "ids", "1", "ids", "2", "ids", "3");
        rejected("Parameter 'ids' must be at most 9", "q", "a", "ids", "10");
    }

    private static XrpcParams decode(String... pairs) {
        Map<String, List<String>> query = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return ParamsDecoder.decode(SPECS, query);
    }

    private static void rejected(String message, String... pairs) {
        XrpcException e = assertThrows(XrpcException.class, () -> decode(pairs));
        assertEquals(ErrorStatus.BAD_REQUEST, e.status());
        assertEquals("InvalidRequest", e.error());
        assertEquals(message, e.getMessage());
    }
}
