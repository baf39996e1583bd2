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
}
