package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Writes a v2 git bundle of the given refs. Deltas and objects are reused from the cache's packs
 * and no new delta search runs; objects are counted from the cache's bitmap index (built once by
 * {@link CacheRepack}) instead of a walk through the whole history, and a pack that holds exactly
 * what the bundle needs is copied whole. The same cache state always yields the same bytes.
 */
public final class BundleCreator {
  private static final String SIGNATURE = "# v2 git bundle";

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
    ProgressMonitor monitor = new JGitProgress(progress);
    CacheRepack.ensureBitmapIndex(repo, refs.keySet(), monitor);
    Map<String, ObjectId> include = new TreeMap<>();
    refs.forEach((name, id) -> include.put(name, ObjectId.fromString(id)));
    if (head != null && refs.containsKey(head)) {
      include.put("HEAD", ObjectId.fromString(refs.get(head)));
    }
    PackConfig config = new PackConfig(repo);
    config.setDeltaCompress(false);
    config.setReuseDeltas(true);
    config.setReuseObjects(true);
    config.setDeltaBaseAsOffset(true);
    try (ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        PackWriter pack = new PackWriter(config, reader)) {
      Set<RevCommit> prerequisites = new TreeSet<>();
      for (String id : assumed) {
        RevObject object = walk.parseAny(ObjectId.fromString(id));
        if (object instanceof RevCommit commit) {
          prerequisites.add(commit);
        }
      }
      pack.setIndexDisabled(true);
      pack.setDeltaBaseAsOffset(true);
      pack.setThin(!prerequisites.isEmpty());
      pack.setReuseValidatingObjects(false);
      pack.setUseBitmaps(true);
      pack.setUseCachedPacks(true);
      pack.preparePack(monitor, new HashSet<>(include.values()), new HashSet<ObjectId>(prerequisites));
      out.write(header(include, prerequisites));
      pack.writePack(monitor, monitor, out);
    }
  }

  /** The bundle header, as JGit's BundleWriter and {@code git bundle create} write it. */
  private static byte[] header(Map<String, ObjectId> include, Set<RevCommit> prerequisites) {
    StringBuilder sb = new StringBuilder(SIGNATURE).append('\n');
    for (RevCommit commit : prerequisites) {
      sb.append('-').append(commit.name());
      if (commit.getRawBuffer() != null) {
        sb.append(' ').append(commit.getShortMessage());
      }
      sb.append('\n');
    }
    include.forEach((name, id) -> sb.append(id.name()).append(' ').append(name).append('\n'));
    return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }
}
