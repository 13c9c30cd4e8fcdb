package dev.pds.server.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.error.XrpcException;
import dev.pds.server.oauth.scope.PermissionSets;
import dev.pds.server.oauth.scope.Permissions;
import dev.pds.server.oauth.scope.ScopePermissions;
import dev.pds.server.oauth.scope.Scopes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Scope strings and what they permit, with the permission spec's own examples. */
class ScopesTest {
    @ParameterizedTest
    @ValueSource(strings = {"identity:*", "identity:handle", "rpc?lxm=*&aud=did:web:api.example.com%23svc_appview",
            "blob?accept=video/*&accept=text/html", "blob:*/*", "repo:app.example.profile?action=create&action=update&action=delete",
            "repo?collection=app.example.profile&collection=app.example.post", "repo:*", "repo:*?action=delete",
            "include:app.example.authFull?aud=did:web:api.example.com%23svc_chat", "account:email", "account:repo?action=manage",
            "rpc:app.example.moderation.createReport?aud=*"})
    void specExamplesAreUnderstood(String scope) {
        Scopes s = Scopes.parse(scope);
        assertEquals(List.of(), s.unknown(), scope);
        assertEquals(1, s.permissions().size() + s.includes().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resource", "resource:positional?key=val", "repo:", "repo:?", "repo?", "repo:not-an-nsid",
            "repo:app.example.post?action=publish", "rpc:*?aud=*", "rpc:app.example.get", "blob:image", "account:*",
            "identity:email", "repo:app.example.post?collection=app.example.other", "include:app.example.set?aud=*",
            "resource:positional?key=qu\u00e9bec", "emoji:\u263a"})
    void malformedOrUnknownScopesAreNotGranted(String scope) {
        Scopes s = Scopes.parse("atproto " + scope);
        assertEquals(List.of(scope), s.unknown(), scope);
        Permissions p = new ScopePermissions(s);
        assertFalse(p.allowsRepo("create", "app.example.post"));
        assertFalse(p.allowsIdentity("handle"));
    }

    @Test
    void granularPermissionsMatchWhatTheySay() {
        Permissions p = new ScopePermissions(Scopes.parse(
                "atproto repo:app.example.post?action=create blob:image/* rpc:app.example.get?aud=did:web:x.example%23svc "
                        + "account:email?action=manage identity:handle"));
        assertTrue(p.allowsRepo("create", "app.example.post"));
        assertFalse(p.allowsRepo("delete", "app.example.post"));
        assertFalse(p.allowsRepo("create", "app.example.like"));
        assertTrue(p.allowsBlob("image/png"));
        assertFalse(p.allowsBlob("video/mp4"));
        assertTrue(p.allowsRpc("app.example.get", "did:web:x.example#svc"));
        assertFalse(p.allowsRpc("app.example.get", "did:web:y.example#svc"));
        assertTrue(p.allowsAccount("email", "read"), "manage includes read");
        assertFalse(p.allowsAccount("status", "manage"));
        assertTrue(p.allowsIdentity("handle"));
        assertFalse(p.allowsIdentity("*"));
        XrpcException e = assertThrows(XrpcException.class, () -> p.assertRepo("delete", "app.example.post"));
        assertEquals(403, e.status().code());
        assertEquals("ScopeMissingError", e.error());
        assertEquals("Missing required scope \"repo:app.example.post?action=delete\"", e.getMessage());
        assertEquals("Missing required scope \"blob:video/mp4\"",
                assertThrows(XrpcException.class, () -> p.assertBlob("video/mp4")).getMessage());
    }

    @Test
    void transitionalScopesAndTheirLimits() {
        Permissions generic = new ScopePermissions(Scopes.parse("atproto transition:generic"));
        assertTrue(generic.allowsRepo("delete", "app.bsky.feed.post"));
        assertTrue(generic.allowsBlob("video/mp4"));
        assertTrue(generic.allowsRpc("app.bsky.feed.getTimeline", "did:web:api.bsky.app#bsky_appview"));
        assertFalse(generic.allowsRpc("chat.bsky.convo.listConvos", "did:web:api.bsky.chat#bsky_chat"));
        assertFalse(generic.allowsAccount("email", "read"));
        assertFalse(generic.allowsIdentity("handle"));
        Permissions chat = new ScopePermissions(Scopes.parse("atproto transition:generic transition:chat.bsky transition:email"));
        assertTrue(chat.allowsRpc("chat.bsky.convo.listConvos", "did:web:api.bsky.chat#bsky_chat"));
        assertTrue(chat.allowsAccount("email", "read"));
        assertFalse(chat.allowsAccount("email", "manage"));
        Permissions noAtproto = new ScopePermissions(Scopes.parse("transition:generic repo:*"));
        assertFalse(noAtproto.allowsRepo("create", "app.bsky.feed.post"), "nothing without atproto");
        assertFalse(Permissions.APP_PASSWORD.allowsRpc("chat.bsky.convo.listConvos", "did:web:api.bsky.chat#bsky_chat"));
        assertTrue(Permissions.APP_PASSWORD_PRIVILEGED.allowsRpc("chat.bsky.convo.listConvos", "did:web:x#y"));
        assertTrue(Permissions.FULL.allowsIdentity("*"));
    }

    @Test
    void permissionSetsExpandWithinTheirNamespaceOnly() throws Exception {
        JsonNode set = new ObjectMapper().readTree("{\"lexicon\":1,\"id\":\"app.example.authBasic\",\"defs\":{\"main\":{"
                + "\"type\":\"permission-set\",\"title\":\"Basic\",\"permissions\":["
                + "{\"type\":\"permission\",\"resource\":\"repo\",\"collection\":[\"app.example.post\"]},"
                + "{\"type\":\"permission\",\"resource\":\"repo\",\"collection\":[\"com.other.thing\"]},"
                + "{\"type\":\"permission\",\"resource\":\"repo\",\"collection\":[\"*\"]},"
                + "{\"type\":\"permission\",\"resource\":\"rpc\",\"inheritAud\":true,\"lxm\":[\"app.example.getFeed\"]},"
                + "{\"type\":\"permission\",\"resource\":\"blob\",\"accept\":[\"*/*\"]},"
                + "{\"type\":\"permission\",\"resource\":\"repo\",\"collection\":[\"app.example.like\"],\"color\":\"red\"}]}}}");
        PermissionSets sets = new PermissionSets(nsid -> nsid.equals("app.example.authBasic") ? Optional.of(set) : Optional.empty());
        String expanded = sets.expand(Scopes.parse("atproto include:app.example.authBasic?aud=did:web:api.example.com%23svc"))
                .orElseThrow();
        Permissions p = new ScopePermissions(Scopes.parse(expanded));
        assertTrue(p.allowsRepo("create", "app.example.post"));
        assertFalse(p.allowsRepo("create", "com.other.thing"), "outside the set's namespace");
        assertFalse(p.allowsRepo("create", "app.example.anything"), "no wildcard in sets");
        assertFalse(p.allowsRepo("create", "app.example.like"), "unknown fields make an entry void");
        assertTrue(p.allowsRpc("app.example.getFeed", "did:web:api.example.com#svc"), "aud inherited from the include");
        assertFalse(p.allowsBlob("image/png"), "sets cannot grant blobs");
        assertTrue(sets.expand(Scopes.parse("atproto include:app.example.missing")).isEmpty());
    }
}
