package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync's refusals of bad requests: exit 2, a message saying what to change, nothing written anywhere. */
class SyncUsageTest {
  @TempDir Path tmp;

  @Test
  void badRequests_areExit2WithAClearMessage_andTouchNoTarget() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path source = SampleRepos.simple(tmp.resolve("source"));
    Path t1 = tmp.resolve("t1.git");
    Path t2 = tmp.resolve("t2.git");

    assertTrue(cli.run("sync", "--source", source.toString()).expect(2).err().contains("no target given"));
    assertTrue(cli.run("sync", "--bidirectional", "--source", source.toString(), "--target", t1.toString(),
        "--target", t2.toString()).expect(2).err().contains("exactly one --target"));
    assertTrue(cli.run("sync", "--source", source.toString(), "--target", t1.toString(), "--target", t1.toString())
        .expect(2).err().contains("given twice"));
    assertTrue(cli.run("sync", "--source", source.toString(), "--target", t1.toString(), "--target-lfs-url",
        "git://elsewhere/x.git=http://lfs.example/x").expect(2).err().contains("not one of the --target values"));
    CliRunner.Run policy = cli.run("sync", "--source", source.toString(), "--target", t1.toString(), "--on-conflict", "merge");
    policy.expect(2);
    assertTrue(policy.err().contains("expected fail, source-wins or target-wins"), policy.err());
    CliRunner.Run missing = cli.run("sync", "--source", tmp.resolve("nope").toString(), "--target", t1.toString());
    missing.expect(2);
    assertTrue(missing.err().contains("does not exist"), missing.err());
    assertFalse(missing.all().contains("\tat "), missing.all());
    assertFalse(Files.exists(t1));
    assertFalse(Files.exists(t2));
    assertTrue(cli.run("sync", "--help").expect(0).out().contains("--bidirectional"));
  }
}
