package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misspelt key in a --config file must not be ignored (DESIGN.md: unknown keys in any file the tool reads are exit
 * 2, naming the key): "require-aproval" silently ignored would restore unapproved archives.
 */
class ConfigFileKeysTest {
  @TempDir Path tmp;

  @Test
  void unknownTopLevelKey_isAUsageError_namingTheKey_andNothingRuns() throws Exception {
    Path target = tmp.resolve("target.git");
    Path config = Files.writeString(tmp.resolve("restore.yaml"),
        "target: " + target + "\nrequire-aproval: /etc/officer.asc\n");
    CliRunner.Run run = new CliRunner(tmp).run("restore", tmp.resolve("no-such.tar.gz").toString(),
        "--config", config.toString()).expect(2);
    assertTrue(run.err().contains("require-aproval"), run.err());
    assertTrue(run.err().contains("restore.yaml"), run.err());
    assertTrue(run.err().contains("require-approval"), "suggests the near option: " + run.err());
    assertFalse(Files.exists(target));
  }

  @Test
  void keyOfAnotherCommand_isAUsageError() throws Exception {
    Path config = Files.writeString(tmp.resolve("c.yaml"), "keep-chains: 3\n");
    CliRunner.Run run = new CliRunner(tmp).run("verify", tmp.resolve("x.tar.gz").toString(),
        "--config", config.toString()).expect(2);
    assertTrue(run.err().contains("keep-chains") && run.err().contains("verify"), run.err());
  }

  @Test
  void unknownKeyOfARepositoryEntry_isAUsageError() throws Exception {
    Path config = Files.writeString(tmp.resolve("group.yaml"), String.join("\n",
        "output: " + tmp.resolve("out"),
        "repositories:",
        "  - source: " + tmp.resolve("app"),
        "    exlude-refs: [refs/heads/wip/*]",
        ""));
    CliRunner.Run run = new CliRunner(tmp).run("create", "--config", config.toString()).expect(2);
    assertTrue(run.err().contains("exlude-refs"), run.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void knownKeys_underscoresAndDashes_andTheRepositoriesList_areAccepted() throws Exception {
    Path config = Files.writeString(tmp.resolve("ok.yaml"), String.join("\n",
        "output: " + tmp.resolve("out"),
        "exclude_refs: [refs/heads/wip/*]",
        "parallel: 2",
        "repositories:",
        "  - source: " + tmp.resolve("missing-repo"),
        "    name: app",
        ""));
    CliRunner.Run run = new CliRunner(tmp).run("create", "--config", config.toString(), "--dry-run");
    // the run fails later (the repository is missing), but not on a key
    assertFalse(run.err().contains("is not an option of"), run.err());
    assertTrue(run.all().contains("missing-repo"), run.all());
  }
}
