package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git LFS from a local working repository (objects in .git/lfs/objects) to a file:// target. */
class LfsLocalRoundTripTest {
  @TempDir Path tmp;
  private GitLfs lfs;
  private LfsSampleRepo repo;
  private CliRunner cli;
  private Fixtures.Keys keys;

  @BeforeEach
  void setUp() {
    lfs = GitLfs.setUp(tmp.resolve("lfs-home"), null, null);
    repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
  }

  @Test
  void localWorkingRepo_toFileTarget_stockGitLfsChecksOutEveryRef() throws Exception {
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    LfsChecks.archiveCarriesAll(archive, repo);

    Path target = tmp.resolve("target.git");
    Path workspace = tmp.resolve("workspace");
    String[] restore = {"restore", archive.toString(), "--target", "file://" + target, "--trust",
        keys.pub().toString(), "--workspace", workspace.toString()};
    cli.run(restore).expect(0);
    for (Map.Entry<String, byte[]> object : repo.objects().entrySet()) {
      String oid = object.getKey();
      String relative = oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid;
      assertArrayEquals(object.getValue(), Files.readAllBytes(target.resolve("lfs/objects").resolve(relative)));
      assertArrayEquals(object.getValue(), Files.readAllBytes(workspace.resolve("lfs/objects").resolve(relative)));
    }
    LfsChecks.cloneHasEveryLfsFile(lfs, "file://" + target, tmp.resolve("clone"), repo);

    CliRunner.Run again = cli.run(restore).expect(0);
    assertTrue(again.err().contains("Git LFS: 0 objects stored"), again.err());
  }

  @Test
  void stockRestoreScript_pushesLfsObjectsWithGitLfs_thenTheRefs() throws Exception {
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("out").toString()).expect(0);
    Path x = Files.createDirectories(tmp.resolve("extracted"));
    Fixtures.exec(x, "tar", "xzf", Fixtures.onlyArchive(tmp.resolve("out")).toString());
    Path target = tmp.resolve("stock-target.git");
    lfs.git(tmp, "init", "-q", "--bare", target.toString());
    ProcessBuilder script = new ProcessBuilder("sh", "restore-scripts/restore.sh", target.toString())
        .directory(x.toFile()).redirectErrorStream(true);
    script.environment().put("HOME", tmp.resolve("lfs-home").toString());
    script.environment().put("GIT_CONFIG_GLOBAL", tmp.resolve("lfs-home/gitconfig").toString());
    Process p = script.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), output);
    LfsChecks.cloneHasEveryLfsFile(lfs, "file://" + target, tmp.resolve("stock-clone"), repo);
  }

  @Test
  void incrementalArchive_carriesOnlyNewLfsObjects_andTheChainRestoresEveryOne() throws Exception {
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("full").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    byte[] added = "a brand new LFS object\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    Files.write(repo.dir.resolve("added.bin"), added);
    lfs.git(repo.dir, "add", "added.bin");
    lfs.git(repo.dir, "commit", "-q", "-m", "one more LFS file");
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("incr").toString(),
        "--sign-key", keys.secret().toString(), "--incremental", "--base",
        Fixtures.onlyArchive(tmp.resolve("full")).toString()).expect(0);
    Path incremental = Fixtures.onlyArchive(tmp.resolve("incr"));
    String oid = LfsSampleRepo.oid(added);
    Map<String, byte[]> entries = ArchiveTamper.read(incremental);
    assertEquals(List.of(ArchiveLayout.lfsObjectPath(oid)),
        entries.keySet().stream().filter(n -> n.startsWith(ArchiveLayout.LFS_OBJECTS)).toList());

    Path target = tmp.resolve("chain-target.git");
    cli.run("restore", Fixtures.onlyArchive(tmp.resolve("full")).toString(), incremental.toString(),
        "--target", "file://" + target, "--trust", keys.pub().toString(),
        "--workspace", tmp.resolve("chain-ws").toString()).expect(0);
    for (String o : repo.objects().keySet()) {
      assertTrue(Files.exists(target.resolve("lfs/objects").resolve(ArchiveLayout.lfsObjectPath(o).substring(12))), o);
    }
    assertTrue(Files.exists(target.resolve("lfs/objects").resolve(ArchiveLayout.lfsObjectPath(oid).substring(12))));
  }

  @Test
  void noLfs_carriesNoObjects() throws Exception {
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", keys.secret().toString(), "--no-lfs").expect(0);
    Map<String, byte[]> entries = ArchiveTamper.read(Fixtures.onlyArchive(tmp.resolve("out")));
    assertFalse(entries.keySet().stream().anyMatch(n -> n.startsWith("lfs/")), entries.keySet().toString());
    assertTrue(new String(entries.get("manifest.json"), StandardCharsets.UTF_8).contains("\"lfs\" : [ ]"));
  }

  @Test
  void lfsEntryRehashedInUnsignedArchive_failsOidCheck_andManifestMustListExactlyTheEntries() throws Exception {
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("out").toString()).expect(0);
    Path good = Fixtures.onlyArchive(tmp.resolve("out"));
    String oid = LfsSampleRepo.oid(repo.expected.get("main").get("assets/logo.bin"));
    String entry = ArchiveLayout.lfsObjectPath(oid);

    Path altered = rewrite(good, "altered.tar.gz", e -> {
      byte[] changed = "not the logo\n".getBytes(StandardCharsets.UTF_8);
      replaceSum(e, entry, Sha256.of(e.get(entry)), Sha256.of(changed));
      e.put(entry, changed);
    });
    CliRunner.Run run = cli.run("verify", altered.toString()).expect(3);
    assertTrue(run.err().contains("LFS object " + oid + " is altered"), run.err());

    Path dropped = rewrite(good, "dropped.tar.gz", e -> {
      replaceSum(e, entry, null, null);
      e.remove(entry);
    });
    run = cli.run("verify", dropped.toString()).expect(3);
    assertTrue(run.err().contains("manifest.json lists LFS object " + oid + " that the archive does not hold"),
        run.err());
  }

  /** Edits SHA256SUMS (drops the entry's line when {@code to} is null) and the manifest's hash in it; unsigned. */
  private static void replaceSum(Map<String, byte[]> e, String entry, String from, String to) {
    String sums = new String(e.get("SHA256SUMS"), StandardCharsets.UTF_8);
    sums = to == null ? sums.replaceAll("(?m)^[0-9a-f]{64}  " + entry + "\n", "") : sums.replace(from + "  " + entry, to + "  " + entry);
    e.put("SHA256SUMS", sums.getBytes(StandardCharsets.UTF_8));
    e.remove("SHA256SUMS.asc");
  }

  private Path rewrite(Path archive, String name, Consumer<Map<String, byte[]>> edit) throws Exception {
    return ArchiveTamper.rewrite(archive, tmp.resolve(name), edit);
  }
}
