package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.custody.Receipt;
import io.airgap.archiver.custody.Receipts;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.RemoteRefs;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.restore.RestoreContext;
import io.airgap.archiver.signing.ArchiveSigner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;

/**
 * Makes the receipt of one finished restore: the refs are read back from the target after the push (what it holds,
 * not what was meant to be pushed), the archives and source come from the run and its verified manifests.
 */
final class RestoreReceipt {
  private RestoreReceipt() {}

  /** Reads the target's refs, signs the receipt and writes it into {@code folder}; returns the file. */
  static Path write(RestoreContext run, List<ArchiveHeader> headers, RemoteAccess target, ArchiveSigner signer,
      Path folder, ProgressListener progress) throws ArchiverException {
    String last = run.lastApplied();
    if (last == null) {
      throw new OperationFailedException("no receipt written: the workspace holds no restored archive");
    }
    Manifest manifest = headers.stream().filter(h -> h.archiveId().equals(last)).findFirst()
        .or(() -> headers.stream().max(Comparator.comparing(h -> String.valueOf(h.manifest().createdAt()))))
        .map(ArchiveHeader::manifest).orElseThrow();
    String sourceId = run.sourceId() != null ? run.sourceId()
        : manifest.source() == null ? null : manifest.source().id();
    if (sourceId == null) {
      throw new OperationFailedException("no receipt written: the archives name no source id (made by an old version)");
    }
    String name = manifest.source() == null || manifest.source().name() == null ? "repository"
        : manifest.source().name();
    SortedMap<String, String> refs = new TreeMap<>(RemoteRefs.list(target));
    refs.remove(Constants.HEAD);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Receipt receipt = new Receipt(Receipt.FORMAT, new Receipt.Source(sourceId, name), run.applied(), last,
        Redaction.url(target.remote().display()), refs, run.lfsObjects(), now.toString(),
        new Receipt.Signer(signer.fingerprint(), signer.userId()));
    Path file = Receipts.write(receipt, signer, now, folder);
    progress.info("receipt written: " + file + " (" + refs.size() + " refs at the target, last archive " + last + ")");
    return file;
  }
}
