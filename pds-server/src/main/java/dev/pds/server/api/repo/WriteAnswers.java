package dev.pds.server.api.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pds.core.data.Cid;
import dev.pds.core.syntax.Did;
import dev.pds.server.records.PreparedWrite;
import dev.pds.server.records.RecordJson;
import dev.pds.server.xrpc.XrpcJson;

/** The {@code {uri, cid, validationStatus}} part that every record write answer shares. */
final class WriteAnswers {
    private WriteAnswers() {
    }

    static ObjectNode written(Did did, PreparedWrite write, Cid cid) {
        ObjectNode out = XrpcJson.object();
        out.put("uri", RecordJson.uri(did, write.collection(), write.rkey()));
        out.put("cid", cid.toString());
        write.validationStatus().ifPresent(s -> out.put("validationStatus", s.wireName()));
        return out;
    }
}
