package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.sha1.SHA1;
import org.eclipse.jgit.util.sha1.Sha1CollisionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source serves an object the collision screen flags: the fetch fails with a clear message and the
 * cache that received it is gone, so nothing can be archived from it.
 *
 * <p>What is real: C git's repository, served over smart HTTP and fetched from a path; JGit's fetch
 * and indexer; the screen's threads and JGit's collision-detecting SHA-1; the SHAttered attack
 * (shattered-1.pdf, whose own SHA-1 the detector flags); SourceMirror's handling of the verdict.
 * What is not: the served object itself. No Git object carrying a real collision attack exists —
 * Git hashes "blob N\0" before the content, which changes the chaining value the attack's
 * near-collision blocks depend on (a blob of shattered-1.pdf, or of its first 320 bytes, is not
 * flagged, even with the header padded to a block boundary). So the screen is fed, through its
 * package seam {@link CollisionScreen.Input}, the SHAttered bytes in place of one fetched blob's.
 */
class CollisionFetchTest {
  @TempDir Path tmp;

  private static byte[] shattered() throws Exception {
    try (InputStream in = CollisionFetchTest.class.getResourceAsStream("/sha1/shattered-1.pdf")) {
      return in.readAllBytes();
    }
  }

  private static boolean flags(byte[]... input) {
    SHA1 sha = CollisionScreen.detecting();
    for (byte[] part : input) {
      sha.update(part);
    }
    try {
      sha.toObjectId();
      return sha.hasCollision();
    } catch (Sha1CollisionException e) {
      return true;
    }
  }

  /** Why the seam: the attack is flagged on its own, never once Git's object header precedes it. */
  @Test
  void theShatteredAttack_isFlagged_butNotAsTheContentOfAGitBlob() throws Exception {
    byte[] pdf = shattered();
    byte[] prefix = Arrays.copyOf(pdf, 320);
    assertTrue(flags(pdf) && flags(prefix));
    assertFalse(flags(("blob " + pdf.length + "\0").getBytes(StandardCharsets.US_ASCII), pdf));
    assertFalse(flags("blob 320\0".getBytes(StandardCharsets.US_ASCII), prefix));
    byte[] header = ("blob " + (pdf.length + 52) + "\0").getBytes(StandardCharsets.US_ASCII); // 12 bytes
    assertFalse(flags(header, new byte[64 - header.length], pdf), "nor with the attack aligned to a block");
  }

  @Test
  void aFetchedObjectTheScreenFlags_failsTheFetchClearly_andRemovesTheCache() throws Exception {
    byte[] shattered = shattered();
    Path source = SampleRepos.rich(tmp.resolve("work"));
    Files.writeString(source.resolve("attack.pdf"), "stands in for a colliding object\n");
    git(source, "add", "attack.pdf");
    git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "attack");
    ObjectId flagged = ObjectId.fromString(git(source, "rev-parse", "HEAD:attack.pdf").trim());
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path bare = served.resolve("src.git");
    git(tmp, "clone", "-q", "--mirror", source.toString(), bare.toString());

    CollisionScreen.Input attack = (sha, id, type, size, parts) -> {
      if (id.equals(flagged)) {
        sha.update(shattered);
      } else {
        CollisionScreen.GIT_OBJECT.feed(sha, id, type, size, parts);
      }
    };
    ProgressListener quiet = event -> { };
    try (GitHttpServer server = GitHttpServer.start(served, "u", "p")) {
      GitRemote overHttp = GitRemote.parse(server.url("src.git"));
      assertRefused(new SourceMirror(tmp.resolve("cache-http"), quiet, attack), flagged,
          RemoteAccess.of(overHttp, Map.of("SOURCE_USERNAME", "u", "SOURCE_PASSWORD", "p"), "SOURCE_", quiet));
    }
    GitRemote fromPath = GitRemote.parse(bare.toString());
    assertRefused(new SourceMirror(tmp.resolve("cache-path"), quiet, attack), flagged,
        RemoteAccess.of(fromPath, Map.of(), "SOURCE_", quiet));

    // the control: the same fetch, screened as production screens it, succeeds
    new SourceMirror(tmp.resolve("cache-path"), quiet)
        .fetch(RemoteAccess.of(fromPath, Map.of(), "SOURCE_", quiet), RefFilter.of(List.of("refs/*"), List.of()))
        .cache().close();
  }

  private static void assertRefused(SourceMirror mirror, ObjectId flagged, RemoteAccess access) {
    OperationFailedException e = assertThrows(OperationFailedException.class,
        () -> mirror.fetch(access, RefFilter.of(List.of("refs/*"), List.of())).cache().close());
    String message = e.getMessage();
    assertTrue(message.contains(access.remote().display() + " sent an object crafted to collide under SHA-1")
        && message.contains(flagged.name()) && message.contains("nothing was archived and its cache was removed"),
        message);
    assertFalse(Files.exists(mirror.cacheDirFor(access.remote())), "the cache holding the object is gone");
  }
}
