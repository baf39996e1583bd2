package io.airgap.archiver.lfs;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.progress.ProgressListener;

/**
 * Where restore puts LFS objects: the target's LFS server (with the target's credentials) or its local
 * folder. For an SSH target without {@code --lfs-url}, {@code access} asks its server with
 * {@code git-lfs-authenticate … upload} when the first object is to be stored.
 */
public record LfsTarget(LfsEndpoint endpoint, String authorization, int transfers, RemoteAccess access) {

  public LfsTarget(LfsEndpoint endpoint, String authorization, int transfers) {
    this(endpoint, authorization, transfers, null);
  }

  /**
   * The target repository's endpoint as git-lfs derives it, unless {@code urlOverride} ({@code --lfs-url})
   * is given; the target's credentials go with it when it lies in their scope (which holds the override).
   */
  public static LfsTarget of(RemoteAccess target, String urlOverride, int transfers) throws InvalidRequestException {
    LfsEndpoint endpoint = urlOverride == null || urlOverride.isBlank()
        ? LfsEndpoint.forRemote(target.remote()) : LfsEndpoint.parse(urlOverride, "--lfs-url");
    int n = transfers > 0 ? transfers : LfsOptions.DEFAULT_TRANSFERS;
    // a server: the URL and credentials are settled when the first object is to be stored
    return new LfsTarget(endpoint, null, n, endpoint.isLocal() ? null : target);
  }

  /**
   * The client to upload with: the endpoint rewritten by the operator's {@code url.<base>.pushInsteadOf}
   * / {@code insteadOf}; for an SSH target without {@code --lfs-url}, the server its
   * {@code git-lfs-authenticate} names (else that endpoint, git-lfs's fallback). The target's credentials
   * go only where their scope allows.
   */
  LfsBatchClient client(ProgressListener progress) throws ArchiverException {
    if (access == null) {
      return new LfsBatchClient(endpoint, authorization);
    }
    LfsEndpoint rewritten = LfsUrlRewrite.apply(endpoint, access.operatorGitConfigs(), true, progress);
    if (SshLfsAuthenticate.applies(access, endpoint)) {
      SshLfsAuthenticate ssh = new SshLfsAuthenticate(access, LfsBatchApi.UPLOAD, progress);
      LfsEndpoint named = ssh.endpoint(rewritten);
      if (ssh.answered()) {
        return new LfsBatchClient(named, null, ssh);
      }
    }
    return new LfsBatchClient(rewritten, access.httpAuthorizationFor(rewritten.url()));
  }

  @Override
  public String toString() {
    return "LfsTarget[" + endpoint.display() + "]";
  }
}
