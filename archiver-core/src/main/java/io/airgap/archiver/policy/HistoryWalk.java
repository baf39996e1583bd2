package io.airgap.archiver.policy;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The history an archive brings: every commit reachable from its refs but not from what the
 * receiver already holds, each with the first ref (in name order) that reaches it, and every
 * (path, blob) those commits introduce — and the blobs under refs that name a tree or a blob (through
 * annotated tags of any depth, see {@link TaggedContent}). Each commit is visited once, however many
 * refs reach it. A ref whose object cannot be read fails the walk: what it names cannot be checked.
 */
public final class HistoryWalk {
  /** A new commit, described for a reviewer; {@code signed} means it carries a signature (not that it verified). */
  public record NewCommit(String id, String ref, String author, String email, String date, String subject,
      boolean signed, int parents) {}

  /**
   * A file version the transfer brings: where, which blob, in which commit, reached from which ref.
   * {@code commit} is null for a blob under a tagged tree (its path is inside that tree) or tagged
   * directly (no path either).
   */
  public record BlobUse(String path, String blobId, String commit, String ref) {}

  /** What the walk found, in walk order. */
  public record Result(List<NewCommit> commits, List<BlobUse> blobs) {}

  private HistoryWalk() {}

  /** @param assumed commits the receiver holds (the base archive's); those missing here are ignored */
  public static Result walk(Repository repo, SortedMap<String, String> refs, Set<String> assumed) throws IOException {
    List<NewCommit> commits = new ArrayList<>();
    Map<String, BlobUse> blobs = new LinkedHashMap<>();
    Map<String, RevObject> content = new LinkedHashMap<>(); // refs naming a tree or a blob
    try (RevWalk walk = new RevWalk(repo)) {
      Map<String, RevCommit> tips = new LinkedHashMap<>();
      for (Map.Entry<String, String> ref : refs.entrySet()) {
        RevObject tip = peeled(walk, ref.getKey(), ref.getValue());
        if (tip instanceof RevCommit c) {
          tips.put(ref.getKey(), c);
          walk.markStart(c);
        } else {
          content.put(ref.getKey(), tip);
        }
      }
      for (String id : assumed) {
        RevCommit c = commitOrNull(walk, id);
        if (c != null) {
          walk.markUninteresting(c);
        }
      }
      RevFlag fresh = walk.newFlag("new");
      List<RevCommit> found = new ArrayList<>();
      for (RevCommit c; (c = walk.next()) != null; ) {
        c.add(fresh);
        found.add(c);
      }
      Map<RevCommit, String> reachedFrom = firstRefs(tips, fresh);
      for (RevCommit c : found) {
        String ref = reachedFrom.get(c);
        commits.add(new NewCommit(c.name(), ref, c.getAuthorIdent().getName(),
            c.getAuthorIdent().getEmailAddress(), c.getAuthorIdent().getWhenAsInstant().toString(), c.getShortMessage(),
            c.getRawGpgSignature() != null, c.getParentCount()));
        introduced(repo, walk, c, ref, blobs);
      }
    }
    TaggedContent.uses(repo, content, assumed, blobs);
    return new Result(commits, List.copyOf(blobs.values()));
  }

  /** Each new commit's first ref in name order that reaches it: one pass over the new commits in all. */
  private static Map<RevCommit, String> firstRefs(Map<String, RevCommit> tips, RevFlag fresh) {
    Map<RevCommit, String> reachedFrom = new HashMap<>();
    Deque<RevCommit> stack = new ArrayDeque<>();
    for (Map.Entry<String, RevCommit> tip : tips.entrySet()) {
      stack.push(tip.getValue());
      while (!stack.isEmpty()) {
        RevCommit c = stack.pop();
        if (c.has(fresh) && reachedFrom.putIfAbsent(c, tip.getKey()) == null) {
          for (RevCommit parent : c.getParents()) {
            stack.push(parent);
          }
        }
      }
    }
    return reachedFrom;
  }

  /** The files whose content differs from every parent's (all files of a root commit). */
  private static void introduced(Repository repo, RevWalk walk, RevCommit c, String ref, Map<String, BlobUse> out)
      throws IOException {
    try (TreeWalk tw = new TreeWalk(repo, walk.getObjectReader())) {
      tw.setRecursive(true);
      tw.addTree(c.getTree());
      for (RevCommit parent : c.getParents()) {
        walk.parseHeaders(parent);
        tw.addTree(parent.getTree());
      }
      if (c.getParentCount() > 0) {
        tw.setFilter(TreeFilter.ANY_DIFF);
      }
      while (tw.next()) {
        if (tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
          continue; // deleted here, or a submodule
        }
        ObjectId id = tw.getObjectId(0);
        boolean fromParent = false;
        for (int i = 1; i < tw.getTreeCount(); i++) {
          fromParent |= tw.getFileMode(i) != FileMode.MISSING && id.equals(tw.getObjectId(i));
        }
        if (!fromParent) {
          out.putIfAbsent(key(id, tw.getPathString()), new BlobUse(tw.getPathString(), id.name(), c.name(), ref));
        }
      }
    }
  }

  /** The object a ref names, through annotated tags of any depth; one that cannot be read fails, naming the ref. */
  private static RevObject peeled(RevWalk walk, String ref, String id) throws IOException {
    try {
      return walk.peel(walk.parseAny(ObjectId.fromString(id)));
    } catch (IllegalArgumentException e) {
      throw new IOException(ref + " names '" + id + "', which is not an object id", e);
    } catch (IOException e) {
      throw new IOException(ref + " at " + id + ": " + e.getMessage(), e);
    }
  }

  /** One entry per (blob, path): a blob at two paths is two uses. */
  static String key(ObjectId blob, String path) {
    return blob.name() + ":" + (path == null ? "" : "/" + path);
  }

  /** An assumed (held) commit; what the repository lacks, or is not a commit, holds nothing here. */
  private static RevCommit commitOrNull(RevWalk walk, String id) throws IOException {
    try {
      RevObject o = walk.peel(walk.parseAny(ObjectId.fromString(id)));
      return o instanceof RevCommit c ? c : null;
    } catch (MissingObjectException | IllegalArgumentException e) {
      return null;
    }
  }
}
