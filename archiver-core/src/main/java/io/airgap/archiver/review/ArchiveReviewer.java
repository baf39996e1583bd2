package io.airgap.archiver.review;

import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.ArchiveVerifier;
import io.airgap.archiver.archive.EntrySink;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.archive.VerifiedArchive;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.Workspace;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.policy.Finding;
import io.airgap.archiver.policy.Policy;
import io.airgap.archiver.policy.PolicyCheck;
import io.airgap.archiver.policy.PolicyInput;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link Review}: verifies the archive (and the base, when given), applies their bundles to
 * a scratch repository, and reads from it what the archive brings. Without the base of an
 * incremental archive, the history cannot be read; the review then says so and lists what the
 * manifest alone tells.
 */
public final class ArchiveReviewer {
  private final TrustPolicy trust;
  private final Policy policy;
  private final ProgressListener progress;

  /** @param policy the content policy to report findings for, or null */
  public ArchiveReviewer(TrustPolicy trust, Policy policy, ProgressListener progress) {
    this.trust = trust;
    this.policy = policy;
    this.progress = progress;
  }

  /** As {@link #review(ArchiveInput, List, Path)} with at most one archive given as the base. */
  public Review review(ArchiveInput archive, ArchiveInput base, Path scratch) throws ArchiverException {
    return review(archive, base == null ? List.of() : List.of(base), scratch);
  }

  /**
   * @param bases what {@code --base} named: the base archive, or archives among which its chain
   *     (down to a full archive) is found; empty when none was given
   */
  public Review review(ArchiveInput archive, List<ArchiveInput> bases, Path scratch) throws ArchiverException {
    try {
      Files.createDirectories(scratch);
      try (Workspace ws = Workspace.open(scratch.resolve("ws"))) {
        List<String> unresolved = new ArrayList<>();
        Path dir = scratch.resolve("archive");
        VerifiedArchive v = stage(archive, dir);
        Manifest m = v.manifest();
        // the base state: the archive's own base, or for a full archive the one archive named to compare with
        String baseId = m.base() != null ? m.base().archiveId() : bases.size() == 1 ? headerId(bases.get(0)) : null;
        Manifest baseManifest = null;
        boolean baseApplied = false;
        if (baseId != null && !bases.isEmpty()) {
          BaseChain chain = BaseChain.of(baseId, v.archiveId(), bases, progress);
          if (chain.complete()) {
            baseManifest = applyChain(ws, chain, baseId, scratch, unresolved);
            baseApplied = baseManifest != null;
          } else {
            unresolved.add(chain.missing());
          }
        }
        boolean applied = (baseId == null || baseApplied) && apply(ws, dir, "the archive", baseId, unresolved);
        if (m.base() != null && bases.isEmpty()) {
          unresolved.add("commits, files and the credential scan need the base archive " + m.base().archiveId()
              + " and its chain down to a full archive (pass --base with the archive or the folder holding the chain);"
              + " refs are listed from the manifest alone");
        }
        SortedMap<String, String> baseRefs = baseManifest != null ? baseManifest.refs()
            : m.base() != null ? m.base().refs() : new TreeMap<>();
        Set<String> assumed = new HashSet<>(baseRefs.values());
        if (m.prerequisites() != null) {
          assumed.addAll(m.prerequisites());
        }
        List<Review.RefEntry> refs = refs(ws, baseRefs, m, applied);
        List<Review.CommitEntry> commits = List.of();
        List<Review.FileEntry> files = List.of();
        if (applied) {
          RefReach.Result reach = RefReach.walk(ws.repository(), m.refs(), assumed, Review.REFS_LISTED,
              Review.COMMITS_LISTED);
          commits = reach.commits();
          refs = refs.stream().map(r -> new Review.RefEntry(r.ref(), r.change(), r.oldId(), r.newId(),
              reach.counts().getOrDefault(r.ref(), 0), reach.listed().getOrDefault(r.ref(), List.of()))).toList();
          files = files(ws, baseRefs, m, refs);
        }
        List<Review.DependencyEntry> deps = new ArrayList<>();
        for (Dependency d : m.dependencies()) {
          if (!d.isMissing() && !Boolean.TRUE.equals(d.inBase())) {
            deps.add(new Review.DependencyEntry(d.ecosystem(), d.name(), d.version(),
                d.license() == null ? List.of() : List.of(d.license())));
          }
        }
        return new Review(archive.name(), v.archiveId(), m.type().label(), m.createdAt(),
            m.source() == null ? null : m.source().name() + " (" + m.source().url() + ")", v.signerFingerprint(),
            v.signerUserId(), v.signatureStatus().name().toLowerCase(java.util.Locale.ROOT),
            m.base() == null ? null : m.base().archiveId(),
            baseApplied, archive.size(), refs, commits, files, lfs(m, files), deps,
            policy(ws, dir, m, assumed, applied, archive.size(), unresolved), unresolved, Review.Limits.standard());
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not review " + archive.name() + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  private VerifiedArchive stage(ArchiveInput input, Path dir) throws ArchiverException, IOException {
    Files.createDirectories(dir);
    EntrySink sink = name -> {
      if (!name.equals(ArchiveLayout.BUNDLE) && !name.startsWith(ArchiveLayout.LFS_OBJECTS)
          && !name.startsWith(ArchiveLayout.DEPENDENCIES)) {
        return null;
      }
      Path target = dir.resolve(name).normalize();
      if (!target.startsWith(dir)) {
        throw new IOException("refusing to write outside the review folder: " + name);
      }
      Files.createDirectories(target.getParent());
      return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    };
    try (InputStream in = input.open()) {
      return new ArchiveVerifier(trust, progress).verify(in, input.size(), sink);
    }
  }

  /**
   * Verifies and applies the chain's archives in order; the manifest of its last (the base), or null
   * when some link could not be read (said in {@code unresolved}).
   */
  private Manifest applyChain(Workspace ws, BaseChain chain, String baseId, Path scratch, List<String> unresolved)
      throws ArchiverException, IOException {
    Manifest last = null;
    String lastId = null;
    int i = 0;
    for (ArchiveInput link : chain.archives()) {
      Path linkDir = scratch.resolve("base-" + i++);
      VerifiedArchive b = stage(link, linkDir);
      String expectedBase = b.manifest().base() == null ? null : b.manifest().base().archiveId();
      if (expectedBase != null && !expectedBase.equals(lastId)) {
        unresolved.add("the chain is broken at " + link.name() + ": its base is " + expectedBase);
        return null;
      }
      if (!apply(ws, linkDir, "the base " + link.name(), expectedBase, unresolved)) {
        return null;
      }
      FileTrees.deleteQuietly(linkDir);
      last = b.manifest();
      lastId = b.archiveId();
    }
    if (!baseId.equals(lastId)) {
      unresolved.add("the chain named by --base ends at " + lastId + ", not at the base " + baseId);
      return null;
    }
    return last;
  }

  private static String headerId(ArchiveInput input) throws ArchiverException {
    return io.airgap.archiver.archive.ArchiveHeader.read(input).archiveId();
  }

  private boolean apply(Workspace ws, Path dir, String what, String baseId, List<String> unresolved) {
    try {
      ws.applyBundle(dir.resolve(ArchiveLayout.BUNDLE), true, progress, baseId);
      return true;
    } catch (ArchiverException e) {
      unresolved.add("could not read the history of " + what + ": " + e.getMessage());
      return false;
    }
  }

  private static List<Review.RefEntry> refs(Workspace ws, SortedMap<String, String> baseRefs, Manifest m,
      boolean applied) throws IOException {
    Set<String> names = new TreeSet<>(baseRefs.keySet());
    names.addAll(m.refs().keySet());
    List<Review.RefEntry> out = new ArrayList<>();
    for (String ref : names) {
      String oldId = baseRefs.get(ref);
      String newId = m.refs().get(ref);
      String change;
      if (oldId == null) {
        change = "added";
      } else if (newId == null) {
        change = "deleted";
      } else if (oldId.equals(newId)) {
        change = "unchanged";
      } else if (applied && TreeChanges.has(ws.repository(), oldId)) {
        change = TreeChanges.isAncestor(ws.repository(), oldId, newId) ? "fast-forwarded" : "rewritten";
      } else {
        change = m.changes() != null && m.changes().rewritten().contains(ref) ? "rewritten" : "fast-forwarded";
      }
      out.add(new Review.RefEntry(ref, change, oldId, newId));
    }
    return out;
  }

  private static List<Review.FileEntry> files(Workspace ws, SortedMap<String, String> baseRefs, Manifest m,
      List<Review.RefEntry> refs) throws IOException {
    Map<String, Long> carried = new HashMap<>();
    m.lfs().forEach(o -> carried.put(o.oid(), o.size()));
    TreeChanges changes = new TreeChanges(ws.repository(), carried);
    String baseHead = m.head() == null ? null : baseRefs.get(m.head());
    for (Review.RefEntry r : refs) {
      switch (r.change()) {
        case "added" -> changes.add(r.ref(), baseRefs.isEmpty() ? null : baseHead, r.newId());
        case "fast-forwarded", "rewritten" -> changes.add(r.ref(), r.oldId(), r.newId());
        default -> { }
      }
    }
    return changes.files();
  }

  private static List<Review.LfsEntry> lfs(Manifest m, List<Review.FileEntry> files) {
    Map<String, Review.FileEntry> byOid = new TreeMap<>();
    for (Review.FileEntry f : files) {
      if (f.lfsOid() != null) {
        byOid.putIfAbsent(f.lfsOid(), f);
      }
    }
    return m.lfs().stream().map(o -> {
      Review.FileEntry f = byOid.get(o.oid());
      return new Review.LfsEntry(o.oid(), o.size(), f == null ? null : f.path(), f == null ? null : f.type());
    }).toList();
  }

  private Review.PolicyOutcome policy(Workspace ws, Path dir, Manifest m, Set<String> assumed, boolean applied,
      long size, List<String> unresolved) throws ArchiverException {
    if (policy == null) {
      return new Review.PolicyOutcome(null, true, List.of(), null);
    }
    if (!applied) {
      // without the history the scan would see nothing and pass: the check cannot be made, so it fails
      return new Review.PolicyOutcome(policy.sha256(), false, List.of(), "the base state could not be established"
          + (unresolved.isEmpty() ? "" : ": " + String.join("; ", unresolved)));
    }
    PolicyCheck check = new PolicyCheck(policy, null, progress);
    List<Finding> findings = check.findings(new PolicyInput(ws.repository(), applied ? m.refs() : new TreeMap<>(),
        assumed, m.lfs(), oid -> {
          Path f = dir.resolve(ArchiveLayout.lfsObjectPath(oid));
          return Files.isRegularFile(f) ? (PayloadEntry.Opener) () -> Files.newInputStream(f) : null;
        }, m.dependencies(), size));
    List<Review.FindingEntry> entries = findings.stream().map(f -> new Review.FindingEntry(f.rule(), f.path(),
        f.commit(), f.ref(), f.detail(), f.fingerprint(), policy.allow().contains(f.fingerprint()))).toList();
    return new Review.PolicyOutcome(policy.sha256(), entries.stream().allMatch(Review.FindingEntry::allowed), entries,
        null);
  }
}
