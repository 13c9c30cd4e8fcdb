package dev.pds.server.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pds.server.lexicon.LexiconCatalog;
import dev.pds.core.lexicon.LexiconException;
import dev.pds.server.lexicon.MethodType;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XrpcMethodsTest {
    private static final String PROCEDURE = "{\"lexicon\":1,\"id\":\"com.example.doThing\",\"defs\":{\"main\":{"
            + "\"type\":\"procedure\",\"input\":{\"encoding\":\"application/json\",\"schema\":{\"type\":\"object\","
            + "\"properties\":{\"item\":{\"type\":\"ref\",\"ref\":\"#item\"}}}}},"
            + "\"item\":{\"type\":\"object\",\"properties\":{\"next\":{\"type\":\"ref\",\"ref\":\"#item\"},"
            + "\"kind\":{\"type\":\"union\",\"refs\":[\"REF\"]}}}}}";

    private static XrpcMethod method(String nsid) {
        return new XrpcMethod() {
            @Override
            public String nsid() {
                return nsid;
            }

            @Override
            public XrpcResponse handle(XrpcRequest request) {
                return XrpcResponse.empty();
            }
        };
    }

    @Test
    void methodsAreFoundByNsidWithTheirLexicon() {
        LexiconCatalog lexicons = LexiconCatalog.bundled().with(PROCEDURE.replace("REF", "#item"));
        XrpcMethods methods = XrpcMethods.builder(lexicons)
                .add(method("com.atproto.server.describeServer"))
                .add(method("com.example.doThing"))
                .build();

        assertEquals(Set.of("com.atproto.server.describeServer", "com.example.doThing"), methods.nsids());
        assertEquals(MethodType.PROCEDURE, methods.find("com.example.doThing").orElseThrow().definition().type());
        assertTrue(methods.find("com.example.other").isEmpty());
    }

    @Test
    void registrationMistakesStopTheStart() {
        LexiconCatalog lexicons = LexiconCatalog.bundled();
        IllegalStateException noLexicon = assertThrows(IllegalStateException.class,
                () -> XrpcMethods.builder(lexicons).add(method("com.example.unknown")));
        assertTrue(noLexicon.getMessage().contains("com.example.unknown"));

        assertThrows(IllegalStateException.class, () -> XrpcMethods.builder(lexicons)
                .add(method("com.atproto.server.describeServer"))
                .add(method("com.atproto.server.describeServer")));

        LexiconException dangling = assertThrows(LexiconException.class, () -> XrpcMethods
                .builder(LexiconCatalog.empty().with(PROCEDURE.replace("REF", "com.example.missing#thing")))
                .add(method("com.example.doThing")));
        assertTrue(dangling.getMessage().contains("com.example.missing#thing"), dangling.getMessage());
    }
}
