package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workspace root's clear name wins; its old, easily confused name still works and says it is deprecated. */
class DefaultsTest {
  private final List<ProgressEvent.Message> warnings = new ArrayList<>();
  private final ProgressListener listener = event -> {
    if (event instanceof ProgressEvent.Message m && m.level() == ProgressEvent.Level.WARN) {
      warnings.add(m);
    }
  };

  @Test
  void workspaceRoot_comesFromItsOwnVariable_withoutWarning() {
    Path root = Defaults.workspacesDir(Map.of("ARCHIVER_WORKSPACE_ROOT", "/data/ws"), listener);
    assertEquals(Path.of("/data/ws"), root);
    assertEquals(List.of(), warnings);
  }

  @Test
  void deprecatedName_isStillRead_andWarnsOnce() {
    Path root = Defaults.workspacesDir(Map.of("ARCHIVER_WORKSPACES", "/old/ws"), listener);
    assertEquals(Path.of("/old/ws"), root);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).text().contains("ARCHIVER_WORKSPACES is deprecated: set ARCHIVER_WORKSPACE_ROOT"),
        warnings.get(0).text());
  }

  @Test
  void bothNames_theNewOneWins_andTheWarningSaysSo() {
    Path root = Defaults.workspacesDir(
        Map.of("ARCHIVER_WORKSPACE_ROOT", "/new/ws", "ARCHIVER_WORKSPACES", "/old/ws"), listener);
    assertEquals(Path.of("/new/ws"), root);
    assertTrue(warnings.get(0).text().contains("ARCHIVER_WORKSPACES is ignored"), warnings.get(0).text());
  }

  @Test
  void neitherName_fallsBackToXdgDataHome() {
    Path root = Defaults.workspacesDir(Map.of("XDG_DATA_HOME", "/xdg"), listener);
    assertEquals(Path.of("/xdg/airgap-archiver/workspaces"), root);
    assertEquals(List.of(), warnings);
  }

  @Test
  void home_isHomeWhenAbsolute_elseUserHome() {
    assertEquals(Path.of("/srv/ci"), Defaults.home(Map.of("HOME", "/srv/ci")));
    assertEquals(Path.of(System.getProperty("user.home")), Defaults.home(Map.of("HOME", "relative")));
    assertEquals(Path.of(System.getProperty("user.home")), Defaults.home(Map.of("HOME", "")));
    assertEquals(Path.of(System.getProperty("user.home")), Defaults.home(Map.of()));
  }

  @Test
  void everyDefault_liesUnderHome_withoutXdgOrOwnVariables() {
    Map<String, String> env = Map.of("HOME", "/srv/ci");
    assertEquals(Path.of("/srv/ci/.cache/airgap-archiver"), Defaults.cacheDir(env));
    assertEquals(Path.of("/srv/ci/.local/share/airgap-archiver/workspaces"), Defaults.workspacesDir(env, listener));
    assertEquals(Path.of("/srv/ci/.local/state/airgap-archiver/logs"), Defaults.logDir(env));
  }

  @Test
  void xdgFolders_areUsedPerKind_andRelativeOrEmptyOnesIgnored() {
    Map<String, String> xdg = Map.of("HOME", "/h", "XDG_CACHE_HOME", "/c", "XDG_DATA_HOME", "/d", "XDG_STATE_HOME", "/s");
    assertEquals(Path.of("/c/airgap-archiver"), Defaults.cacheDir(xdg));
    assertEquals(Path.of("/d/airgap-archiver/workspaces"), Defaults.workspacesDir(xdg, listener));
    assertEquals(Path.of("/s/airgap-archiver/logs"), Defaults.logDir(xdg));
    Map<String, String> bad = Map.of("HOME", "/h", "XDG_CACHE_HOME", "c", "XDG_DATA_HOME", " ", "XDG_STATE_HOME", "./s");
    assertEquals(Path.of("/h/.cache/airgap-archiver"), Defaults.cacheDir(bad));
    assertEquals(Path.of("/h/.local/share/airgap-archiver/workspaces"), Defaults.workspacesDir(bad, listener));
    assertEquals(Path.of("/h/.local/state/airgap-archiver/logs"), Defaults.logDir(bad));
  }

  @Test
  void ownVariables_winOverXdgAndHome() {
    Map<String, String> env = Map.of("HOME", "/h", "XDG_CACHE_HOME", "/c", "XDG_STATE_HOME", "/s",
        "ARCHIVER_CACHE", "/own/cache", "ARCHIVER_LOG_DIR", "/own/logs");
    assertEquals(Path.of("/own/cache"), Defaults.cacheDir(env));
    assertEquals(Path.of("/own/logs"), Defaults.logDir(env));
  }
}
