package io.airgap.archiver.create;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.git.BundleCreator;
import io.airgap.archiver.git.GitFailures;
import io.airgap.archiver.internal.DigestingOutputStream;
import io.airgap.archiver.steps.Step;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the git bundle of the selected refs to the run's scratch folder, hashing it on the way. */
final class BundleStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Writing git bundle (" + c.state.refs().size() + " refs" + (c.assumedCommits.isEmpty() ? ""
        : ", on top of " + c.assumedCommits.size() + " commits the receiver holds") + ")";
  }

  @Override
  public boolean writes() {
    return true; // needs the fetched objects
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    Path file = c.workDir.resolve(ArchiveLayout.BUNDLE);
    DigestingOutputStream digest;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      digest = new DigestingOutputStream(out);
      new BundleCreator(c.state.cache(), c.progress).write(c.state.refs(), c.state.head(), c.assumedCommits, digest);
      digest.flush();
    } catch (IOException e) {
      throw GitFailures.translate("writing the bundle from " + c.state.cache().getDirectory(), e);
    }
    try {
      // deflated although its objects are: across objects gzip still saves 7% of a real project's pack,
      // which stock `tar czf` of a bundle gets too (the size target is 1.05 x that tar.gz)
      c.payload.add(PayloadEntry.ofFile(ArchiveLayout.BUNDLE, file, digest.sha256(), true));
    } catch (IOException e) {
      throw new OperationFailedException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void describe(CreateContext c) {
    c.progress.info("dry run: would bundle " + c.state.refs().size() + " refs");
  }
}
