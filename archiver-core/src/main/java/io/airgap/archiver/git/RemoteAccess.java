package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressListener;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Credentials and transport settings for one remote, read from environment variables with a
 * prefix ({@code SOURCE_} or {@code TARGET_}): {@code _TOKEN}, {@code _USERNAME}, {@code _PASSWORD},
 * {@code _SSH_KEY}, {@code _SSH_PASSPHRASE}, {@code _SSH_KNOWN_HOSTS}. Secrets stay in memory only.
 */
public final class RemoteAccess {
  private static final int TIMEOUT_SECONDS = 600;

  private final GitRemote remote;
  private final CredentialsProvider credentials;
  private final SshdSessionFactory ssh;
  private final String httpAuthorization;

  private RemoteAccess(GitRemote remote, CredentialsProvider credentials, SshdSessionFactory ssh,
      String httpAuthorization) {
    this.remote = remote;
    this.credentials = credentials;
    this.ssh = ssh;
    this.httpAuthorization = httpAuthorization;
  }

  public static RemoteAccess of(GitRemote remote, Map<String, String> env, String prefix, ProgressListener progress) {
    String secret = firstNonEmpty(env.get(prefix + "TOKEN"), env.get(prefix + "PASSWORD"));
    String user = firstNonEmpty(env.get(prefix + "USERNAME"), remote.embeddedUser());
    if (secret == null && remote.embeddedPassword() != null) {
      secret = remote.embeddedPassword();
      progress.warn("credentials in the URL are visible to other users of this machine; use "
          + prefix + "TOKEN instead");
    }
    CredentialsProvider credentials = null;
    if (secret != null) {
      credentials = new UsernamePasswordCredentialsProvider(user == null ? "git" : user, secret);
    } else if (env.get(prefix + "SSH_PASSPHRASE") != null) {
      credentials = new UsernamePasswordCredentialsProvider("", env.get(prefix + "SSH_PASSPHRASE"));
    }
    SshdSessionFactory ssh = remote.isSsh() ? sshFactory(env, prefix) : null;
    String basic = secret == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
        ((user == null ? "git" : user) + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new RemoteAccess(remote, credentials, ssh, basic);
  }

  private static SshdSessionFactory sshFactory(Map<String, String> env, String prefix) {
    File home = FS.DETECTED.userHome();
    SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(new File(home, ".ssh"));
    String key = env.get(prefix + "SSH_KEY");
    if (key != null && !key.isEmpty()) {
      builder.setDefaultIdentities(dir -> List.of(Path.of(key)));
    }
    String knownHosts = env.get(prefix + "SSH_KNOWN_HOSTS");
    if (knownHosts != null && Files.exists(Path.of(knownHosts))) {
      builder.setDefaultKnownHostsFiles(dir -> List.of(Path.of(knownHosts)));
    }
    return builder.build(null);
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b != null && !b.isEmpty() ? b : null;
  }

  public GitRemote remote() {
    return remote;
  }

  /**
   * The HTTP {@code Authorization} value for these credentials, for the repository's Git LFS server
   * (the same user and token as Git), or {@code null}. A secret: never show or log it.
   */
  public String httpAuthorization() {
    return httpAuthorization;
  }

  /** Applies credentials, SSH settings and timeouts to a JGit command. */
  public <C extends TransportCommand<C, ?>> C configure(C command) {
    command.setCredentialsProvider(credentials);
    command.setTimeout(TIMEOUT_SECONDS);
    command.setTransportConfigCallback(this::configure);
    return command;
  }

  /** Applies credentials, SSH settings and timeouts to a transport opened directly. */
  public void configure(Transport transport) {
    configured(transport);
  }

  /** {@link #configure(Transport)}, returning the transport. */
  Transport configured(Transport transport) {
    if (credentials != null) {
      transport.setCredentialsProvider(credentials);
    }
    transport.setTimeout(TIMEOUT_SECONDS);
    if (ssh != null && transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(ssh);
    }
    return transport;
  }

  @Override
  public String toString() {
    return "RemoteAccess[" + remote.display() + "]";
  }
}
