package io.airgap.archiver.lfs;

import java.io.IOException;

/** An LFS object whose bytes do not hash to its oid (or have another size); never worth a retry. */
public final class CorruptLfsObjectException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String oid;

  public CorruptLfsObjectException(String oid, String problem) {
    super("LFS object " + oid + " is corrupt: " + problem);
    this.oid = oid;
  }

  public String oid() {
    return oid;
  }
}
