package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.core.store.RepoStore;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import dev.pds.server.identity.DidDocuments;
import dev.pds.server.plc.PlcDirectoryClient;
import dev.pds.server.records.RepoTargets;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/**
 * {@code com.atproto.repo.describeRepo}: the account's handle and DID, its DID document from
 * the directory, the collections it has records in, and whether the document names the same
 * handle as the account.
 */
public final class DescribeRepo implements XrpcMethod {
    public static final String NSID = "com.atproto.repo.describeRepo";
    /** More collections than any real repo has; bounds the answer. */
    static final int MAX_COLLECTIONS = 10_000;

    private final RepoStore store;
    private final RepoTargets targets;
    private final PlcDirectoryClient plc;
    private final DidDocuments documents;

    public DescribeRepo(AppContext context) {
        this.store = context.store();
        this.targets = new RepoTargets(context.accounts());
        this.plc = context.plc();
        this.documents = context.didDocuments();
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        Account account = targets.describable(request.params().string("repo").orElseThrow());
        String did = account.did().toString();
        JsonNode doc;
        try {
            doc = did.startsWith("did:plc:") ? plc.getDocument(did)
                    : documents.resolve(did).orElseThrow(() -> new IllegalStateException("no document at its host"));
        } catch (RuntimeException e) {
            throw XrpcException.invalidRequest("Could not resolve DID: " + e.getMessage());
        }
        ObjectNode out = XrpcJson.object();
        out.put("handle", account.handle());
        out.put("did", did);
        out.set("didDoc", doc);
        ArrayNode collections = out.putArray("collections");
        store.records().listCollections(account.did(), MAX_COLLECTIONS).forEach(collections::add);
        out.put("handleIsCorrect", account.handle().equals(handleIn(doc)));
        return XrpcResponse.json(out);
    }

    /** The first {@code at://} name in the document's {@code alsoKnownAs}, or null. */
    private static String handleIn(JsonNode doc) {
        for (JsonNode aka : doc.path("alsoKnownAs")) {
            String name = aka.asText("");
            if (name.startsWith("at://")) {
                return name.substring("at://".length());
            }
        }
        return null;
    }
}
