package dev.pds.server.api;

import dev.pds.server.AppContext;
import dev.pds.server.api.actor.GetPreferences;
import dev.pds.server.api.actor.PutPreferences;
import dev.pds.server.api.admin.DeleteAccount;
import dev.pds.server.api.admin.GetAccountInfo;
import dev.pds.server.api.admin.GetAccountInfos;
import dev.pds.server.api.admin.GetSubjectStatus;
import dev.pds.server.api.admin.AccountInvites;
import dev.pds.server.api.temp.CheckSignupQueue;
import dev.pds.server.api.admin.DisableInviteCodes;
import dev.pds.server.api.admin.GetInviteCodes;
import dev.pds.server.api.admin.SendEmail;
import dev.pds.server.api.admin.UpdateAccountEmail;
import dev.pds.server.api.admin.UpdateAccountHandle;
import dev.pds.server.api.admin.UpdateAccountPassword;
import dev.pds.server.api.admin.UpdateSubjectStatus;
import dev.pds.server.api.identity.GetRecommendedDidCredentials;
import dev.pds.server.api.identity.RequestPlcOperationSignature;
import dev.pds.server.api.identity.SignPlcOperation;
import dev.pds.server.api.identity.ResolveHandle;
import dev.pds.server.api.identity.SubmitPlcOperation;
import dev.pds.server.api.identity.UpdateHandle;
import dev.pds.server.api.repo.ApplyWrites;
import dev.pds.server.api.repo.CreateRecord;
import dev.pds.server.api.repo.DeleteRecord;
import dev.pds.server.api.repo.DescribeRepo;
import dev.pds.server.api.repo.GetRecord;
import dev.pds.server.api.repo.ImportRepo;
import dev.pds.server.api.repo.ListMissingBlobs;
import dev.pds.server.api.repo.ListRecords;
import dev.pds.server.api.repo.PutRecord;
import dev.pds.server.api.repo.UploadBlob;
import dev.pds.server.api.server.ActivateAccount;
import dev.pds.server.api.server.CheckAccountStatus;
import dev.pds.server.api.server.CreateAccount;
import dev.pds.server.api.server.ConfirmEmail;
import dev.pds.server.api.server.RequestAccountDelete;
import dev.pds.server.api.server.RequestEmailConfirmation;
import dev.pds.server.api.server.RequestEmailUpdate;
import dev.pds.server.api.server.UpdateEmail;
import dev.pds.server.api.server.RequestPasswordReset;
import dev.pds.server.api.server.ResetPassword;
import dev.pds.server.api.server.CreateAppPassword;
import dev.pds.server.api.server.CreateInviteCode;
import dev.pds.server.api.server.CreateInviteCodes;
import dev.pds.server.api.server.CreateSession;
import dev.pds.server.api.server.DeactivateAccount;
import dev.pds.server.api.server.DeleteSession;
import dev.pds.server.api.server.DescribeServer;
import dev.pds.server.api.server.GetAccountInviteCodes;
import dev.pds.server.api.server.GetServiceAuth;
import dev.pds.server.api.server.GetSession;
import dev.pds.server.api.server.ListAppPasswords;
import dev.pds.server.api.server.RefreshSession;
import dev.pds.server.api.server.RevokeAppPassword;
import dev.pds.server.api.sync.GetBlob;
import dev.pds.server.api.sync.GetBlocks;
import dev.pds.server.api.sync.GetLatestCommit;
import dev.pds.server.api.sync.GetRepo;
import dev.pds.server.api.sync.GetRepoStatus;
import dev.pds.server.api.sync.ListBlobs;
import dev.pds.server.api.sync.ListRepos;
import dev.pds.server.firehose.Firehose;
import dev.pds.server.xrpc.XrpcMethods;

/** The one place where every XRPC method this PDS implements is registered. */
public final class PdsMethods {
    private PdsMethods() {
    }

    /**
     * The standard methods; callers may add more before {@code build()}. {@code firehose}
     * erases a deleted account's events from the stream.
     */
    public static XrpcMethods.Builder standard(AppContext context, Firehose firehose) {
        GetRepo getRepo = new GetRepo(context);
        return XrpcMethods.builder(context.lexicons())
                // com.atproto.server
                .add(new DescribeServer(context.config()))
                .add(new CreateAccount(context))
                .add(new CreateSession(context))
                .add(new GetSession(context))
                .add(new GetServiceAuth(context))
                .add(new RefreshSession(context))
                .add(new DeleteSession(context))
                .add(new CreateAppPassword(context))
                .add(new ListAppPasswords(context))
                .add(new RevokeAppPassword(context))
                .add(new CreateInviteCode(context))
                .add(new CreateInviteCodes(context))
                .add(new GetAccountInviteCodes(context))
                .add(new CheckAccountStatus(context))
                .add(new ActivateAccount(context))
                .add(new DeactivateAccount(context))
                // com.atproto.repo
                .add(new CreateRecord(context))
                .add(new PutRecord(context))
                .add(new DeleteRecord(context))
                .add(new GetRecord(context))
                .add(new ListRecords(context))
                .add(new ApplyWrites(context))
                .add(new DescribeRepo(context))
                // com.atproto.identity
                .add(new ResolveHandle(context))
                .add(new UpdateHandle(context))
                .add(new GetRecommendedDidCredentials(context))
                .add(new SubmitPlcOperation(context))
                .add(new RequestPlcOperationSignature(context))
                .add(new SignPlcOperation(context))
                // com.atproto.sync
                .add(getRepo)
                .add(getRepo.checkout())
                .add(new dev.pds.server.api.sync.GetRecord(context))
                .add(new GetBlocks(context))
                .add(new GetLatestCommit(context))
                .add(GetLatestCommit.head(context))
                .add(new GetRepoStatus(context))
                .add(new ListRepos(context))
                // com.atproto.repo and com.atproto.sync: blobs
                .add(new UploadBlob(context.blobs(), context.accounts()))
                .add(new ListMissingBlobs(context.blobs()))
                .add(new ImportRepo(context))
                .add(new GetBlob(context))
                .add(new ListBlobs(context))
                // app.bsky.actor (kept on the PDS)
                .add(new GetPreferences(context))
                .add(new PutPreferences(context))
                // com.atproto.admin (operator, Basic auth with the admin password)
                .add(new DeleteAccount(context, firehose))
                .add(new dev.pds.server.api.server.DeleteAccount(context, firehose))
                .add(new RequestAccountDelete(context))
                .add(new RequestPasswordReset(context))
                .add(new ResetPassword(context))
                .add(new RequestEmailConfirmation(context))
                .add(new ConfirmEmail(context))
                .add(new RequestEmailUpdate(context))
                .add(new UpdateEmail(context))
                .add(new GetAccountInfo(context))
                .add(new GetAccountInfos(context))
                .add(new UpdateAccountHandle(context))
                .add(new UpdateAccountEmail(context))
                .add(new SendEmail(context))
                .add(new CheckSignupQueue())
                .add(new GetInviteCodes(context))
                .add(new DisableInviteCodes(context))
                .add(AccountInvites.disable(context))
                .add(AccountInvites.enable(context))
                .add(new GetSubjectStatus(context))
                .add(new UpdateAccountPassword(context))
                .add(new UpdateSubjectStatus(context));
    }
}
