package io.airgap.archiver.lfs;

import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.DigestingInputStream;
import io.airgap.archiver.internal.DigestingOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of Git LFS objects in git-lfs's layout ({@code <oid[0:2]>/<oid[2:4]>/<oid>}): the create
 * cache, the restore workspace, a local source or a file target. Objects are hashed as they are
 * written and appear under their final name only when complete and correct.
 */
public final class LfsObjectStore {
  private final Path root;

  public LfsObjectStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path path(String oid) {
    return root.resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
  }

  /** True if the object is present with the expected size (its content was checked when written). */
  public boolean has(String oid, long size) {
    Path p = path(oid);
    try {
      return Files.isRegularFile(p) && Files.size(p) == size;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stores {@code size} bytes from {@code in} as {@code oid}, checking the SHA-256 while streaming.
   * Already present: the stream is not read. Throws {@link CorruptLfsObjectException} on a mismatch.
   */
  public Path put(String oid, long size, InputStream in) throws IOException {
    Path target = path(oid);
    if (has(oid, size)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    try (AtomicFileWriter file = AtomicFileWriter.open(target)) {
      DigestingOutputStream out = new DigestingOutputStream(file.stream());
      copyAtMost(in, out, size + 1);
      out.flush();
      check(oid, size, out.count(), out.sha256());
      try {
        file.commit();
      } catch (FileAlreadyExistsException e) {
        // another transfer of the same object won the race; its copy was checked the same way
      }
    }
    return target;
  }

  /** Stops one byte past the expected size, so a server sending endless data cannot fill the disk. */
  private static void copyAtMost(InputStream in, DigestingOutputStream out, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
      out.write(buf, 0, n);
      total += n;
    }
  }

  /** Re-reads a stored object and checks its size and SHA-256 (for stores this tool did not write). */
  public void verify(String oid, long size) throws IOException {
    try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(path(oid)))) {
      in.drain();
      check(oid, size, in.count(), in.sha256());
    }
  }

  static void check(String oid, long size, long actualSize, String actualSha) throws CorruptLfsObjectException {
    if (actualSize != size) {
      throw new CorruptLfsObjectException(oid, actualSize + " bytes instead of " + size);
    }
    if (!actualSha.equals(oid)) {
      throw new CorruptLfsObjectException(oid, "its content hashes to " + actualSha);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
