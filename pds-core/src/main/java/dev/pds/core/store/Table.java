package dev.pds.core.store;

/**
 * The key-value tables the server keeps beside the repositories, in the same database so that
 * their changes can be written in the same synced batch as a commit (a blob reference with
 * the record that makes it, an account with its first commit). Their keys and values belong
 * to the server; the store only orders, persists and scans them.
 */
public enum Table {
    ACCOUNTS(ColumnFamily.ACCOUNTS),
    AUTH(ColumnFamily.AUTH),
    BLOBS(ColumnFamily.BLOBS),
    OAUTH(ColumnFamily.OAUTH),
    PREFERENCES(ColumnFamily.PREFERENCES);

    private final ColumnFamily family;

    Table(ColumnFamily family) {
        this.family = family;
    }

    ColumnFamily family() {
        return family;
    }
}
