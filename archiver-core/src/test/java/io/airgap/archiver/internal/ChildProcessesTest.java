package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every child process gets an allowlisted environment and a scratch folder that is gone afterwards. */
class ChildProcessesTest {
  @TempDir Path tmp;

  @Test
  void environment_keepsOnlyTheAllowlist_andPointsHomeAndTmpdirIntoTheScratchFolder() throws Exception {
    Map<String, String> parent = new TreeMap<>(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "LC_ALL", "C",
        "TZ", "UTC", "SOURCE_TOKEN", "s", "TARGET_TOKEN", "t", "ARCHIVER_KEY_PASSPHRASE", "p",
        "AWS_SECRET_ACCESS_KEY", "a", "PIP_INDEX_URL", "http://elsewhere/", "PYTHONPATH", "/x"));
    parent.put("HOME", "/root");
    parent.put("SSL_CERT_FILE", "/etc/ssl/cert.pem");
    try (ChildProcesses.Scratch scratch = ChildProcesses.Scratch.create(tmp)) {
      Map<String, String> env = ChildProcesses.environment(parent, Set.of("SSL_CERT_FILE"), Map.of("PIP_NO_INPUT", "1"),
          scratch);
      assertEquals(Set.of("PATH", "LANG", "LC_ALL", "TZ", "SSL_CERT_FILE", "PIP_NO_INPUT", "HOME", "TMPDIR", "TMP",
          "TEMP"), env.keySet());
      assertTrue(env.get("HOME").startsWith(scratch.dir().getParent().toString()), env.toString());
      assertTrue(env.get("TMPDIR").startsWith(scratch.dir().getParent().toString()), env.toString());
    }
  }

  @Test
  void realChild_seesNoneOfThisProcesssOtherVariables_andRunsInAScratchFolderDeletedAfterwards() throws Exception {
    ChildProcesses.Result r = ChildProcesses.command(List.of("/bin/sh", "-c", "/usr/bin/env; echo CWD=$(pwd -P);"
        + " touch leftover")).set("TOOL_SETTING", "on").run();
    assertEquals(0, r.exitCode(), r.output());
    Map<String, String> seen = new TreeMap<>();
    r.output().lines().filter(l -> l.indexOf('=') > 0).forEach(l -> seen.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    for (String name : seen.keySet()) {
      assertTrue(Set.of("PATH", "LANG", "LANGUAGE", "TZ", "HOME", "TMPDIR", "TMP", "TEMP", "TOOL_SETTING", "PWD", "CWD",
          "SHLVL", "_").contains(name) || name.startsWith("LC_"), name + " reached the child:\n" + r.output());
    }
    assertEquals("on", seen.get("TOOL_SETTING"));
    Path cwd = Path.of(seen.get("CWD"));
    assertTrue(seen.get("HOME").startsWith(cwd.getParent().toString()), r.output());
    assertFalse(Files.exists(cwd), "the scratch folder is deleted: " + cwd);
  }

  @Test
  void inherit_refusesCredentialShapedNames() {
    for (String name : List.of("SOURCE_TOKEN", "TARGET_TOKEN", "ARCHIVER_KEY_PASSPHRASE", "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE", "DEPS_PYTHON_PASSWORD", "PUBLISH_NPM_TOKEN", "GITHUB_TOKEN", "PIP_INDEX_URL", "NPM_CONFIG_X",
        "MY_API_KEY", "GOOGLE_APPLICATION_CREDENTIALS")) {
      assertThrows(IllegalArgumentException.class, () -> ChildProcesses.command(List.of("true")).inherit(name), name);
    }
    ChildProcesses.command(List.of("true")).inherit("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");
  }

  @Test
  void aChildPastItsTimeout_isKilled_andSaysSo() throws Exception {
    long start = System.nanoTime();
    ChildProcesses.Result r = ChildProcesses.command(List.of("sleep", "30")).timeout(Duration.ofMillis(300)).run();
    assertTrue(r.timedOut());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "killed, not waited for");
  }

  @Test
  void longOutput_keepsItsFirstAndLastLines() throws Exception {
    ChildProcesses.Result r = ChildProcesses.command(List.of("/bin/sh", "-c",
        "echo first; i=0; while [ $i -lt 20000 ]; do echo 'filler line'; i=$((i+1)); done; echo last")).run();
    assertTrue(r.output().startsWith("first\n"), r.output().substring(0, 20));
    assertTrue(r.output().strip().endsWith("last"));
    assertTrue(r.output().length() < 70_000);
  }
}
