package io.airgap.archiver.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.sha1.SHA1;
import org.junit.jupiter.api.Test;

/** The JDK hasher is chosen only while a command runs, shared by overlapping ones, and the opt-out keeps JGit's. */
class ObjectHashingTest {
  @Test
  void jdkHasherWhileTheCommandRuns_thenJGitsAgain() {
    try (ObjectHashing ignored = ObjectHashing.forSignedBundles(Map.of())) {
      assertEquals("SHA1Native", SHA1.newInstance().getClass().getSimpleName());
      assertEquals(ObjectId.fromString("da39a3ee5e6b4b0d3255bfef95601890afd80709"), SHA1.newInstance().toObjectId());
    }
    assertNull(System.getProperty(ObjectHashing.PROPERTY));
    assertEquals("SHA1Java", SHA1.newInstance().getClass().getSimpleName());
  }

  @Test
  void overlappingCommands_keepTheJdkHasherUntilTheLastEnds() {
    ObjectHashing first = ObjectHashing.forSignedBundles(Map.of());
    try (ObjectHashing second = ObjectHashing.forSignedBundles(Map.of())) {
      first.close();
      first.close(); // a second close of the same command changes nothing
      assertEquals("SHA1Native", SHA1.newInstance().getClass().getSimpleName());
    }
    assertEquals("SHA1Java", SHA1.newInstance().getClass().getSimpleName());
  }

  @Test
  void optOut_keepsCollisionDetection() {
    try (ObjectHashing ignored = ObjectHashing.forSignedBundles(Map.of(ObjectHashing.KEEP_DETECTION, "1"))) {
      assertEquals("SHA1Java", SHA1.newInstance().getClass().getSimpleName());
    }
  }
}
