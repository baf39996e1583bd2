package io.airgap.archiver.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.airgap.archiver.manifest.EntryNames;

/**
 * The records of one POSIX extended ('x') header, parsed strictly: each {@code "<len> key=value\n"}
 * must be exactly as long as it says, keys may not repeat, and only the keys this tool's writer can
 * emit are accepted; {@code linkpath}, GNU sparse maps and vendor extensions are refused by name.
 */
record PaxHeader(String path, Long size) {
  /** Far above what a 1024-character name needs; larger extended headers are not parsed at all. */
  static final int MAX_BYTES = 64 << 10;

  private static final Set<String> ALLOWED =
      Set.of("path", "size", "mtime", "atime", "ctime", "uid", "gid", "uname", "gname");

  static PaxHeader parse(byte[] data, int length, String where) throws ArchiveFormatException {
    Map<String, String> records = new LinkedHashMap<>();
    int pos = 0;
    while (pos < length) {
      if (data[pos] == 0) {
        break; // some writers pad with NULs
      }
      int space = pos;
      long recordLength = 0;
      while (space < length && data[space] >= '0' && data[space] <= '9' && space - pos < 6) {
        recordLength = recordLength * 10 + (data[space] - '0');
        space++;
      }
      if (space == pos || space >= length || data[space] != ' ' || recordLength <= space - pos + 1
          || pos + recordLength > length || data[(int) (pos + recordLength - 1)] != '\n') {
        throw new ArchiveFormatException(where + " has a malformed PAX record at byte " + pos);
      }
      int end = (int) (pos + recordLength - 1);
      int eq = space + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      if (eq == space + 1 || eq >= end) {
        throw new ArchiveFormatException(where + " has a malformed PAX record at byte " + pos);
      }
      String key = utf8(data, space + 1, eq - space - 1, where);
      String value = utf8(data, eq + 1, end - eq - 1, where);
      checkKey(key, where);
      if (records.put(key, value) != null) {
        throw new ArchiveFormatException(where + " sets PAX field " + EntryNames.printable(key) + " twice");
      }
      pos = end + 1;
    }
    for (String key : new String[] {"mtime", "atime", "ctime"}) {
      check(records, key, "-?\\d{1,18}(\\.\\d{1,9})?", where);
    }
    for (String key : new String[] {"size", "uid", "gid"}) {
      check(records, key, "\\d{1,18}", where);
    }
    String path = records.get("path");
    if (path != null && path.isEmpty()) {
      throw new ArchiveFormatException(where + " has an empty PAX path");
    }
    String size = records.get("size");
    return new PaxHeader(path, size == null ? null : Long.parseLong(size));
  }

  private static String utf8(byte[] data, int offset, int length, String where) throws ArchiveFormatException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ArchiveFormatException(where + " has a PAX record that is not valid UTF-8");
    }
  }

  private static void checkKey(String key, String where) throws ArchiveFormatException {
    if (ALLOWED.contains(key)) {
      return;
    }
    String what;
    if (key.equals("linkpath")) {
      what = "a PAX linkpath (a link target); archives hold no links";
    } else if (key.startsWith("GNU.sparse.")) {
      what = "a GNU sparse-file record (" + key + "); archives hold no sparse files";
    } else {
      what = "PAX field " + EntryNames.printable(key) + ", which archives never carry";
    }
    throw new ArchiveFormatException(where + " has " + what);
  }

  private static void check(Map<String, String> records, String key, String pattern, String where)
      throws ArchiveFormatException {
    String value = records.get(key);
    if (value != null && !value.matches(pattern)) {
      throw new ArchiveFormatException(where + " has an invalid PAX " + key + " " + EntryNames.printable(value));
    }
  }
}
