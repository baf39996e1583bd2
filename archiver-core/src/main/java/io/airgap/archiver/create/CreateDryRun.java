package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.git.RefFilter;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.RemoteRefs;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.progress.ProgressListener;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Says what {@code create} would fetch, write and sign, touching nothing: the source's refs are
 * listed, not fetched; the cache, catalog and output folder are left alone.
 */
public final class CreateDryRun {
  private final ProgressListener progress;

  public CreateDryRun(ProgressListener progress) {
    this.progress = progress;
  }

  /** What a real run would produce. */
  public record Plan(String archive, ArchiveType type, SortedMap<String, String> refs, String baseId) {}

  public Plan run(RemoteAccess access, RefFilter filter, Optional<BaseArchive> base, ArchiveOutput output, String name,
      Instant createdAt, String signer) throws ArchiverException {
    SortedMap<String, String> all = RemoteRefs.list(access);
    SortedMap<String, String> refs = RemoteRefs.filter(all, filter);
    if (refs.isEmpty()) {
      throw new InvalidRequestException("the source has no refs to archive");
    }
    ArchiveType type = base.isPresent() ? ArchiveType.INCREMENTAL : ArchiveType.FULL;
    String archive = output.describe(ArchiveFileName.of(name, type, createdAt));
    progress.info("dry run: would fetch " + refs.size() + " refs from " + access.remote().display()
        + " (default branch " + all.getOrDefault("HEAD", "unknown") + ")");
    if (base.isPresent()) {
      Map<String, String> before = base.get().refs();
      long added = refs.keySet().stream().filter(r -> !before.containsKey(r)).count();
      long changed = refs.entrySet().stream().filter(e -> before.containsKey(e.getKey())
          && !before.get(e.getKey()).equals(e.getValue())).count();
      long deleted = before.keySet().stream().filter(r -> !refs.containsKey(r)).count();
      progress.info("dry run: would write an incremental archive on top of " + base.get().archiveId() + ": "
          + added + " refs added, " + changed + " changed, " + deleted + " deleted");
    }
    progress.info("dry run: would write " + archive + (signer == null ? ", unsigned" : ", signed by " + signer));
    return new Plan(archive, type, refs, base.map(BaseArchive::archiveId).orElse(null));
  }
}
