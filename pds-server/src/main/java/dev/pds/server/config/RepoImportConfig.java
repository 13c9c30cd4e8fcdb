package dev.pds.server.config;

/**
 * Whether accounts moving here may bring their repo ({@code PDS_ACCEPTING_REPO_IMPORTS},
 * default true, as on the reference) and the largest export taken
 * ({@code PDS_MAX_REPO_IMPORT_SIZE} in bytes; by default the blob upload limit, which is what
 * the reference falls back to). The export is held in memory while it is checked and written:
 * measured, the default 61 MB heap takes a 9 MB export but not a 13.5 MB one, and a 256 MB heap
 * a 45 MB one (docs/BENCHMARKS.md), so a larger limit wants {@code PDS_HEAP_MAX_MB} too.
 */
public record RepoImportConfig(boolean accepting, long maxBytes) {
    public RepoImportConfig {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
    }

    static RepoImportConfig from(EnvReader env, long blobUploadLimit) {
        return new RepoImportConfig(env.bool("PDS_ACCEPTING_REPO_IMPORTS", true),
                env.integer("PDS_MAX_REPO_IMPORT_SIZE", blobUploadLimit, 1, Long.MAX_VALUE));
    }
}
