package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.BundleWriter;

/**
 * Writes a v2 git bundle of the given refs. Deltas and objects are reused from the cache's packs
 * and no new delta search runs: fast, and the same cache state always yields the same bytes.
 */
public final class BundleCreator {
  private final Repository repo;
  private final ProgressListener progress;

  public BundleCreator(Repository repo, ProgressListener progress) {
    this.repo = repo;
    this.progress = progress;
  }

  /**
   * @param refs ref name to object id, as archived
   * @param head the default branch, written as the bundle's HEAD so {@code git clone} checks it out
   * @param assumed commits the receiver already has (incremental archives)
   */
  public void write(Map<String, String> refs, String head, Collection<String> assumed, OutputStream out)
      throws IOException {
    PackConfig config = new PackConfig(repo);
    config.setDeltaCompress(false);
    config.setReuseDeltas(true);
    config.setReuseObjects(true);
    config.setDeltaBaseAsOffset(true);
    BundleWriter writer = new BundleWriter(repo);
    writer.setPackConfig(config);
    refs.forEach((name, id) -> writer.include(name, ObjectId.fromString(id)));
    if (head != null && refs.containsKey(head)) {
      writer.include("HEAD", ObjectId.fromString(refs.get(head)));
    }
    try (RevWalk walk = new RevWalk(repo)) {
      for (String id : assumed) {
        RevObject object = walk.parseAny(ObjectId.fromString(id));
        if (object instanceof RevCommit commit) {
          writer.assume(commit);
        }
      }
    }
    writer.writeBundle(new JGitProgress(progress), out);
  }
}
