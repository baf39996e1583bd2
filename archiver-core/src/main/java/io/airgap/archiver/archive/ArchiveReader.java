package io.airgap.archiver.archive;

import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import io.airgap.archiver.manifest.EntryNames;

/**
 * Reads an archive entry by entry, refusing anything that is not a plain file with a safe relative
 * name: links, devices, directories, absolute paths, {@code ..}, duplicates. Below it,
 * {@link GzipMemberInputStream} and {@link TarScreen} refuse malformed gzip and tar structure and
 * bound the expansion ({@link ArchiveLimits}). Reading past the last entry drains the stream so
 * the gzip CRC and length are checked and nothing may follow the archive (a truncated or extended
 * archive fails).
 */
public final class ArchiveReader implements Closeable {
  private final TarScreen screen;
  private final TarArchiveInputStream tar;
  private final Set<String> seen = new HashSet<>();

  private ArchiveReader(TarScreen screen) {
    this.screen = screen;
    this.tar = new TarArchiveInputStream(screen, "UTF-8");
  }

  public static ArchiveReader open(InputStream raw) throws UntrustedArchiveException {
    return open(raw, ArchiveLimits.DEFAULT);
  }

  public static ArchiveReader open(InputStream raw, ArchiveLimits limits) throws UntrustedArchiveException {
    try {
      return new ArchiveReader(new TarScreen(new GzipMemberInputStream(raw, limits), limits));
    } catch (IOException e) {
      ArchiveFormatException format = ArchiveFormatException.find(e);
      throw new UntrustedArchiveException(format != null ? format.getMessage()
          : "not a gzip'd archive: " + e.getMessage(), e);
    }
  }

  /** A validated entry; {@code content} yields exactly {@code size} bytes and must not be closed. */
  public record Entry(String name, long size, InputStream content) {}

  /** The next entry, or {@code null} after the last one (when the whole stream has been checked). */
  public Entry next() throws UntrustedArchiveException {
    TarArchiveEntry entry;
    try {
      entry = tar.getNextEntry();
      if (entry == null) {
        drain();
        return null;
      }
    } catch (IOException e) {
      throw corrupt(e);
    }
    String name = entry.getName();
    if (!name.equals(screen.entryName()) || entry.getSize() != screen.entrySize()) {
      throw new UntrustedArchiveException("archive entry " + printable(String.valueOf(screen.entryName()))
          + " has a tar header that reads differently to different parsers (" + printable(name) + ", "
          + entry.getSize() + " bytes); it was crafted");
    }
    checkType(entry, name);
    checkName(name);
    if (!seen.add(name)) {
      throw new UntrustedArchiveException("archive holds " + name + " twice");
    }
    return new Entry(name, entry.getSize(), tar);
  }

  private void drain() throws IOException {
    byte[] buf = new byte[8192];
    while (screen.read(buf) >= 0) {
      // reaching EOF checks the padding, the gzip trailer, and that nothing follows
    }
  }

  private static void checkType(TarArchiveEntry entry, String name) throws UntrustedArchiveException {
    String what = null;
    if (entry.isSymbolicLink()) {
      what = "a symbolic link";
    } else if (entry.isLink()) {
      what = "a hard link";
    } else if (entry.isDirectory()) {
      what = "a directory";
    } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      what = "a device";
    } else if (entry.isFIFO()) {
      what = "a FIFO";
    } else if (entry.isSparse() || !entry.isFile()) {
      what = "not a regular file";
    }
    if (what != null) {
      throw new UntrustedArchiveException("archive entry " + printable(name) + " is " + what
          + "; archives hold regular files only");
    }
  }

  /** Accepts only relative, normalised names of printable characters. */
  static void checkName(String name) throws UntrustedArchiveException {
    String problem = EntryNames.problem(name);
    if (problem != null) {
      throw new UntrustedArchiveException("archive entry " + printable(name) + " has " + problem);
    }
  }

  static String printable(String name) {
    return EntryNames.printable(name);
  }

  /** Explains a failure to read the archive stream itself. */
  public static UntrustedArchiveException corrupt(IOException e) {
    ArchiveFormatException format = ArchiveFormatException.find(e);
    if (format != null) {
      return new UntrustedArchiveException(format.getMessage(), e);
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new UntrustedArchiveException("archive is truncated or corrupt: " + msg, e);
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
