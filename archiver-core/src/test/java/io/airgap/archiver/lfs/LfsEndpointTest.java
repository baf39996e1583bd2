package io.airgap.archiver.lfs;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LFS endpoint is derived as git-lfs derives it, and overridden as git-lfs lets users override it. */
class LfsEndpointTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://git.example.com/foo/bar, https://git.example.com/foo/bar.git/info/lfs",
      "https://git.example.com/foo/bar.git, https://git.example.com/foo/bar.git/info/lfs",
      "https://git.example.com/foo/bar/, https://git.example.com/foo/bar.git/info/lfs",
      "http://127.0.0.1:8080/git/x.git/, http://127.0.0.1:8080/git/x.git/info/lfs",
      "git@git.example.com:foo/bar.git, https://git.example.com/foo/bar.git/info/lfs",
      "ssh://git@git.example.com:2222/foo/bar.git, https://git.example.com/foo/bar.git/info/lfs",
      "git://git.example.com/foo/bar, https://git.example.com/foo/bar.git/info/lfs"})
  void cloneUrl_mapsToGitLfsDefaultEndpoint(String cloneUrl, String endpoint) {
    assertEquals(endpoint, LfsEndpoint.fromCloneUrl(cloneUrl));
  }

  @Test
  void explicitUrl_dropsEmbeddedCredentials_andRejectsOtherSchemes() throws Exception {
    LfsEndpoint endpoint = LfsEndpoint.parse("https://user:secret@lfs.example.com/repo/info/lfs/", "--lfs-url");
    assertEquals("https://lfs.example.com/repo/info/lfs", endpoint.display());
    assertFalse(endpoint.url().toString().contains("secret"));
    assertThrows(InvalidRequestException.class, () -> LfsEndpoint.parse("ftp://host/lfs", "--lfs-url"));
  }

  @Test
  void localRepositories_useGitLfsStandaloneLayout() throws Exception {
    Path work = SampleRepos.simple(tmp.resolve("work"));
    assertEquals(work.resolve(".git/lfs/objects"), LfsEndpoint.local(work).objectsDir());
    Path bare = tmp.resolve("bare.git");
    git(tmp, "init", "-q", "--bare", bare.toString());
    assertEquals(bare.resolve("lfs/objects"), LfsEndpoint.local(bare).objectsDir());
  }

  @Test
  void lfsconfigInTheDefaultBranch_overridesTheDerivedEndpoint_andLfsUrlOverridesBoth() throws Exception {
    Path work = SampleRepos.simple(tmp.resolve("work"));
    GitRemote remote = GitRemote.parse("https://git.example.com/team/work.git");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build()) {
      String head = repo.resolve("HEAD").name();
      assertEquals("https://git.example.com/team/work.git/info/lfs",
          LfsSourceEndpoint.resolve(remote, repo, head, null, ProgressListener.NONE).display());
      SampleRepos.commit(work, ".lfsconfig", "[lfs]\n\turl = https://lfs.example.com/team/work\n", "lfs server");
      String withConfig = repo.resolve("HEAD").name();
      assertEquals("https://lfs.example.com/team/work", LfsSourceEndpoint.resolve(remote, repo, withConfig, null, ProgressListener.NONE).display());
      assertEquals("https://other.example.com/lfs",
          LfsSourceEndpoint.resolve(remote, repo, withConfig, "https://other.example.com/lfs", ProgressListener.NONE).display());
    }
    assertFalse(Files.exists(work.resolve(".git/lfs")));
  }
}
