package dev.pds.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.error.XrpcException;
import dev.pds.server.xrpc.XrpcJson;
import dev.pds.server.xrpc.XrpcMethod;
import dev.pds.server.xrpc.XrpcRequest;
import dev.pds.server.xrpc.XrpcResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Methods (and their lexicons) that exist only in the tests, to drive the framework's paths. */
final class TestMethods {
    private TestMethods() {
    }

    static final String ECHO_PARAMS_LEXICON = "{\"lexicon\":1,\"id\":\"dev.pds.test.echoParams\",\"defs\":{\"main\":{"
            + "\"type\":\"query\",\"parameters\":{\"type\":\"params\",\"required\":[\"actor\"],\"properties\":{"
            + "\"actor\":{\"type\":\"string\",\"format\":\"at-identifier\",\"maxLength\":20},"
            + "\"cursor\":{\"type\":\"string\"},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"default\":50},"
            + "\"reverse\":{\"type\":\"boolean\"},"
            + "\"tags\":{\"type\":\"array\",\"maxLength\":3,\"items\":{\"type\":\"string\"}}}},"
            + "\"output\":{\"encoding\":\"application/json\"}}}}";

    static final String ECHO_INPUT_LEXICON = "{\"lexicon\":1,\"id\":\"dev.pds.test.echoInput\",\"defs\":{\"main\":{"
            + "\"type\":\"procedure\",\"input\":{\"encoding\":\"application/json\",\"schema\":{\"type\":\"object\","
            + "\"properties\":{\"text\":{\"type\":\"string\"},\"n\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
            + "\"flag\":{\"type\":\"boolean\",\"default\":false}}}},"
            + "\"output\":{\"encoding\":\"application/json\"}}}}";

    static final String BLOCK_LEXICON = query("dev.pds.test.block");
    static final String FAIL_LEXICON = query("dev.pds.test.fail");
    static final String REFUSE_LEXICON = query("dev.pds.test.refuse");

    private static String query(String nsid) {
        return "{\"lexicon\":1,\"id\":\"" + nsid + "\",\"defs\":{\"main\":{\"type\":\"query\","
                + "\"output\":{\"encoding\":\"application/json\"}}}}";
    }

    /** Answers with the parameters as the server decoded them. */
    static final class EchoParams implements XrpcMethod {
        @Override
        public String nsid() {
            return "dev.pds.test.echoParams";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) {
            return XrpcResponse.json(request.params().asMap());
        }
    }

    /** Answers with the JSON body it received. */
    static final class EchoInput implements XrpcMethod {
        @Override
        public String nsid() {
            return "dev.pds.test.echoInput";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) {
            return XrpcResponse.json(request.json());
        }
    }

    /** Holds its worker until the test releases it, to have a request in progress on demand. */
    static final class Block implements XrpcMethod {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String nsid() {
            return "dev.pds.test.block";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) throws InterruptedException {
            entered.countDown();
            if (!release.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("test never released the blocked request");
            }
            ObjectNode body = XrpcJson.object();
            body.put("finished", true);
            return XrpcResponse.json(body);
        }
    }

    /** Fails the way a bug would; the detail must stay on the server. */
    static final class Fail implements XrpcMethod {
        static final String SECRET_DETAIL = "database password is hunter2";

        @Override
        public String nsid() {
            return "dev.pds.test.fail";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) {
            throw new IllegalStateException(SECRET_DETAIL);
        }
    }

    /** Fails the way a handler reports a client's mistake. */
    static final class Refuse implements XrpcMethod {
        @Override
        public String nsid() {
            return "dev.pds.test.refuse";
        }

        @Override
        public XrpcResponse handle(XrpcRequest request) {
            throw XrpcException.badRequest("RecordNotFound", "Could not locate record");
        }
    }
}
