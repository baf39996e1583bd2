package io.airgap.archiver.create;

import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.RestoreScripts;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.steps.Step;

/**
 * Signs the archive's checksums, writes it — with the restore scripts — to its destination, and
 * records it in the catalog.
 */
final class WriteStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Signing and writing " + c.options.output().describe(c.fileName());
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    RestoreScripts.all().forEach(s -> c.payload.add(PayloadEntry.ofBytes(s.entryName(), s.content(),
        TarGzWriter.MODE_EXECUTABLE)));
    c.written = c.options.output().write(c.fileName(), c.workDir, c.manifest, c.options.signer(),
        c.options.createdAt(), c.payload, c.progress);
    c.archiveLocation = c.written.location();
    CatalogRecord.append(c);
  }

  @Override
  public void describe(CreateContext c) {
    c.archiveLocation = c.options.output().describe(c.fileName());
    String signer = c.options.signerFingerprint();
    c.progress.info("dry run: would write " + c.archiveLocation + (signer == null ? ", unsigned" : ", signed by " + signer));
  }
}
