package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import java.util.Optional;

/**
 * The base the air-gapped side reports holding (from a signed receipt), looked up once the source's id is known:
 * {@code create --since-receipt} builds the next incremental on exactly that, whatever was made since and lost.
 */
@FunctionalInterface
public interface ReportedBase {
  /**
   * The archive id and refs the other side holds for the source with this id and name (the manifest's
   * {@code source.id} and {@code source.name}: forks share a root commit, so the id alone is not enough), or empty
   * for a full archive (the implementation says why). Its LFS objects and dependencies are filled in from the catalog when it knows the
   * archive; otherwise they are taken as unknown and carried again.
   */
  Optional<BaseArchive> forSource(String sourceId, String sourceName) throws ArchiverException;
}
