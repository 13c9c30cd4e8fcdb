package dev.pds.core.block;

import dev.pds.core.data.Cid;

/**
 * A block that a structure links to is not in the source it is read from: an incomplete CAR
 * file or proof, or a damaged store. Callers at the edge decide whether that is the client's
 * fault (an import) or ours (our own store).
 */
public final class MissingBlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    public MissingBlockException(Cid cid) {
        super("missing block " + cid);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
