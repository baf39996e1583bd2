package io.airgap.archiver.archive;

import io.airgap.archiver.api.UntrustedArchiveException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an archive entry by entry, refusing anything that is not a plain file with a safe relative
 * name: links, devices, directories, absolute paths, {@code ..}, duplicates. Reading past the last
 * entry drains the gzip stream so its CRC and length are checked (a truncated archive fails).
 */
public final class ArchiveReader implements Closeable {
  private final InputStream gzip;
  private final TarArchiveInputStream tar;
  private final Set<String> seen = new HashSet<>();

  private ArchiveReader(InputStream gzip) {
    this.gzip = gzip;
    this.tar = new TarArchiveInputStream(gzip, "UTF-8");
  }

  public static ArchiveReader open(InputStream raw) throws UntrustedArchiveException {
    try {
      return new ArchiveReader(new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16));
    } catch (IOException e) {
      throw new UntrustedArchiveException("not a gzip'd archive: " + e.getMessage());
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
    checkType(entry, name);
    checkName(name);
    if (!seen.add(name)) {
      throw new UntrustedArchiveException("archive holds " + name + " twice");
    }
    return new Entry(name, entry.getSize(), tar);
  }

  private void drain() throws IOException {
    byte[] buf = new byte[8192];
    while (gzip.read(buf) >= 0) {
      // reaching EOF makes GZIPInputStream check the trailer
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
    String problem = null;
    if (name.isEmpty()) {
      problem = "an empty name";
    } else if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      problem = "an absolute path";
    } else if (name.contains("\\")) {
      problem = "a backslash";
    } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "control characters";
    } else if (name.length() > 1024) {
      problem = "an overlong name";
    } else {
      for (String segment : name.split("/", -1)) {
        if (segment.equals("..")) {
          problem = "a '..' segment that escapes the extraction folder";
        } else if (segment.isEmpty() || segment.equals(".")) {
          problem = "an empty or '.' path segment";
        }
        if (problem != null) {
          break;
        }
      }
    }
    if (problem != null) {
      throw new UntrustedArchiveException("archive entry " + printable(name) + " has " + problem);
    }
  }

  static String printable(String name) {
    StringBuilder sb = new StringBuilder("\"");
    name.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.append(name.length() > 200 ? "...\"" : "\"").toString();
  }

  /** Explains a failure to read the archive stream itself. */
  public static UntrustedArchiveException corrupt(IOException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new UntrustedArchiveException("archive is truncated or corrupt: " + msg, e);
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
