package dev.pds.server.oauth.scope;

/**
 * One granular permission understood by this server, parsed from a scope string or from a
 * permission set. Each one can say in plain words what it grants, for the consent screen, and
 * prints back in the normalized scope syntax.
 */
public sealed interface Permission
        permits RepoPermission, BlobPermission, RpcPermission, AccountPermission, IdentityPermission {
    /** A sentence fragment for the consent screen, e.g. "create, update and delete posts". */
    String describe();

    /** The normalized scope string. */
    String scope();
}
