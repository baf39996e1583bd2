package io.airgap.archiver.lfs;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.RemoteAccess;

/** Where restore puts LFS objects: the target's LFS server (with the target's credentials) or its local folder. */
public record LfsTarget(LfsEndpoint endpoint, String authorization, int transfers) {

  /**
   * The target repository's endpoint as git-lfs derives it, unless {@code urlOverride} ({@code --lfs-url})
   * is given; the target's credentials go with it when it lies in their scope (which holds the override).
   */
  public static LfsTarget of(RemoteAccess target, String urlOverride, int transfers) throws InvalidRequestException {
    LfsEndpoint endpoint = urlOverride == null || urlOverride.isBlank()
        ? LfsEndpoint.forRemote(target.remote()) : LfsEndpoint.parse(urlOverride, "--lfs-url");
    String authorization = endpoint.isLocal() ? null : target.httpAuthorizationFor(endpoint.url());
    return new LfsTarget(endpoint, authorization, transfers > 0 ? transfers : LfsOptions.DEFAULT_TRANSFERS);
  }

  @Override
  public String toString() {
    return "LfsTarget[" + endpoint.display() + "]";
  }
}
