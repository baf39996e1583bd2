package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * Default folders, following the XDG base-directory convention, all read from the environment map
 * the caller passes (the CLI's, or a test's). Home is {@code $HOME}, as for the shell, git and ssh;
 * the JVM's {@code user.home} comes from the password file and ignores it (containers, CI, sudo,
 * service accounts). Per the XDG spec, an XDG variable that is empty or not an absolute path is ignored.
 */
public final class Defaults {
  private Defaults() {}

  /** {@code $HOME} when it is an absolute path, else the JVM's {@code user.home}. */
  public static Path home(Map<String, String> env) {
    Path home = absolute(env.get("HOME"));
    return home != null ? home : Path.of(System.getProperty("user.home"));
  }

  /** {@code $ARCHIVER_CACHE}, else {@code $XDG_CACHE_HOME/airgap-archiver}, else {@code $HOME/.cache/airgap-archiver}. */
  public static Path cacheDir(Map<String, String> env) {
    return fromEnv(env, "ARCHIVER_CACHE", "XDG_CACHE_HOME", ".cache");
  }

  /**
   * Where run logs go: {@code $ARCHIVER_LOG_DIR}, else {@code $XDG_STATE_HOME/airgap-archiver/logs}, else
   * {@code $HOME/.local/state/airgap-archiver/logs}.
   */
  public static Path logDir(Map<String, String> env) {
    Path explicit = pathOf(env.get("ARCHIVER_LOG_DIR"));
    return explicit != null ? explicit : fromEnv(env, null, "XDG_STATE_HOME", ".local/state").resolve("logs");
  }

  /** The folder that holds one workspace per source; {@code ARCHIVER_WORKSPACE} names one workspace instead. */
  public static final String WORKSPACE_ROOT = "ARCHIVER_WORKSPACE_ROOT";
  /** The root's old name, easy to mistake for {@code ARCHIVER_WORKSPACE}: still read, with a warning. */
  public static final String WORKSPACE_ROOT_DEPRECATED = "ARCHIVER_WORKSPACES";

  /**
   * {@code $ARCHIVER_WORKSPACE_ROOT} (or the deprecated {@code $ARCHIVER_WORKSPACES}, with a warning),
   * else {@code $XDG_DATA_HOME/airgap-archiver/workspaces}, else under {@code $HOME/.local/share}.
   */
  public static Path workspacesDir(Map<String, String> env, ProgressListener progress) {
    Path explicit = pathOf(env.get(WORKSPACE_ROOT));
    Path deprecated = pathOf(env.get(WORKSPACE_ROOT_DEPRECATED));
    if (deprecated != null) {
      progress.warn(WORKSPACE_ROOT_DEPRECATED + " is deprecated: set " + WORKSPACE_ROOT + " instead"
          + (explicit != null ? " (" + WORKSPACE_ROOT + " is set, so " + WORKSPACE_ROOT_DEPRECATED + " is ignored)" : ""));
    }
    Path chosen = explicit != null ? explicit : deprecated;
    return chosen != null ? chosen : fromEnv(env, null, "XDG_DATA_HOME", ".local/share").resolve("workspaces");
  }

  private static Path fromEnv(Map<String, String> env, String own, String xdg, String fallback) {
    Path p = own == null ? null : pathOf(env.get(own));
    if (p != null) {
      return p;
    }
    Path base = absolute(env.get(xdg));
    if (base == null) {
      base = home(env).resolve(fallback);
    }
    return base.resolve("airgap-archiver");
  }

  private static Path pathOf(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static Path absolute(String value) {
    Path p = pathOf(value);
    return p != null && p.isAbsolute() ? p : null;
  }
}
