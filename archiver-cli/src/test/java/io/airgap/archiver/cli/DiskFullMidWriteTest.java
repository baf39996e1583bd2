package io.airgap.archiver.cli;

import static io.airgap.archiver.cli.CrashPoints.allFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while the tool writes (another process fills a small tmpfs while the CLI is
 * frozen mid-write; CI runs as root, so it can mount one): exit 1, a message naming the disk, and
 * nothing of the run left behind.
 */
class DiskFullMidWriteTest {
  private static final String TIME = "2026-01-01T00:00:00Z";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path disk;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    CrashPoints.addLargeFile(src, 24 << 20);
    disk = Files.createDirectories(tmp.resolve("small-disk"));
    Fixtures.ProcessResult mount = Fixtures.exec(tmp, "mount", "-t", "tmpfs", "-o", "size=40M", "tmpfs", disk.toString());
    assertEquals(0, mount.exitCode(), "this test mounts a 40 MiB tmpfs (CI runs as root): " + mount.output());
  }

  @AfterEach
  void tearDown() throws Exception {
    Fixtures.exec(tmp, "umount", "-l", disk.toString());
  }

  /** Another process takes every free byte of the tmpfs, as a log or a copy would. */
  private void fillTheDisk() throws Exception {
    Fixtures.ProcessResult dd = Fixtures.exec(tmp, "dd", "if=/dev/zero", "of=" + disk.resolve("filler"), "bs=1M");
    assertTrue(dd.output().contains("No space left on device"), "the disk is full now: " + dd.output());
  }

  @Test
  void create_diskFillsWhileTheArchiveIsWritten_exit1NamingTheDisk_andNoPartialLeft() throws Exception {
    Path out = disk.resolve("out");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), "create", "--source", src.toString(), "--output",
        out.toString(), "--sign-key", keys.secret().toString(), "--timestamp", TIME, "--no-deps")) {
      p.awaitFile(out, n -> n.contains(".partial-" + p.pid() + "-"), 120)
          .orElseThrow(() -> new AssertionError("never reached the archive write:\n" + p.output()));
      p.stop();
      fillTheDisk();
      p.resume();
      assertEquals(1, p.waitFor(120), p.output());
      assertTrue(p.output().contains("no space left on " + disk + " (tmpfs), which holds " + out), p.output());
      assertFalse(p.output().contains("\tat "), "no stack trace: " + p.output());
    }
    assertEquals(List.of(), allFiles(out), "neither the partial archive nor the output lock is left");
  }

  @Test
  void restore_workspaceFillsWhileTheArchiveIsStaged_exit1NamingTheDisk_andNothingLeftInIt() throws Exception {
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString(), "--no-deps").expect(0);
    Path ws = disk.resolve("ws");
    Path target = tmp.resolve("target.git");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), "restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(),
        "--target", target.toString(), "--trust", keys.pub().toString(), "--workspace", ws.toString())) {
      p.awaitFile(ws.resolve("staging"), n -> true, 120)
          .orElseThrow(() -> new AssertionError("never staged the archive:\n" + p.output()));
      p.stop();
      fillTheDisk();
      p.resume();
      assertEquals(1, p.waitFor(120), p.output());
      assertTrue(p.output().contains("no space left on " + disk + " (tmpfs), which holds " + ws), p.output());
      assertFalse(p.output().contains("\tat "), "no stack trace: " + p.output());
    }
    assertFalse(Files.exists(ws.resolve("staging")) && !allFiles(ws.resolve("staging")).isEmpty(),
        "no staged archive left: " + allFiles(ws.resolve("staging")));
    assertFalse(Files.exists(target) && !CGit.refs(target).isEmpty(), "nothing pushed");
  }

  /** Another process takes all but {@code leaveFree} bytes of the tmpfs. */
  private void fillTheDiskLeaving(long leaveFree) throws Exception {
    long mib = (Files.getFileStore(disk).getUsableSpace() - leaveFree) >> 20;
    Fixtures.ProcessResult dd = Fixtures.exec(tmp, "dd", "if=/dev/zero", "of=" + disk.resolve("filler"), "bs=1M",
        "count=" + mib);
    assertEquals(0, dd.exitCode(), dd.output());
  }

  @Test
  void restore_workspaceFillsWhileTheBundleIsUnbundled_exit1NamingTheDisk_nothingLeft_targetUntouched()
      throws Exception {
    assertEquals(0, Fixtures.exec(tmp, "mount", "-o", "remount,size=80M", disk.toString()).exitCode());
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString(), "--no-deps").expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    Path ws = disk.resolve("ws");
    Path target = tmp.resolve("target.git");
    CGit.git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    CGit.git(target, "update-ref", "refs/heads/main", "main~1");
    String before = CGit.refs(target);
    String[] restore = {"restore", archive.toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", ws.toString()};
    Path packs = ws.resolve("repo.git/objects/pack");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), restore)) {
      p.awaitFile(ws.resolve("staging"), n -> true, 120)
          .orElseThrow(() -> new AssertionError("never staged the archive:\n" + p.output()));
      p.stop();
      // room for the staged bundle (the size of the archive, whose payload does not compress), not for
      // the pack it becomes as well: the disk runs out while the bundle is unbundled
      fillTheDiskLeaving(Files.size(archive) + (6 << 20));
      p.resume();
      assertEquals(1, p.waitFor(120), p.output());
      assertTrue(p.output().contains("no space left on " + disk + " (tmpfs), which holds " + ws), p.output());
      assertTrue(p.output().contains("unbundl"), "ran out while unbundling: " + p.output());
      assertFalse(p.output().contains("\tat "), "no stack trace: " + p.output());
    }
    assertEquals(List.of(), allFiles(packs), "no partial pack left in the workspace");
    assertFalse(Files.exists(ws.resolve("staging")) && !allFiles(ws.resolve("staging")).isEmpty(),
        "no staged archive left: " + allFiles(ws.resolve("staging")));
    assertEquals(before, CGit.refs(target), "the target is untouched");

    Files.delete(disk.resolve("filler"));
    cli.run(restore).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }
}
