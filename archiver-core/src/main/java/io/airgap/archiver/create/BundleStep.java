package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.git.BundleCreator;
import io.airgap.archiver.git.GitFailures;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.internal.DigestingOutputStream;
import io.airgap.archiver.progress.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Writes the bundle to a staging file, hashing it on the way, and describes it as an archive entry. */
public final class BundleStep {
  private final SourceState state;
  private final ProgressListener progress;

  public BundleStep(SourceState state, ProgressListener progress) {
    this.state = state;
    this.progress = progress;
  }

  public PayloadEntry write(Path file, Collection<String> assumed) throws ArchiverException {
    DigestingOutputStream digest;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      digest = new DigestingOutputStream(out);
      new BundleCreator(state.cache(), progress).write(state.refs(), state.head(), assumed, digest);
      digest.flush();
    } catch (IOException e) {
      throw GitFailures.translate("writing the bundle from " + state.cache().getDirectory(), e);
    }
    try {
      return PayloadEntry.ofFile(ArchiveLayout.BUNDLE, file, digest.sha256(), false);
    } catch (IOException e) {
      throw new io.airgap.archiver.base.OperationFailedException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
