package dev.pds.e2e.blob;

import dev.pds.core.data.BlobRef;
import dev.pds.core.data.Cid;
import dev.pds.core.data.DataMap;
import dev.pds.core.repo.WriteOp;
import dev.pds.core.syntax.Did;
import dev.pds.e2e.TestServer;
import dev.pds.server.AppContext;
import dev.pds.server.account.Account;
import java.util.List;
import java.util.Map;

/**
 * Records that arrive the way a repo import brings them: committed with their blob references
 * recorded but without the blobs, which the account uploads afterwards. This goes through the
 * server's own writer and blob store, one record at a time; AccountMoveTest imports whole repos
 * through com.atproto.repo.importRepo.
 */
final class ImportedRecords {
    private ImportedRecords() {
    }

    static void commit(TestServer pds, String did, String collection, String rkey, String cid, String mimeType, long size) {
        AppContext context = pds.server.context();
        Account account = context.accounts().byDid(Did.parse(did)).orElseThrow();
        BlobRef ref = new BlobRef(Cid.parse(cid), mimeType, size);
        DataMap record = DataMap.builder().put("$type", collection).put("file", ref.toDataMap()).build();
        context.writer().apply(account, List.of(WriteOp.create(collection, rkey, record)), null,
                context.blobs().prepareImported(account.did(), Map.of(collection + "/" + rkey, List.of(ref))));
    }
}
