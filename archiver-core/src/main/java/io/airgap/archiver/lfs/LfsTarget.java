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
    if (SshLfsAuthenticate.applies(target, endpoint)) {
      return new LfsTarget(endpoint, null, n, target); // credentials decided once the SSH server answered
    }
    String authorization = endpoint.isLocal() ? null : target.httpAuthorizationFor(endpoint.url());
    return new LfsTarget(endpoint, authorization, n, null);
  }

  /** The client to upload with: for an SSH target, after asking its server (or its git-lfs fallback). */
  LfsBatchClient client(ProgressListener progress) throws ArchiverException {
    if (access == null) {
      return new LfsBatchClient(endpoint, authorization);
    }
    SshLfsAuthenticate ssh = new SshLfsAuthenticate(access, LfsBatchApi.UPLOAD, progress);
    LfsEndpoint named = ssh.endpoint(endpoint);
    return ssh.answered() ? new LfsBatchClient(named, null, ssh)
        : new LfsBatchClient(named, access.httpAuthorizationFor(named.url()));
  }

  @Override
  public String toString() {
    return "LfsTarget[" + endpoint.display() + "]";
  }
}
