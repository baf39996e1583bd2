package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create's fetch from a path on this machine (over OS pipes, see LocalSourceTransport) mirrors it
 * exactly; a source missing an object is FullArchiveRoundTripTest's, end to end.
 */
class LocalSourceFetchTest {
  @TempDir
  Path tmp;

  private SourceState fetch(Path source) throws ArchiverException {
    GitRemote remote = GitRemote.parse(source.toString());
    return new SourceMirror(tmp.resolve("cache"), ProgressListener.NONE)
        .fetch(RemoteAccess.of(remote, Map.of(), "SOURCE_", ProgressListener.NONE), RefFilter.of(List.of("refs/*"),
            List.of()));
  }

  @Test
  void fetchFromAPath_mirrorsEveryRefExactly_thenPrunesDeletedRefs_andTheCacheIsSound() throws Exception {
    Path source = SampleRepos.withPullRequests(tmp.resolve("source"), 40);
    Path cache;
    SourceState state = fetch(source);
    state.cache().close();
    cache = state.cache().getDirectory().toPath();
    assertEquals("refs/heads/main", state.head());
    assertEquals(41 + 2, state.refs().size(), "main, two tags and 40 pull requests");
    assertEquals(CGit.refs(source), CGit.refs(cache));

    git(source, "update-ref", "-d", "refs/pull/7/head");
    SampleRepos.commit(source, "next.txt", "next\n", "next");
    SourceState again = fetch(source);
    again.cache().close();
    assertFalse(again.refs().containsKey("refs/pull/7/head"));
    assertEquals(CGit.refs(source), CGit.refs(cache), "the new commit fetched, the deleted ref pruned");
    CGit.Result fsck = CGit.run(cache, "fsck", "--full", "--strict", "--no-progress");
    assertEquals(0, fsck.exitCode(), fsck.stderr());
  }

  @Test
  void folderThatIsNoRepository_failsSayingSo() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(folder.resolve("file.txt"), "not git\n");
    OperationFailedException e = assertThrows(OperationFailedException.class, () -> fetch(folder).cache().close());
    assertTrue(e.getMessage().contains("not a git repository"), e.getMessage());
  }
}
