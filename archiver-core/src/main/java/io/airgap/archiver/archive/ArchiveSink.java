package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a finished archive's bytes go: nothing is visible under the final name until
 * {@link #commit()}; {@link #abort()} leaves nothing behind.
 */
public interface ArchiveSink {
  /** The stream to write the archive to; called once. */
  OutputStream open() throws IOException;

  /** Makes the complete archive visible under its final name. */
  void commit() throws IOException;

  /** Discards whatever was written; safe to call after a failed or successful commit. */
  void abort();

  /** Where the archive ends up, as shown to people. */
  String location();
}
