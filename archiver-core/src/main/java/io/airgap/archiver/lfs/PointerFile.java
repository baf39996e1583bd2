package io.airgap.archiver.lfs;

/** An LFS object named by a pointer file, with one path it is checked out at (for messages; may be null). */
public record PointerFile(String oid, long size, String path) {
  /** The object and where it is used, for error messages. */
  public String describe() {
    return oid + " (" + size + " bytes" + (path == null ? "" : ", " + path) + ")";
  }
}
