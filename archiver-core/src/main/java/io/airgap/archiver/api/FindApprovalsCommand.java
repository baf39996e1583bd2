package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.custody.Approvals;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.storage.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The approvals found beside an archive (for {@code review} and {@code inspect}), each judged against the approvers'
 * keys when given, else read and marked unchecked. Single use.
 */
public final class FindApprovalsCommand {
  private String archive;
  private String archiveId;
  private String signer;
  private List<Path> approverKeyFiles = List.of();
  private Path folder;
  private StoreOptions storeOptions;
  private Map<String, String> env = System.getenv();

  FindApprovalsCommand() {}

  /** The archive as the user named it, with its id and signer as the review or inspection established them. */
  public FindApprovalsCommand archive(String location, String id, String signerFingerprint) {
    this.archive = location;
    this.archiveId = id;
    this.signer = signerFingerprint;
    return this;
  }
  /** The approvers' public keys; empty: approvals are only read, not checked. */
  public FindApprovalsCommand approverKeys(List<Path> files) { this.approverKeyFiles = List.copyOf(files); return this; }
  public FindApprovalsCommand folder(Path dir) { this.folder = dir; return this; }
  public FindApprovalsCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public FindApprovalsCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }

  public List<Approvals.Found> call() throws ArchiverException {
    TrustedKeys keys = approverKeyFiles.isEmpty() ? null : TrustedKeys.load(approverKeyFiles);
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build())) {
      return Approvals.find(new Approvals.Subject(locations.one(archive), archiveId, signer), keys, folder, false);
    }
  }
}
