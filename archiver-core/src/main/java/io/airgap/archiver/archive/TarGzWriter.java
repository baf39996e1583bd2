package io.airgap.archiver.archive;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a deterministic gzip'd POSIX tar: fixed owner, mode and mtime, no host data. Entries that
 * are already compressed (git packs, most LFS objects) go into stored deflate blocks of the same
 * gzip stream, copied straight through; the rest is deflated on every core
 * ({@link ParallelGzipOutputStream}). The bytes do not depend on the number of cores.
 */
public final class TarGzWriter implements Closeable {
  public static final int MODE_FILE = 0100644;
  public static final int MODE_EXECUTABLE = 0100755;
  private static final int BUFFER = 1 << 16;

  private final ParallelGzipOutputStream gzip;
  private final TarArchiveOutputStream tar;
  private final Date mtime;

  public TarGzWriter(OutputStream out, Instant mtime) throws IOException {
    this(out, mtime, ParallelGzipOutputStream.defaultThreads());
  }

  /** @param threads how many cores may deflate at once (the output is the same for any number) */
  public TarGzWriter(OutputStream out, Instant mtime, int threads) throws IOException {
    this.gzip = new ParallelGzipOutputStream(new BufferedOutputStream(out, BUFFER * 4), Deflater.DEFAULT_COMPRESSION,
        threads);
    this.tar = new TarArchiveOutputStream(gzip, "UTF-8");
    this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    this.tar.setAddPaxHeadersForNonAsciiNames(true);
    this.mtime = Date.from(mtime);
  }

  public void add(String name, byte[] content, int mode) throws IOException {
    add(name, content.length, new java.io.ByteArrayInputStream(content), mode, true);
  }

  /** Copies exactly {@code size} bytes from {@code content}; does not close it. */
  public void add(String name, long size, InputStream content, int mode, boolean compressible)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(size);
    entry.setMode(mode);
    entry.setModTime(mtime);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    tar.putArchiveEntry(entry);
    tar.flush();
    gzip.setCompress(compressible);
    byte[] buf = new byte[BUFFER];
    long remaining = size;
    while (remaining > 0) {
      int n = content.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        throw new IOException(name + " ended " + remaining + " bytes early");
      }
      tar.write(buf, 0, n);
      remaining -= n;
    }
    tar.closeArchiveEntry();
    tar.flush();
    gzip.setCompress(true);
  }

  /** Writes the tar end records and the gzip trailer; does not close the underlying stream. */
  public void finish() throws IOException {
    tar.finish();
    gzip.finish();
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
