package io.airgap.archiver.create;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.git.BundleCreator;
import io.airgap.archiver.git.GitFailures;
import io.airgap.archiver.internal.DigestingOutputStream;
import io.airgap.archiver.internal.ScratchFile;
import io.airgap.archiver.steps.Step;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the git bundle of the selected refs to the run's scratch folder (sealed there when the archive is
 * encrypted), hashing it on the way: its checksum goes into SHA256SUMS, the archive's first entry, so the bundle is
 * made before the archive is written rather than twice.
 */
final class BundleStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Writing git bundle (" + Plural.of(c.state.refs().size(), "ref") + (c.assumedCommits.isEmpty() ? ""
        : ", on top of " + Plural.of(c.assumedCommits.size(), "commit") + " the receiver holds") + ")";
  }

  @Override
  public boolean writes() {
    return true; // needs the fetched objects
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    ScratchFile file = c.scratch(ArchiveLayout.BUNDLE);
    DigestingOutputStream digest;
    try (OutputStream out = new BufferedOutputStream(file.create(), 1 << 16)) {
      digest = new DigestingOutputStream(out);
      new BundleCreator(c.state.cache(), c.progress).write(c.state.refs(), c.state.head(), c.assumedCommits, digest);
      digest.flush();
    } catch (IOException e) {
      throw GitFailures.translate("writing the bundle from " + c.state.cache().getDirectory(), e);
    }
    // deflated although its objects are: across objects gzip still saves 7% of a real project's pack,
    // which stock `tar czf` of a bundle gets too (the size target is 1.05 x that tar.gz)
    c.payload.add(new PayloadEntry(ArchiveLayout.BUNDLE, digest.count(), digest.sha256(), file::open,
        TarGzWriter.MODE_FILE, true));
  }

  @Override
  public void describe(CreateContext c) {
    c.progress.info("dry run: would bundle " + Plural.of(c.state.refs().size(), "ref"));
  }
}
