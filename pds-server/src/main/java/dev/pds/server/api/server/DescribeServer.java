package dev.pds.server.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.server.config.PdsConfig;
import dev.pds.server.config.ServicePolicies;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;

/** {@code com.atproto.server.describeServer}: what a client needs to know before signing up. */
public final class DescribeServer implements XrpcMethod {
    public static final String NSID = "com.atproto.server.describeServer";

    private final XrpcResponse answer;

    public DescribeServer(PdsConfig config) {
        // the answer depends on configuration only, so it is built once
        ObjectNode body = XrpcJson.object();
        body.put("did", config.serviceDid());
        ArrayNode domains = body.putArray("availableUserDomains");
        config.serviceHandleDomains().forEach(domains::add);
        body.put("inviteCodeRequired", config.invites().required());
        body.put("phoneVerificationRequired", false);
        ServicePolicies policies = config.policies();
        if (policies.privacyPolicyUrl().isPresent() || policies.termsOfServiceUrl().isPresent()) {
            ObjectNode links = body.putObject("links");
            policies.privacyPolicyUrl().ifPresent(url -> links.put("privacyPolicy", url));
            policies.termsOfServiceUrl().ifPresent(url -> links.put("termsOfService", url));
        }
        policies.contactEmail().ifPresent(email -> body.putObject("contact").put("email", email));
        this.answer = XrpcResponse.json(body);
    }

    @Override
    public String nsid() {
        return NSID;
    }

    @Override
    public XrpcResponse handle(XrpcRequest request) {
        return answer;
    }
}
