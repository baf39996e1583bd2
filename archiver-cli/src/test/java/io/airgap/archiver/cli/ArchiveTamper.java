package io.airgap.archiver.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Rewrites an archive with chosen changes, the way an attacker with the USB stick could. */
final class ArchiveTamper {
  private ArchiveTamper() {}

  /** Reads every entry into memory (test archives are small), in order. */
  static Map<String, byte[]> read(Path archive) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }

  /** Writes {@code archive}'s entries, changed by {@code edit}, to {@code out}. */
  static Path rewrite(Path archive, Path out, Consumer<Map<String, byte[]>> edit) throws IOException {
    Map<String, byte[]> entries = read(archive);
    edit.accept(entries);
    write(out, entries);
    return out;
  }

  static void write(Path out, Map<String, byte[]> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(out);
        GZIPOutputStream gz = new GZIPOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
  }

  static byte[] flipByte(byte[] data, int offsetFromEnd) {
    byte[] copy = data.clone();
    copy[copy.length - offsetFromEnd] ^= 0x01;
    return copy;
  }

  static byte[] concat(byte[] a, byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a);
    out.write(b);
    return out.toByteArray();
  }
}
