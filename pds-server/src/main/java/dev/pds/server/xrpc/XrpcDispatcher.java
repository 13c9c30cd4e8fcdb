package dev.pds.server.xrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.auth.AuthRequirement;
import dev.pds.server.auth.AuthVerifier;
import dev.pds.server.auth.Credentials;
import dev.pds.server.ratelimit.CountedError;
import dev.pds.server.ratelimit.RateLimitStatus;
import dev.pds.server.lexicon.LexiconValidator;
import dev.pds.server.lexicon.MethodDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes one XRPC call: finds the method by NSID, checks the HTTP verb and the parameters
 * against its lexicon (cheap, on the caller's thread), then parses and validates the JSON input
 * and runs the handler on the worker executor. A full executor answers 503 NotEnoughResources at once.
 */
public final class XrpcDispatcher {
    private final XrpcMethods methods;
    private final Executor workers;
    private final LexiconValidator validator;
    private final AuthVerifier auth;
    private final RequestMemory memory;
    private final XrpcFallback fallback;
    private final RequestLimits limits;

    /** @param auth verifies callers; null only for servers whose methods all require none */
    public XrpcDispatcher(XrpcMethods methods, Executor workers, AuthVerifier auth) {
        this(methods, workers, auth, RequestMemory.forHeap(Runtime.getRuntime().maxMemory()));
    }

    /** @param memory the heap large request bodies may hold while their calls run */
    public XrpcDispatcher(XrpcMethods methods, Executor workers, AuthVerifier auth, RequestMemory memory) {
        this(methods, workers, auth, memory, null);
    }

    /** @param fallback answers calls to methods not registered here (service proxying); null for none */
    public XrpcDispatcher(XrpcMethods methods, Executor workers, AuthVerifier auth, RequestMemory memory,
            XrpcFallback fallback) {
        this(methods, workers, auth, memory, fallback, null);
    }

    /** @param limits rate limits to count calls against; null when they are off */
    public XrpcDispatcher(XrpcMethods methods, Executor workers, AuthVerifier auth, RequestMemory memory,
            XrpcFallback fallback, RequestLimits limits) {
        this.fallback = fallback;
        this.limits = limits;
        this.methods = Objects.requireNonNull(methods, "methods");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.auth = auth;
        this.memory = Objects.requireNonNull(memory, "memory");
        this.validator = new LexiconValidator(methods.lexicons());
    }

    /**
     * Never throws: every failure, including client errors, completes the future exceptionally
     * (with an {@link XrpcException} for errors the client should see as such).
     *
     * @param headers lower-case header names
     */
    public CompletableFuture<XrpcResponse> dispatch(
            String httpMethod, String nsid, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body) {
        return dispatch(httpMethod, nsid, query, headers, RequestBody.of(body));
    }

    /** As above, with a body that may have been streamed to a temporary file. */
    public CompletableFuture<XrpcResponse> dispatch(
            String httpMethod, String nsid, Map<String, List<String>> query, Map<String, List<String>> headers,
            RequestBody body) {
        try {
            Optional<XrpcMethods.Registered> found = methods.find(nsid);
            if (fallback != null && (found.isEmpty() && methods.definition(nsid).isEmpty() && fallback.takes(nsid, headers)
                    || found.isPresent() && fallback.claims(nsid, headers))) {
                return forward(httpMethod, nsid, query, headers, body);
            }
            XrpcMethods.Registered method = find(httpMethod, nsid, found);
            MethodDefinition definition = method.definition();
            XrpcParams params = ParamsDecoder.decode(definition.parameters(), query);
            long reserved = body.file().isPresent() ? 0 : memory.tryReserve(body.length());
            if (reserved < 0) {
                return CompletableFuture.failedFuture(XrpcErrors.notEnoughResources(
                        "Server is busy with other large requests; try again shortly"));
            }
            CompletableFuture<XrpcResponse> call;
            try {
                call = run(method, definition, params, httpMethod, nsid, headers, body);
            } catch (RuntimeException e) {
                memory.release(reserved);
                throw e;
            }
            if (reserved > 0) {
                call.whenComplete((r, e) -> memory.release(reserved));
            }
            return call;
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    XrpcErrors.notEnoughResources("Server is too busy to take this request; try again shortly"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<XrpcResponse> run(XrpcMethods.Registered method, MethodDefinition definition,
                                                XrpcParams params, String httpMethod, String nsid,
                                                Map<String, List<String>> headers, RequestBody body) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<Credentials> credentials = authenticate(method.handler().auth(), httpMethod, nsid, headers);
            JsonNode json = readInput(definition, headers, body);
            if (json != null) {
                validator.validateInput(nsid, json);
            }
            XrpcRequest request = new XrpcRequest(nsid, params, headers, body, json, credentials);
            RateLimitStatus counted = limits == null ? null : limits.check(method.handler(), request);
            try {
                XrpcResponse response = method.handler().handle(request);
                if (counted != null) {
                    for (Map.Entry<String, String> h : counted.headers().entrySet()) {
                        response = response.withHeader(h.getKey(), h.getValue());
                    }
                }
                return response;
            } catch (XrpcException e) {
                throw counted == null ? e : new CountedError(e, counted);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
        }, workers);
    }

    private CompletableFuture<XrpcResponse> forward(String httpMethod, String nsid, Map<String, List<String>> query,
            Map<String, List<String>> headers, RequestBody body) {
        if (!"GET".equals(httpMethod) && !"POST".equals(httpMethod)) {
            throw XrpcException.invalidRequest("XRPC requests only supports GET and POST");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fallback.call(httpMethod, nsid, query, headers, body);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
        }, workers);
    }

    /** Whether calls are counted against rate limits, which then need the caller's address ({@link ClientAddress}). */
    public boolean countsCallers() {
        return limits != null;
    }

    /** The worker threads handlers run on; streamed response bodies are produced there too. */
    public Executor workers() {
        return workers;
    }

    /**
     * How large a body the HTTP layer may stream to a temporary file for this call: the method's
     * {@link XrpcMethod#maxStreamedBodyBytes()} when the verb fits, else 0 (collect in memory).
     */
    public long streamedBodyLimit(String httpMethod, String nsid) {
        return "POST".equals(httpMethod) ? methods.streamedBodyLimit(nsid) : 0;
    }

    /**
     * Why a streamed body may not even be stored, known from the request head: credentials
     * missing, forged, expired or of the wrong kind for the method. Null when the body may come;
     * the full check (with the session) still runs at dispatch.
     */
    public XrpcException refusalBeforeBody(String nsid, Map<String, List<String>> headers) {
        Optional<XrpcMethods.Registered> method = methods.find(nsid);
        if (method.isEmpty() || auth == null) {
            return null;
        }
        try {
            auth.precheck(method.get().handler().auth(), nsid, headers);
            return null;
        } catch (XrpcException e) {
            return e;
        }
    }

    private XrpcMethods.Registered find(String httpMethod, String nsid, Optional<XrpcMethods.Registered> found) {
        Optional<MethodDefinition> definition = found.map(XrpcMethods.Registered::definition).or(() -> methods.definition(nsid));
        if (definition.isPresent()) {
            String expected = definition.get().type().httpMethod();
            if (!expected.equals(httpMethod)) {
                throw XrpcException.invalidRequest("Incorrect HTTP method (" + httpMethod + ") expected " + expected);
            }
        }
        return found.orElseThrow(XrpcErrors::methodNotImplemented);
    }

    private Optional<Credentials> authenticate(AuthRequirement requirement, String httpMethod, String nsid,
            Map<String, List<String>> headers) {
        if (requirement == AuthRequirement.NONE) {
            return Optional.empty();
        }
        if (auth == null) {
            throw new IllegalStateException("a method requires auth but the dispatcher has no verifier");
        }
        return auth.verify(requirement, httpMethod, "/xrpc/" + nsid, headers);
    }

    private static JsonNode readInput(MethodDefinition definition, Map<String, List<String>> headers, RequestBody body) {
        if (definition.inputEncoding().isEmpty()) {
            if (body.length() > 0) {
                throw XrpcException.invalidRequest("This method takes no request body");
            }
            return null;
        }
        if (!definition.takesJsonInput()) {
            checkRawInput(definition.inputEncoding().get(), headers);
            return null;
        }
        String contentType = headers.getOrDefault("content-type", List.of()).stream().findFirst().orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (body.length() == 0) {
            throw XrpcException.invalidRequest("A JSON request body is required");
        }
        if (!mediaType.equals("application/json")) {
            throw XrpcException.invalidRequest("Content-Type must be application/json"
                    + (mediaType.isEmpty() ? "" : ", got " + mediaType));
        }
        JsonNode json = XrpcJson.parse(body.bytesUnsafe());
        if (!json.isObject()) {
            throw XrpcException.invalidRequest("Request body must be a JSON object");
        }
        return json;
    }

    /**
     * A raw (non-JSON) input, as the reference server checks it: a body must be announced
     * (Content-Length or chunked; zero bytes are a body), and its Content-Type is required and
     * must be one the lexicon allows ({@code *}{@code /*} allows any, {@code image/*} any image).
     */
    private static void checkRawInput(String allowed, Map<String, List<String>> headers) {
        if (!headers.containsKey("content-length") && !headers.containsKey("transfer-encoding")) {
            throw XrpcException.invalidRequest("A request body is expected but none was provided");
        }
        String contentType = headers.getOrDefault("content-type", List.of()).stream().findFirst().orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            throw XrpcException.invalidRequest("Request encoding (Content-Type) required but not provided");
        }
        for (String encoding : allowed.split(",")) {
            String e = encoding.trim().toLowerCase(Locale.ROOT);
            if (e.equals("*/*") || e.equals(mediaType) || (e.endsWith("/*") && mediaType.startsWith(e.substring(0, e.length() - 1)))) {
                return;
            }
        }
        throw XrpcException.invalidRequest("Wrong request encoding (Content-Type): " + mediaType);
    }

    /** A checked exception from a handler, carried out of the lambda; it is an internal error. */
    public static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
