package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.OutputStream;

/** Where verified entries are copied while the archive streams past; {@code null} skips an entry. */
@FunctionalInterface
public interface EntrySink {
  EntrySink DISCARD = name -> null;

  OutputStream open(String name) throws IOException;
}
