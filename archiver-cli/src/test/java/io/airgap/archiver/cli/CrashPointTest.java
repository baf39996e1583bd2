package io.airgap.archiver.cli;

import static io.airgap.archiver.cli.CrashPoints.allFiles;
import static io.airgap.archiver.cli.CrashPoints.assertCarriesExactly;
import static io.airgap.archiver.cli.CrashPoints.assertEachRefOldOrNew;
import static io.airgap.archiver.cli.CrashPoints.visibleFiles;
import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.StallingProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills that land: each test holds the CLI at a known point (a transfer stalled at byte N by a
 * loopback proxy, a partial file seen by a watcher and the process frozen there), asserts the point
 * was reached, SIGKILLs it, then checks nothing half-done is visible and a re-run finishes exact.
 */
class CrashPointTest {
  private static final String TIME = "2026-01-01T00:00:00Z";
  private static final String ARCHIVE = "src-full-20260101T000000Z.tar.gz";

  @TempDir Path tmp;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    CrashPoints.addLargeFile(src, 24 << 20);
  }

  private String[] create(String source, Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", source, "--output", out.toString(),
        "--sign-key", keys.secret().toString(), "--timestamp", TIME, "--no-deps"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** The killed run's partial archive: its only leftover besides its output lock. */
  private static String partialName(Path out) throws Exception {
    List<String> all = allFiles(out);
    List<String> partials = all.stream().filter(n -> n.contains(".partial-")).toList();
    assertEquals(1, partials.size(), "one partial archive left by the kill: " + all);
    assertEquals(List.of(partials.get(0), ".src.lock"), all);
    return partials.get(0);
  }

  @Test
  void createKilledWhileTheArchiveIsWritten_leavesOnlyItsPartial_whichTheNextRunRemoves() throws Exception {
    Path out = tmp.resolve("out");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), create(src.toString(), out))) {
      String partialPrefix = "." + ARCHIVE + ".partial-" + p.pid() + "-";
      Path partial = p.awaitFile(out, n -> n.startsWith(partialPrefix), 120)
          .orElseThrow(() -> new AssertionError("never reached the archive write:\n" + p.output()));
      p.stop();
      assertTrue(Files.exists(partial), "frozen while the archive is written");
      p.kill();
    }
    assertEquals(List.of(), visibleFiles(out), "no file under a final name");
    String left = partialName(out);

    CliRunner.Run rerun = cli.run(create(src.toString(), out)).expect(0);
    assertTrue(rerun.err().contains("removed 2 leftover file(s) of an interrupted earlier run from " + out),
        rerun.err());
    assertTrue(rerun.err().contains(left) && rerun.err().contains(".src.lock"), rerun.err());
    assertEquals(List.of(ARCHIVE), allFiles(out), "only the complete archive");
    cli.run("verify", out.resolve(ARCHIVE).toString(), "--trust", keys.pub().toString()).expect(0);
    assertCarriesExactly(src, out.resolve(ARCHIVE), tmp.resolve("check"));
  }

  @Test
  void createKilledAtTheRenameOfTheFinishedArchive_publishesNothing_andTheNextRunRemovesTheCompletePartial()
      throws Exception {
    Path out = tmp.resolve("out");
    SyscallTrap atRename = SyscallTrap.beforePublishing(out.resolve(ARCHIVE));
    Path complete = Files.createDirectories(tmp.resolve("complete")).resolve(ARCHIVE);
    try (CliProcess p = CliProcess.start(tmp, Map.of(), atRename, create(src.toString(), out))) {
      String call = atRename.awaitSprung(p, 180)
          .orElseThrow(() -> new AssertionError("never reached the rename:\n" + p.output() + atRename.log()));
      assertTrue(call.contains(out.resolve(ARCHIVE).toString()), call);
      String partialPrefix = "." + ARCHIVE + ".partial-" + p.pid() + "-";
      Path partial = out.resolve(partialName(out));
      assertTrue(partial.getFileName().toString().startsWith(partialPrefix), partial.toString());
      // frozen with the archive written in full: only the rename was left to do
      Files.copy(partial, complete);
      p.kill();
    }
    cli.run("verify", complete.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(List.of(), visibleFiles(out), "no file under a final name");
    String left = partialName(out);

    CliRunner.Run rerun = cli.run(create(src.toString(), out)).expect(0);
    assertTrue(rerun.err().contains("removed 2 leftover file(s) of an interrupted earlier run from " + out)
        && rerun.err().contains(left), rerun.err());
    assertEquals(List.of(ARCHIVE), allFiles(out), "only the complete archive");
    cli.run("verify", out.resolve(ARCHIVE).toString(), "--trust", keys.pub().toString()).expect(0);
    assertCarriesExactly(src, out.resolve(ARCHIVE), tmp.resolve("check"));
  }

  @Test
  void createKilledWhileItRepacksTheCache_leavesItsTemporaryPack_whichTheNextRunRemovesAndSays() throws Exception {
    Path out = tmp.resolve("out");
    Path sources = tmp.resolve("cache/sources");
    Path leftover;
    try (CliProcess p = CliProcess.start(tmp, Map.of(), create(src.toString(), out))) {
      Path mirror = p.awaitFile(sources, n -> n.endsWith(".git"), 120)
          .orElseThrow(() -> new AssertionError("never made its cache mirror:\n" + p.output()));
      String ours = ".partial-" + p.pid() + "-";
      Path partial = p.awaitFile(mirror.resolve("objects/pack"), n -> n.startsWith(".pack-") && n.contains(ours), 120)
          .orElseThrow(() -> new AssertionError("never repacked the cache:\n" + p.output()));
      p.stop();
      assertTrue(Files.exists(partial), "frozen while the repacked cache pack is written");
      p.kill();
      leftover = partial;
    }
    assertTrue(Files.exists(leftover), "the kill left the temporary pack");
    assertEquals(List.of(), allFiles(out));

    CliRunner.Run rerun = cli.run(create(src.toString(), out)).expect(0);
    Path cache = tmp.resolve("cache");
    assertTrue(rerun.err().contains("leftover file(s) of an interrupted earlier run from " + cache + ": ")
        && rerun.err().contains(cache.relativize(leftover).toString()), rerun.err());
    assertTrue(Files.notExists(leftover));
    assertEquals(List.of(), allFiles(leftover.getParent()).stream().filter(n -> n.contains(".partial-")).toList());
    assertCarriesExactly(src, out.resolve(ARCHIVE), tmp.resolve("check"));
  }

  @Test
  void createKilledWhileTheBundleIsWritten_leavesNoArchive_andTheNextRunArchivesExactly() throws Exception {
    Path out = tmp.resolve("out");
    Path scratch = tmp.resolve("cache/tmp");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), create(src.toString(), out))) {
      Path work = p.awaitFile(scratch, n -> n.startsWith("src-"), 120)
          .orElseThrow(() -> new AssertionError("never prepared its scratch folder:\n" + p.output()));
      Path bundle = p.awaitFile(work, n -> n.equals("repo.bundle"), 120)
          .orElseThrow(() -> new AssertionError("never reached the bundle write:\n" + p.output()));
      p.stop();
      assertTrue(Files.exists(bundle) && allFiles(out).isEmpty(), "frozen while the bundle is written");
      p.kill();
    }
    assertEquals(List.of(), allFiles(out));
    cli.run(create(src.toString(), out)).expect(0);
    assertEquals(List.of(ARCHIVE), allFiles(out));
    assertCarriesExactly(src, out.resolve(ARCHIVE), tmp.resolve("check"));
  }

  @Test
  void createKilledWhileASplitPartIsWritten_publishesNoPart_andTheNextRunRemovesThem() throws Exception {
    Path out = tmp.resolve("usb");
    try (CliProcess p = CliProcess.start(tmp, Map.of(), create(src.toString(), out, "--split", "8M"))) {
      String secondPart = "." + ARCHIVE + ".part002.partial-" + p.pid() + "-";
      Path partial = p.awaitFile(out, n -> n.startsWith(secondPart), 120)
          .orElseThrow(() -> new AssertionError("never reached the second part:\n" + p.output()));
      p.stop();
      assertTrue(Files.exists(partial), "frozen while part 2 is written, part 1 complete but unpublished");
      p.kill();
    }
    assertEquals(List.of(), visibleFiles(out), "no part and no index under a final name");

    CliRunner.Run rerun = cli.run(create(src.toString(), out, "--split", "8M")).expect(0);
    assertTrue(rerun.err().contains("removed 3 leftover file(s)"), rerun.err());
    List<String> files = allFiles(out);
    assertTrue(files.stream().allMatch(n -> n.startsWith(ARCHIVE + ".part") || n.equals(ARCHIVE + ".parts.json")),
        "only the complete parts and their index: " + files);
    Path index = out.resolve(files.stream().filter(n -> n.endsWith(".json")).findFirst().orElseThrow());
    cli.run("verify", index.toString(), "--trust", keys.pub().toString()).expect(0);
  }

  @Test
  void createKilledMidFetch_leavesNoArchive_andTheNextRunFetchesAndArchivesExactly() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    git(tmp, "clone", "-q", "--mirror", src.toString(), served.resolve("source.git").toString());
    Path out = tmp.resolve("out");
    try (GitHttpServer server = GitHttpServer.start(served, "user", "token");
        StallingProxy proxy = StallingProxy.start(server.port(), StallingProxy.Direction.DOWNLOAD, 1 << 20)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("source.git")).getPath();
      Map<String, String> env = Map.of("SOURCE_USERNAME", "user", "SOURCE_TOKEN", "token");
      try (CliProcess p = CliProcess.start(tmp, env, create(viaProxy, out, "--name", "src"))) {
        assertTrue(proxy.awaitStall(120, TimeUnit.SECONDS), "the fetch never reached 1 MiB:\n" + p.output());
        assertTrue(p.isAlive(), "held mid-fetch");
        p.kill();
      }
      assertEquals(List.of(), allFiles(out));
      cli.env("SOURCE_USERNAME", "user").env("SOURCE_TOKEN", "token");
      cli.run(create(viaProxy, out, "--name", "src")).expect(0);
    }
    assertEquals(List.of(ARCHIVE), allFiles(out));
    assertCarriesExactly(src, out.resolve(ARCHIVE), tmp.resolve("check"));
  }

  @Test
  void createKilledMidS3Upload_storesNoObject_andTheNextRunUploadsAVerifiedArchive() throws Exception {
    try (S3ProxyFixture s3 = S3ProxyFixture.start();
        StallingProxy proxy = StallingProxy.start(s3.endpoint().getPort(), StallingProxy.Direction.UPLOAD, 2 << 20)) {
      s3.createBucket("transfer");
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3ProxyFixture.ACCESS_KEY,
          "AWS_SECRET_ACCESS_KEY", S3ProxyFixture.SECRET_KEY, "AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
      Path out = tmp.resolve("unused");
      String[] args = create(src.toString(), out);
      args[4] = "s3://transfer/nightly";
      try (CliProcess p = CliProcess.start(tmp, env, args)) {
        assertTrue(proxy.awaitStall(120, TimeUnit.SECONDS), "the upload never reached 2 MiB:\n" + p.output());
        assertTrue(p.isAlive(), "held mid-part");
        p.kill();
      }
      assertEquals(List.of(), s3.raw().listObjectsV2(r -> r.bucket("transfer")).contents(), "no object stored");
      env.forEach(cli::env);
      cli.run(args).expect(0);
      List<String> keys = s3.raw().listObjectsV2(r -> r.bucket("transfer")).contents().stream()
          .map(o -> o.key()).toList();
      assertTrue(keys.contains("nightly/" + ARCHIVE), keys.toString());
      cli.run("verify", "s3://transfer/nightly/" + ARCHIVE, "--trust", this.keys.pub().toString()).expect(0);
    }
  }

  @Test
  void restoreToALocalBareRepoKilledWhileUnbundling_leavesTheTargetUnchanged_andTheNextRunEndsExact()
      throws Exception {
    Path out = tmp.resolve("out");
    cli.run(create(src.toString(), out)).expect(0);
    Path target = tmp.resolve("target.git");
    git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    git(target, "update-ref", "refs/heads/main", "main~1");
    String before = CGit.refs(target);
    Path ws = tmp.resolve("ws");
    String[] restore = {"restore", out.resolve(ARCHIVE).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", ws.toString()};
    // a new workspace is made with two renames (HEAD, config); unbundling then moves the indexed
    // pack in with the third: held there, the pack is indexed, not installed, and no ref written
    SyscallTrap atInstall = SyscallTrap.nthRename(3);
    try (CliProcess p = CliProcess.start(tmp, Map.of(), atInstall, restore)) {
      String call = atInstall.awaitSprung(p, 180)
          .orElseThrow(() -> new AssertionError("never unbundled into the workspace:\n" + p.output() + atInstall.log()));
      Path packDir = ws.resolve("repo.git/objects/pack").toAbsolutePath();
      assertTrue(call.contains("incoming_") && call.contains(packDir.toString()),
          "frozen while the bundle's pack is moved into the workspace: " + call);
      assertTrue(!Files.exists(ws.resolve("state.json")), "nothing is recorded as applied yet");
      p.kill();
    }
    assertEquals(before, CGit.refs(target), "the target is exactly as it was");
    cli.run(restore).expect(0);
    assertExact(target);
  }

  private static void assertIntact(Path repo) {
    assertEquals(0, CGit.run(repo, "fsck", "--full").exitCode(), "git fsck --full " + repo);
  }

  /** The target holds exactly the source's refs, and every object they reach. */
  private void assertExact(Path target) {
    assertEquals(CGit.refs(src), CGit.refs(target));
    assertIntact(target);
  }

  /** A bare copy of the source one commit behind on main and without gh-pages, so "old" is more than nothing. */
  private Path olderCopyOfTheSource(Path target) throws Exception {
    git(tmp, "clone", "-q", "--bare", src.toString(), target.toString());
    git(target, "update-ref", "refs/heads/main", "main~1");
    git(target, "update-ref", "-d", "refs/heads/gh-pages");
    return target;
  }

  @Test
  void restoreToALocalBareRepoKilledMidPackInstall_leavesTheRefsOld_andTheNextRunEndsExact() throws Exception {
    Path out = tmp.resolve("out");
    cli.run(create(src.toString(), out)).expect(0);
    Path target = olderCopyOfTheSource(tmp.resolve("target.git"));
    String before = CGit.refs(target);
    String[] restore = {"restore", out.resolve(ARCHIVE).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", tmp.resolve("ws").toString()};
    // the installer links a pack, then its index: held at the index, the pack is in, still invisible
    SyscallTrap atIndex = SyscallTrap.nthLink(2);
    try (CliProcess p = CliProcess.start(tmp, Map.of(), atIndex, restore)) {
      String call = atIndex.awaitSprung(p, 180)
          .orElseThrow(() -> new AssertionError("never installed a pack:\n" + p.output() + atIndex.log()));
      Path packDir = target.resolve("objects/pack");
      assertTrue(call.contains(packDir.toString()) && call.contains(".idx"), call);
      String pack = call.replaceAll("(?s).*(pack-[0-9a-f]{40})\\.idx.*", "$1");
      assertTrue(Files.exists(packDir.resolve(pack + ".pack")) && !Files.exists(packDir.resolve(pack + ".idx")),
          "frozen with the pack installed and its index not: " + allFiles(packDir));
      assertEquals(before, CGit.refs(target));
      p.kill();
    }
    assertEquals(before, CGit.refs(target), "no ref moved");
    assertIntact(target);
    cli.run(restore).expect(0);
    assertExact(target);
  }

  @Test
  void restoreToALocalBareRepoKilledInTheRefTransaction_leavesTheRefsOld_andTheNextRunEndsExact()
      throws Exception {
    Path out = tmp.resolve("out");
    cli.run(create(src.toString(), out)).expect(0);
    Path target = olderCopyOfTheSource(tmp.resolve("target.git"));
    // all refs packed: else JGit first packs the loose ones it updates (one more commit, of old values)
    git(target, "pack-refs", "--all");
    String before = CGit.refs(target);
    String[] restore = {"restore", out.resolve(ARCHIVE).toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", tmp.resolve("ws").toString()};
    // the transaction writes the new packed-refs under packed-refs.lock and commits by renaming it
    SyscallTrap atCommit = SyscallTrap.renameOf(target.resolve("packed-refs.lock"));
    try (CliProcess p = CliProcess.start(tmp, Map.of(), atCommit, restore)) {
      atCommit.awaitSprung(p, 180)
          .orElseThrow(() -> new AssertionError("never committed the refs:\n" + p.output() + atCommit.log()));
      assertTrue(Files.readString(target.resolve("packed-refs.lock")).contains(git(src, "rev-parse", "main").trim()),
          "frozen with the new refs written under the lock, not yet committed: "
              + Files.readString(target.resolve("packed-refs.lock")) + atCommit.log() + p.output());
      assertEquals(before, CGit.refs(target));
      p.kill();
    }
    assertEquals(before, CGit.refs(target), "no ref moved");
    assertIntact(target);
    assertTrue(Files.exists(target.resolve("packed-refs.lock")), "the kill left Git's lock in the target");
    CliRunner.Run rerun = cli.run(restore).expect(0);
    assertTrue(rerun.err().contains("lock file(s) an interrupted restore (process ") && rerun.err().contains(
        "left in " + target + ": packed-refs.lock"), rerun.err());
    assertExact(target);
    assertEquals(List.of(), allFiles(target).stream().filter(n -> n.endsWith(".lock")).toList());
  }

  @Test
  void restoreKilledMidPushToAServer_leavesEachRefOldOrNew_andTheNextRunEndsExact() throws Exception {
    Path out = tmp.resolve("out");
    cli.run(create(src.toString(), out)).expect(0);
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path target = olderCopyOfTheSource(served.resolve("target.git"));
    String before = CGit.refs(target);
    try (GitHttpServer server = GitHttpServer.start(served, "user", "token");
        StallingProxy proxy = StallingProxy.start(server.port(), StallingProxy.Direction.UPLOAD, 1 << 20)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("target.git")).getPath();
      Map<String, String> env = Map.of("TARGET_USERNAME", "user", "TARGET_TOKEN", "token");
      String[] restore = {"restore", out.resolve(ARCHIVE).toString(), "--target", viaProxy,
          "--trust", keys.pub().toString(), "--workspace", tmp.resolve("ws").toString(), "--on-conflict", "source-wins"};
      try (CliProcess p = CliProcess.start(tmp, env, restore)) {
        assertTrue(proxy.awaitStall(120, TimeUnit.SECONDS), "the push never reached 1 MiB:\n" + p.output());
        assertTrue(p.isAlive(), "held mid-push");
        p.kill();
      }
      assertEachRefOldOrNew(before, src, target);
      assertIntact(target);
      cli.env("TARGET_USERNAME", "user").env("TARGET_TOKEN", "token");
      cli.run(restore).expect(0);
    }
    assertExact(target);
  }

  @Test
  void syncKilledMidPushToTheSecondTarget_leavesTheFirstSynced_theSecondOldOrNew_andTheNextRunEndsExact()
      throws Exception {
    Path first = tmp.resolve("mirrors/first.git");
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path second = olderCopyOfTheSource(served.resolve("second.git"));
    String before = CGit.refs(second);
    try (GitHttpServer server = GitHttpServer.start(served, "user", "token");
        StallingProxy proxy = StallingProxy.start(server.port(), StallingProxy.Direction.UPLOAD, 1 << 20)) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + URI.create(server.url("second.git")).getPath();
      Map<String, String> env = Map.of("TARGET_USERNAME", "user", "TARGET_TOKEN", "token");
      String[] sync = {"sync", "--source", src.toString(), "--target", "file://" + first, "--target", viaProxy,
          "--no-lfs"};
      try (CliProcess p = CliProcess.start(tmp, env, sync)) {
        assertTrue(proxy.awaitStall(180, TimeUnit.SECONDS), "the push to the second target never reached 1 MiB:\n"
            + p.output());
        assertTrue(p.isAlive(), "held mid-push to the second target");
        assertEquals(CGit.refs(src), CGit.refs(first), "the first target was synced before the second began");
        p.kill();
      }
      assertEquals(CGit.refs(src), CGit.refs(first), "the first target stays synced");
      assertIntact(first);
      assertEachRefOldOrNew(before, src, second);
      assertIntact(second);
      env.forEach(cli::env);
      cli.run(sync).expect(0);
    }
    assertEquals(CGit.refs(src), CGit.refs(first));
    assertExact(second);
  }
}
