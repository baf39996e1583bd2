package io.airgap.archiver.git;

import io.airgap.archiver.internal.CredentialScope;
import io.airgap.archiver.internal.Defaults;
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
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Credentials and transport settings for one remote, read from environment variables with a
 * prefix ({@code SOURCE_} or {@code TARGET_}): {@code _TOKEN}, {@code _USERNAME}, {@code _PASSWORD},
 * {@code _SSH_KEY}, {@code _SSH_PASSPHRASE}, {@code _SSH_KNOWN_HOSTS}. Secrets stay in memory only,
 * and go only to the origins of their {@link CredentialScope}: not to a remote outside it, not across
 * a redirect that leaves it, not to an LFS server elsewhere.
 */
public final class RemoteAccess {
  private static final int TIMEOUT_SECONDS = 600;

  private final GitRemote remote;
  private final CredentialsProvider credentials;
  private final SshdSessionFactory ssh;
  private final String httpAuthorization;
  private final CredentialScope scope;
  private final String credentialName;
  private final ProgressListener progress;
  private List<Path> operatorGitConfigs = List.of();

  private RemoteAccess(GitRemote remote, CredentialsProvider credentials, SshdSessionFactory ssh,
      String httpAuthorization, CredentialScope scope, String credentialName, ProgressListener progress) {
    this.remote = remote;
    this.credentials = credentials;
    this.ssh = ssh;
    this.httpAuthorization = httpAuthorization;
    this.scope = scope;
    this.credentialName = credentialName;
    this.progress = progress;
  }

  /** Credentials bound to the remote's own origin: for a URL the operator named. */
  public static RemoteAccess of(GitRemote remote, Map<String, String> env, String prefix, ProgressListener progress) {
    return of(remote, env, prefix, null, progress);
  }

  /**
   * Credentials bound to {@code scope} (null: the remote's own origin); when the remote itself lies
   * outside it (a submodule's or a forge's URL on another host), they are withheld, with a warning,
   * and the remote is used anonymously.
   */
  public static RemoteAccess of(GitRemote remote, Map<String, String> env, String prefix, CredentialScope scope,
      ProgressListener progress) {
    if (scope == null) {
      scope = CredentialScope.of(List.of(remote.display()), "");
    }
    String token = firstNonEmpty(env.get(prefix + "TOKEN"), null);
    String secret = firstNonEmpty(token, env.get(prefix + "PASSWORD"));
    String name = token != null ? prefix + "TOKEN" : prefix + "PASSWORD";
    String user = firstNonEmpty(env.get(prefix + "USERNAME"), remote.embeddedUser());
    if (secret == null && remote.embeddedPassword() != null) {
      secret = remote.embeddedPassword();
      name = "the password in the URL";
      scope = CredentialScope.of(List.of(remote.display()), ""); // given for that URL alone
      progress.warn("credentials in the URL are visible to other users of this machine; use "
          + prefix + "TOKEN instead");
    }
    String passphrase = env.get(prefix + "SSH_PASSPHRASE");
    String key = env.get(prefix + "SSH_KEY");
    if (secret == null && passphrase != null) {
      name = prefix + "SSH_PASSPHRASE";
    }
    if (remote.localPath() == null && !scope.allows(remote.display())) {
      boolean sshSecrets = remote.isSsh() && (passphrase != null || firstNonEmpty(key, null) != null);
      if (secret != null || sshSecrets) {
        scope.withheld(secret != null ? name : prefix + "SSH_KEY", remote.display(), progress);
      }
      secret = null;
      passphrase = null;
      key = null;
    }
    CredentialsProvider credentials = null;
    if (secret != null) {
      credentials = new ScopedCredentials(new UsernamePasswordCredentialsProvider(user == null ? "git" : user, secret),
          scope, name, progress);
    } else if (passphrase != null) {
      credentials = new ScopedCredentials(new UsernamePasswordCredentialsProvider("", passphrase), scope, name,
          progress);
    }
    SshdSessionFactory ssh = remote.isSsh() ? sshFactory(env, prefix, key) : null;
    String basic = secret == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
        ((user == null ? "git" : user) + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RemoteAccess access = new RemoteAccess(remote, credentials, ssh, basic, scope, name, progress);
    Path home = Defaults.home(env);
    String xdg = env.get("XDG_CONFIG_HOME");
    Path xdgConfig = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
    access.operatorGitConfigs = List.of(xdgConfig.resolve("git").resolve("config"), home.resolve(".gitconfig"));
    return access;
  }

  private static SshdSessionFactory sshFactory(Map<String, String> env, String prefix, String key) {
    // ~/.ssh (config, known_hosts, keys) under $HOME, as OpenSSH reads it; not the password file's home
    File home = Defaults.home(env).toFile();
    SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(new File(home, ".ssh"));
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
   * at {@code server} (the same user and token as Git), or {@code null} — also when that server lies
   * outside the credentials' scope (an {@code lfs.url} from {@code .lfsconfig} on another host), which
   * is then said once. A secret: never show or log it.
   */
  public String httpAuthorizationFor(java.net.URI server) {
    if (httpAuthorization == null || scope.allows(server)) {
      return httpAuthorization;
    }
    scope.withheld(credentialName, server.toString(), progress);
    return null;
  }

  /** What a command run on the remote's SSH server answered: its exit status and output (truncated). */
  public record SshAnswer(int exitStatus, byte[] stdout, String stderr) {}

  /**
   * Runs {@code command} on this SSH remote's server through the same SSH client as git over SSH (JGit's
   * Apache MINA SSHD: the same key, passphrase, {@code ~/.ssh/config} and known-hosts checks), for
   * {@code git-lfs-authenticate}. Reads at most {@code maxBytes} of its output; the answer is the
   * server's word (hostile input).
   */
  public SshAnswer sshExec(String command, int maxBytes) throws java.io.IOException, InterruptedException {
    if (ssh == null) {
      throw new IllegalStateException("not an SSH remote: " + remote.display());
    }
    org.eclipse.jgit.transport.RemoteSession session = ssh.getSession(remote.uri(), credentials,
        org.eclipse.jgit.util.FS.DETECTED, 60_000);
    try {
      Process process = session.exec(command, 60);
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readNBytes(maxBytes);
      byte[] err = process.getErrorStream().readNBytes(4096);
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroy();
        throw new java.io.IOException("'" + command.split(" ")[0] + "' on " + remote.display()
            + " did not finish within 60 seconds");
      }
      return new SshAnswer(process.exitValue(), out, new String(err, java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      ssh.releaseSession(session);
    }
  }

  /**
   * The operator's own (global) git config files, in C git's reading order: {@code $XDG_CONFIG_HOME/git/config}
   * (else {@code ~/.config/git/config}), then {@code ~/.gitconfig}. Never a repository's config.
   */
  public List<Path> operatorGitConfigs() {
    return operatorGitConfigs;
  }

  /** The origins these credentials may go to. */
  public CredentialScope scope() {
    return scope;
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
      if (transport instanceof TransportHttp http) {
        // JGit keeps its Authorization across a redirect to another host; these connections drop it there
        http.setHttpConnectionFactory(new ScopedHttpConnections(scope, credentialName, progress));
      }
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
