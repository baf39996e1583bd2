package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checks the LFS tests share: what an archive carries, and what stock git + git-lfs get from a target. */
final class LfsChecks {
  private LfsChecks() {}

  /** The archive holds every LFS object of the sample, byte for byte, at git-lfs's layout. */
  static void archiveCarriesAll(Path archive, LfsSampleRepo repo) throws IOException {
    Map<String, byte[]> entries = ArchiveTamper.read(archive);
    String manifest = new String(entries.get("manifest.json"));
    for (Map.Entry<String, byte[]> object : repo.objects().entrySet()) {
      assertArrayEquals(object.getValue(), entries.get(ArchiveLayout.lfsObjectPath(object.getKey())), object.getKey());
      assertTrue(manifest.contains("\"oid\" : \"" + object.getKey() + "\""), manifest);
    }
    long lfsEntries = entries.keySet().stream().filter(n -> n.startsWith("lfs/objects/")).count();
    assertEquals(repo.objects().size(), lfsEntries);
    String sums = new String(entries.get("SHA256SUMS"));
    repo.objects().keySet().forEach(oid -> assertTrue(sums.contains(oid + "  " + ArchiveLayout.lfsObjectPath(oid))));
  }

  /**
   * A stock {@code git clone} of {@code url} followed by {@code git lfs pull} checks out every LFS
   * file of every revision byte-identical, {@code git lfs fetch --all} finds every object and
   * {@code git lfs fsck} is clean.
   */
  static void cloneHasEveryLfsFile(GitLfs lfs, String url, Path clone, LfsSampleRepo repo) throws IOException {
    lfs.git(clone.getParent(), "clone", "-q", url, clone.toString());
    for (Map.Entry<String, Map<String, byte[]>> revision : repo.expected.entrySet()) {
      String rev = revision.getKey().startsWith("v-") ? revision.getKey() : "origin/" + revision.getKey();
      lfs.git(clone, "checkout", "-q", "--detach", rev);
      lfs.git(clone, "lfs", "pull");
      for (Map.Entry<String, byte[]> file : revision.getValue().entrySet()) {
        assertArrayEquals(file.getValue(), Files.readAllBytes(clone.resolve(file.getKey())),
            revision.getKey() + ":" + file.getKey());
      }
    }
    lfs.git(clone, "lfs", "fetch", "--all");
    CGit.Result fsck = lfs.run(clone, "lfs", "fsck");
    assertEquals(0, fsck.exitCode(), fsck.stdout() + fsck.stderr());
    for (String oid : repo.objects().keySet()) {
      Path object = clone.resolve(".git/lfs/objects").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertArrayEquals(repo.objects().get(oid), Files.readAllBytes(object), oid);
    }
  }
}
