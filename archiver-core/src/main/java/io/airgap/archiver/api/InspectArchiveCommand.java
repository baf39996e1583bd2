package io.airgap.archiver.api;

import io.airgap.archiver.lfs.LfsMessages;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/** Describes an archive (id, type, source, refs, sizes) after checking its integrity. Single use. */
public final class InspectArchiveCommand {
  private Path archive;
  private ProgressListener progress = ProgressListener.NONE;

  InspectArchiveCommand() {}

  public InspectArchiveCommand archive(Path file) { this.archive = file; return this; }
  public InspectArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  /** Inspecting reads the archive as {@code verify} does without keys: a damaged archive is reported as such. */
  public VerifyResult call() throws ArchiverException {
    VerifyResult result = new VerifyArchiveCommand().archive(archive).trustedKeys(List.of()).progress(progress).call();
    String lfsWarning = LfsMessages.missingWarning(result.verified().manifest());
    if (lfsWarning != null) {
      progress.warn(lfsWarning);
    }
    return result;
  }
}
