package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.Map;

/** Default folders, following the XDG base-directory convention. */
public final class Defaults {
  private Defaults() {}

  /** {@code $ARCHIVER_CACHE}, else {@code $XDG_CACHE_HOME/airgap-archiver}, else {@code ~/.cache/airgap-archiver}. */
  public static Path cacheDir(Map<String, String> env) {
    return fromEnv(env, "ARCHIVER_CACHE", "XDG_CACHE_HOME", ".cache");
  }

  /** The folder that holds one workspace per source; {@code ARCHIVER_WORKSPACE} names one workspace instead. */
  public static final String WORKSPACE_ROOT = "ARCHIVER_WORKSPACE_ROOT";
  /** The root's old name, easy to mistake for {@code ARCHIVER_WORKSPACE}: still read, with a warning. */
  public static final String WORKSPACE_ROOT_DEPRECATED = "ARCHIVER_WORKSPACES";

  /**
   * {@code $ARCHIVER_WORKSPACE_ROOT} (or the deprecated {@code $ARCHIVER_WORKSPACES}, with a warning),
   * else {@code $XDG_DATA_HOME/airgap-archiver/workspaces}, else under {@code ~/.local/share}.
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
    Path base = pathOf(env.get(xdg));
    if (base == null) {
      base = Path.of(System.getProperty("user.home")).resolve(fallback);
    }
    return base.resolve("airgap-archiver");
  }

  private static Path pathOf(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
