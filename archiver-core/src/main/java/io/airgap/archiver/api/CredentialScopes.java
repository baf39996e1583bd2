package io.airgap.archiver.api;

import io.airgap.archiver.internal.CredentialScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The scopes of the credentials a command reads from the environment, from what the operator named:
 * the source's ({@code SOURCE_*}) are bound to the source URL — or, for a repository a forge or a
 * {@code .gitmodules} named, to the URL the operator gave instead ({@code --api-url}, the
 * superproject's source) — plus {@code --lfs-url} and every {@code --credential-origin}; a target's
 * ({@code TARGET_*}) to its URL and its {@code --lfs-url}.
 */
final class CredentialScopes {
  static final String ALLOW_SOURCE = "pass --credential-origin %s";
  static final String ALLOW_TARGET = "name %s itself in --target or --lfs-url";

  private CredentialScopes() {}

  /**
   * @param givenFor the URLs the operator gave the credentials with; empty means the source itself
   */
  static CredentialScope source(String source, List<String> givenFor, String lfsUrl, List<String> extra) {
    List<String> urls = new ArrayList<>(givenFor.isEmpty() ? List.of(source) : givenFor);
    if (lfsUrl != null) {
      urls.add(lfsUrl);
    }
    urls.addAll(extra);
    return CredentialScope.of(urls, ALLOW_SOURCE);
  }

  static CredentialScope target(String target, String lfsUrl) {
    List<String> urls = new ArrayList<>(List.of(target));
    if (lfsUrl != null) {
      urls.add(lfsUrl);
    }
    return CredentialScope.of(urls, ALLOW_TARGET);
  }
}
