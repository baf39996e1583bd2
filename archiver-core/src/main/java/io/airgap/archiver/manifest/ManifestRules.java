package io.airgap.archiver.manifest;

import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.git.RefNames;
import io.airgap.archiver.internal.Hex;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every field of a parsed manifest.json must look like before anything uses it: ref names
 * that git accepts, object ids, plain source names (they name workspace folders), safe relative
 * dependency paths, non-negative LFS sizes. Each refusal names the field.
 */
final class ManifestRules {
  private ManifestRules() {}

  static void check(Manifest m) throws UntrustedArchiveException {
    if (m.type() == null) {
      throw new UntrustedArchiveException("manifest.json has no valid \"type\" (full or incremental)");
    }
    for (Map.Entry<String, String> ref : m.refs().entrySet()) {
      refName("refs", ref.getKey());
      if (!isObjectId(ref.getValue())) {
        throw new UntrustedArchiveException("manifest.json lists an invalid ref: " + EntryNames.printable(ref.getKey())
            + " is not at a commit id (40 lower-case hex digits)");
      }
    }
    if (m.head() != null) {
      refName("head", m.head());
    }
    if (m.forge() != null) {
      forge(m.forge());
    }
    for (Manifest.Submodule sub : m.submodules()) {
      // both are printed into git config commands for people to paste into a shell
      if (sub.url() == null || sub.path() == null || sub.url().length() > 2048 || sub.path().length() > 1024
          || !sub.url().matches("[A-Za-z0-9._~:/?#@!$&()*+,;=%\\[\\]-]+") || sub.path().matches(".*[\\p{Cntrl}'].*")) {
        throw new UntrustedArchiveException("manifest.json lists a submodule with an unusable path or URL: "
            + EntryNames.printable(String.valueOf(sub.url())));
      }
    }
    if (m.prerequisites() != null) {
      if (m.type() == ArchiveType.FULL && !m.prerequisites().isEmpty()) {
        throw new UntrustedArchiveException("manifest.json of a full archive lists prerequisites");
      }
      objectIds("prerequisites", m.prerequisites());
    }
    if (m.base() != null) {
      if (!Hex.isSha256(m.base().archiveId())) {
        throw new UntrustedArchiveException("manifest.json's base.archive_id is not an archive id (64 hex digits)");
      }
      if (m.base().refs() != null) {
        for (Map.Entry<String, String> ref : m.base().refs().entrySet()) {
          refName("base.refs", ref.getKey());
          if (!isObjectId(ref.getValue())) {
            throw new UntrustedArchiveException("manifest.json's base.refs has an invalid commit id for "
                + EntryNames.printable(ref.getKey()));
          }
        }
      }
    }
    if (m.changes() != null) {
      for (List<String> refs : List.of(m.changes().added(), m.changes().updated(), m.changes().rewritten(),
          m.changes().deleted())) {
        for (String ref : refs) {
          refName("changes", ref);
        }
      }
    }
    lfs("lfs", m.lfs());
    lfs("lfs_missing", m.lfsMissing());
    source(m.source());
    for (Dependency dependency : m.dependencies()) {
      String path = dependency == null ? null : dependency.path();
      if (path != null && EntryNames.problem(path) != null) {
        throw new UntrustedArchiveException("manifest.json lists a dependency with an unsafe path "
            + EntryNames.printable(path));
      }
    }
  }

  static boolean isObjectId(String s) {
    return s != null && s.length() == 40 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  private static void refName(String field, String name) throws UntrustedArchiveException {
    String problem = RefNames.problem(name);
    if (problem != null) {
      throw new UntrustedArchiveException("manifest.json's " + field + " has an invalid ref name "
          + EntryNames.printable(String.valueOf(name)) + ": it " + problem);
    }
  }

  private static void objectIds(String field, List<String> ids) throws UntrustedArchiveException {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!isObjectId(id)) {
        throw new UntrustedArchiveException("manifest.json's " + field + " lists "
            + EntryNames.printable(String.valueOf(id)) + ", which is not a commit id");
      }
      if (!seen.add(id)) {
        throw new UntrustedArchiveException("manifest.json's " + field + " lists " + id + " twice");
      }
    }
  }

  private static void lfs(String field, List<Manifest.LfsObject> objects) throws UntrustedArchiveException {
    for (Manifest.LfsObject object : objects) {
      if (object == null || !Hex.isSha256(object.oid())) {
        throw new UntrustedArchiveException("manifest.json's " + field + " lists an invalid LFS oid "
            + EntryNames.printable(String.valueOf(object == null ? null : object.oid())));
      }
      if (object.size() < 0) {
        throw new UntrustedArchiveException("manifest.json's " + field + " gives LFS object " + object.oid()
            + " a negative size (" + object.size() + ")");
      }
    }
  }

  /** The source's name and id become a workspace folder name, and the name a fleet restore's target: plain names. */
  private static void source(Manifest.Source source) throws UntrustedArchiveException {
    if (source == null) {
      return;
    }
    if (source.name() != null) {
      RepositoryPath.fromManifest("source.name", source.name(), false);
    }
    String id = source.id();
    if (id != null && !id.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new UntrustedArchiveException("manifest.json's source.id " + EntryNames.printable(id)
          + " is not a plain identifier (letters, digits, '.', '_', '-')");
    }
  }

  /** The forge path is used in URLs, folders and API calls on the restoring side: plain segments only. */
  private static void forge(Manifest.Forge f) throws UntrustedArchiveException {
    RepositoryPath.fromManifest("forge.path", f.path(), true);
    if (f.defaultBranch() != null) {
      refName("forge.default_branch", "refs/heads/" + f.defaultBranch());
    }
    if (f.visibility() != null && !f.visibility().matches("private|internal|public")) {
      throw new UntrustedArchiveException("manifest.json's forge.visibility must be private, internal or public");
    }
    if (f.description() != null && f.description().length() > 4096) {
      throw new UntrustedArchiveException("manifest.json's forge.description is longer than 4096 characters");
    }
  }
}
