package io.airgap.archiver.git;

import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.JDKHttpConnection;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit's HTTP connections, except that an {@code Authorization} header is not set on a connection to
 * an origin outside the scope. JGit keeps the authentication it settled on across redirects, so
 * without this a source that answers {@code 302} to another host hands that host the credentials.
 */
final class ScopedHttpConnections extends JDKHttpConnectionFactory {
  private final CredentialScope scope;
  private final String name;
  private final ProgressListener progress;

  ScopedHttpConnections(CredentialScope scope, String name, ProgressListener progress) {
    this.scope = scope;
    this.name = name;
    this.progress = progress;
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return new Connection(url, org.eclipse.jgit.util.HttpSupport.proxyFor(java.net.ProxySelector.getDefault(), url));
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    return new Connection(url, proxy);
  }

  /** A JDK connection that keeps credentials to itself when its URL is outside the scope. */
  private final class Connection extends JDKHttpConnection {
    Connection(URL url, Proxy proxy) throws IOException {
      super(url, proxy);
    }

    @Override
    public void setRequestProperty(String key, String value) {
      if ("Authorization".equalsIgnoreCase(key) && !scope.allows(getURL().toString())) {
        scope.withheld(name, getURL().toString(), progress);
        return;
      }
      super.setRequestProperty(key, value);
    }
  }
}
