package dev.pds.server.records;

import dev.pds.core.store.CommitTableWrites;
import dev.pds.core.syntax.Did;
import java.util.List;

/**
 * Where record writes meet the blob store. Before a commit, {@link #prepare} sees every
 * write with the blob refs of its record: it refuses the batch with the client's error when a
 * blob is not uploaded or its mime type or size differ (BlobNotFound, as the reference PDS
 * answers), and returns the table writes that record which records reference which blobs.
 * Those are built from the commit's result under the repo's lock and written in the commit's
 * own batch, so the references and the records become durable together.
 */
@FunctionalInterface
public interface RecordBlobs {
    /**
     * @param did    the repo written to
     * @param writes the batch, in order; deletes carry no blobs, and an update's old record is
     *               found through the commit's ops ({@code prev})
     */
    CommitTableWrites prepare(Did did, List<PreparedWrite> writes);

    /** Checks nothing and records nothing: for servers without a blob store. */
    RecordBlobs NONE = (did, writes) -> CommitTableWrites.NONE;
}
