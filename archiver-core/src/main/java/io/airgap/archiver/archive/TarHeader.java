package io.airgap.archiver.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.airgap.archiver.manifest.EntryNames;

/**
 * One 512-byte POSIX ustar header block, checked field by field the strict way: a matching
 * checksum, the ustar magic, and numbers that are plain octal (no base-256, so no negative or
 * ambiguous sizes). What a lenient parser would read one way and tar another is refused here.
 */
record TarHeader(char type, String name, long size, String linkName, boolean validUtf8) {
  static final int BLOCK = 512;

  /** Parses and checks one header block that is not all zeros. */
  static TarHeader parse(byte[] block) throws ArchiveFormatException {
    String name = text(block, 0, 100);
    String prefix = text(block, 345, 155);
    String fullName = prefix.isEmpty() ? name : prefix + "/" + name;
    String where = "the tar header of archive entry " + EntryNames.printable(fullName);
    checkChecksum(block, where);
    String magic = new String(block, 257, 8, StandardCharsets.ISO_8859_1);
    if (!magic.equals("ustar\u000000")) {
      throw new ArchiveFormatException(where + (magic.equals("ustar  \u0000")
          ? " is a GNU tar header; archives are POSIX ustar"
          : " is not a POSIX ustar header (no ustar magic)"));
    }
    if ((block[124] & 0x80) != 0) {
      throw new ArchiveFormatException(where + " has a " + ((block[124] & 0xff) == 0xff ? "negative" : "base-256")
          + " size; archives write sizes in octal (or in a PAX size record)");
    }
    long size = octal(block, 124, 12, "size", where);
    octal(block, 100, 8, "mode", where);
    octal(block, 108, 8, "uid", where);
    octal(block, 116, 8, "gid", where);
    octal(block, 136, 12, "mtime", where);
    octal(block, 329, 8, "devmajor", where);
    octal(block, 337, 8, "devminor", where);
    char type = (char) (block[156] & 0xff);
    String linkName = text(block, 157, 100);
    boolean utf8 = validUtf8(block, 0, 100) && validUtf8(block, 345, 155) && validUtf8(block, 157, 100);
    return new TarHeader(type, fullName, size, linkName, utf8);
  }

  static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkChecksum(byte[] block, String where) throws ArchiveFormatException {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += b;
    }
    long stored;
    try {
      stored = octal(block, 148, 8, "checksum", where);
    } catch (ArchiveFormatException e) {
      throw new ArchiveFormatException(where + " has a malformed checksum field");
    }
    if (stored != unsigned && stored != signed) {
      throw new ArchiveFormatException(where + " has a bad checksum (stored " + stored + ", computed " + unsigned
          + "): the header was damaged or altered");
    }
  }

  /**
   * A numeric field: optional leading spaces, octal digits, then only NULs or spaces. A field that
   * starts with NUL must be all NULs (some readers take it as 0 whatever follows).
   */
  private static long octal(byte[] block, int offset, int length, String field, String where)
      throws ArchiveFormatException {
    int end = offset + length;
    int i = offset;
    if (block[i] == 0) {
      for (int j = i; j < end; j++) {
        if (block[j] != 0) {
          throw notOctal(block, offset, length, field, where);
        }
      }
      return 0;
    }
    while (i < end && block[i] == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && block[i] >= '0' && block[i] <= '7') {
      value = value * 8 + (block[i] - '0');
      digits++;
      i++;
    }
    for (; i < end; i++) {
      if (block[i] != 0 && block[i] != ' ') {
        throw notOctal(block, offset, length, field, where);
      }
    }
    if (digits == 0 && !field.equals("devmajor") && !field.equals("devminor")) {
      throw notOctal(block, offset, length, field, where);
    }
    return value;
  }

  private static ArchiveFormatException notOctal(byte[] block, int offset, int length, String field, String where) {
    StringBuilder shown = new StringBuilder();
    for (int i = offset; i < offset + length; i++) {
      int b = block[i] & 0xff;
      shown.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return new ArchiveFormatException(where + " has a " + field + " field that is not an octal number: \""
        + shown + "\"");
  }

  private static String text(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return new String(block, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean validUtf8(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(block, offset, end - offset));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
