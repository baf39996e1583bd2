package io.airgap.archiver.deps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The regular files of one commit in the source cache, read without a checkout. */
public final class SourceTree {
  /** Lock files beyond this are not plausible and would only exhaust memory. */
  private static final int MAX_FILE = 256 << 20;

  private final Repository repository;
  private final String ref;
  private final String commit;
  private final Map<String, ObjectId> files;

  private SourceTree(Repository repository, String ref, String commit, Map<String, ObjectId> files) {
    this.repository = repository;
    this.ref = ref;
    this.commit = commit;
    this.files = Collections.unmodifiableMap(files);
  }

  /** The tree of {@code objectId} (a commit or a tag pointing at one), as reached from {@code ref}. */
  public static SourceTree of(Repository repository, String ref, String objectId) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(objectId));
      Map<String, ObjectId> files = new TreeMap<>();
      try (TreeWalk tw = new TreeWalk(repository)) {
        tw.addTree(c.getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          FileMode mode = tw.getFileMode(0);
          if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
            files.put(tw.getPathString(), tw.getObjectId(0));
          }
        }
      }
      return new SourceTree(repository, ref, c.name(), files);
    }
  }

  public String ref() {
    return ref;
  }

  public String commit() {
    return commit;
  }

  /** Every regular file's path, sorted. */
  public List<String> paths() {
    return new ArrayList<>(files.keySet());
  }

  public boolean exists(String path) {
    return files.containsKey(path);
  }

  public byte[] read(String path) throws IOException {
    ObjectId id = files.get(path);
    if (id == null) {
      throw new IOException(path + " is not a file in " + ref);
    }
    return repository.open(id).getCachedBytes(MAX_FILE);
  }

  /** How a file is named in messages and the manifest: {@code ref:path}. */
  public String label(String path) {
    return ref + ":" + path;
  }
}
