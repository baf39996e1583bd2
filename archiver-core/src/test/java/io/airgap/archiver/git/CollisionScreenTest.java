package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.util.sha1.SHA1;
import org.eclipse.jgit.util.sha1.Sha1CollisionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetch from a source indexes with the JDK's SHA-1 while the collision screen runs JGit's
 * detecting SHA-1 over every object it received, on other threads. No Git object carrying a real
 * collision attack exists to fetch (SHAttered's blocks only collide at the file's own offsets, and
 * Git's object header moves them), so detection is shown on the SHAttered PDF itself, and the
 * wiring by counting: every object of a real smart-HTTP fetch, and of a local-path fetch, passed
 * through the screen — deltas, whole objects and a whole blob too large to buffer.
 */
class CollisionScreenTest {
  @TempDir
  Path tmp;

  @Test
  void detectingHasher_flagsTheShatteredAttack_andNotOrdinaryData() throws Exception {
    byte[] shattered;
    try (InputStream in = getClass().getResourceAsStream("/sha1/shattered-1.pdf")) {
      shattered = in.readAllBytes();
    }
    SHA1 sha = CollisionScreen.detecting();
    sha.update(shattered);
    boolean flagged;
    try {
      sha.toObjectId();
      flagged = sha.hasCollision();
    } catch (Sha1CollisionException e) {
      flagged = true;
    }
    assertTrue(flagged, "the SHAttered PDF carries the attack");

    byte[] ordinary = shattered.clone();
    ordinary[200] ^= 1; // inside the first near-collision block: the attack is gone
    SHA1 again = CollisionScreen.detecting();
    again.update(ordinary);
    again.toObjectId();
    assertFalse(again.hasCollision());
  }

  @Test
  void everyObjectOfAFetch_passesThroughTheScreen_overSmartHttpAndFromAPath() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    Path source = SampleRepos.withPullRequests(tmp.resolve("work"), 30);
    byte[] big = new byte[9 << 20]; // larger than the screen buffers: hashed from the cache afterwards
    new Random(18).nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    git(source, "add", "big.bin");
    git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "big");
    for (int i = 0; i < 20; i++) {
      SampleRepos.commit(source, "notes.txt", "line\n".repeat(200 + i), "edit " + i); // delta chains
    }
    Path bare = served.resolve("src.git");
    git(tmp, "clone", "-q", "--mirror", source.toString(), bare.toString());
    git(bare, "repack", "-adq");
    long objects = CGit.git(bare, "cat-file", "--batch-all-objects", "--batch-check").lines().count();

    try (GitHttpServer server = GitHttpServer.start(served, "u", "p")) {
      List<ProgressEvent.Progress> screened = new CopyOnWriteArrayList<>();
      ProgressListener listener = event -> {
        if (event instanceof ProgressEvent.Progress p && p.task().equals(CollisionScreen.TASK)) {
          screened.add(p);
        }
      };
      GitRemote remote = GitRemote.parse(server.url("src.git"));
      SourceState state = new SourceMirror(tmp.resolve("cache"), listener).fetch(
          RemoteAccess.of(remote, Map.of("SOURCE_USERNAME", "u", "SOURCE_PASSWORD", "p"), "SOURCE_", listener),
          RefFilter.of(List.of("refs/*"), List.of()));
      state.cache().close();
      assertEquals(1, screened.size());
      assertEquals(objects, screened.get(0).done(), "every object received was screened");
      assertEquals(CGit.refs(bare), CGit.refs(state.cache().getDirectory().toPath()));
      assertNull(System.getProperty(ObjectHashing.PROPERTY), "JGit's hasher choice is undone after the fetch");
      CGit.Result fsck = CGit.run(state.cache().getDirectory().toPath(), "fsck", "--full", "--strict", "--no-progress");
      assertEquals(0, fsck.exitCode(), fsck.stderr());
    }

    List<Long> local = new CopyOnWriteArrayList<>();
    ProgressListener counting = event -> {
      if (event instanceof ProgressEvent.Progress p && p.task().equals(CollisionScreen.TASK)) {
        local.add(p.done());
      }
    };
    GitRemote path = GitRemote.parse(bare.toString());
    new SourceMirror(tmp.resolve("cache2"), counting)
        .fetch(RemoteAccess.of(path, Map.of(), "SOURCE_", counting), RefFilter.of(List.of("refs/*"), List.of()))
        .cache().close();
    assertEquals(List.of(objects), local, "a local path's objects are screened too");
  }
}
