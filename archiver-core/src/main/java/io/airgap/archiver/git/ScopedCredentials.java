package io.airgap.archiver.git;

import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.progress.ProgressListener;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers JGit's credential questions only for URIs inside the scope. JGit asks with the URI it is
 * talking to at that moment — after a redirect, the new one — so a server that sends the client
 * elsewhere and challenges it there gets nothing.
 */
final class ScopedCredentials extends CredentialsProvider {
  private final CredentialsProvider delegate;
  private final CredentialScope scope;
  private final String name;
  private final ProgressListener progress;

  ScopedCredentials(CredentialsProvider delegate, CredentialScope scope, String name, ProgressListener progress) {
    this.delegate = delegate;
    this.scope = scope;
    this.name = name;
    this.progress = progress;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    return delegate.supports(items);
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    if (uri == null || !scope.allows(uri.toString())) {
      scope.withheld(name, uri == null ? null : uri.toString(), progress);
      return false;
    }
    return delegate.get(uri, items);
  }

  @Override
  public void reset(URIish uri) {
    delegate.reset(uri);
  }
}
