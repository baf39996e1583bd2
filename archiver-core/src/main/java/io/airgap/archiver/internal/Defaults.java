package io.airgap.archiver.internal;

import java.nio.file.Path;
import java.util.Map;

/** Default folders, following the XDG base-directory convention. */
public final class Defaults {
  private Defaults() {}

  /** {@code $ARCHIVER_CACHE}, else {@code $XDG_CACHE_HOME/airgap-archiver}, else {@code ~/.cache/airgap-archiver}. */
  public static Path cacheDir(Map<String, String> env) {
    return fromEnv(env, "ARCHIVER_CACHE", "XDG_CACHE_HOME", ".cache");
  }

  /** {@code $ARCHIVER_WORKSPACES}, else {@code $XDG_DATA_HOME/airgap-archiver/workspaces}, else under {@code ~/.local/share}. */
  public static Path workspacesDir(Map<String, String> env) {
    Path explicit = pathOf(env.get("ARCHIVER_WORKSPACES"));
    return explicit != null ? explicit : fromEnv(env, null, "XDG_DATA_HOME", ".local/share").resolve("workspaces");
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
