package io.airgap.archiver.deps.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Makes yarn berry's cache zip of a registry tarball as yarn 4 does with its default cache
 * ({@code cacheKey 10c0}: stored, not compressed): the package's files under
 * {@code node_modules/<name>/}, folders made as they are first needed, every entry dated
 * 1984-06-22 and given mode 644 (755 for folders and executables). yarn.lock pins the SHA-512 of
 * exactly that zip, so a zip made otherwise is caught by the caller's check.
 */
final class YarnCacheZip {
  /** The only cache layout reproduced: yarn 4's default. */
  static final String CACHE_KEY = "10c0";
  private static final int DOS_TIME = 0xAE40;
  private static final int DOS_DATE = 0x08D6;
  private static final int MADE_BY_UNIX = 0x033F;

  private YarnCacheZip() {}

  /** The zip's file name in yarn's cache: {@code [@scope-]name-npm-<version>-<locator hash>-10c0.zip}. */
  static String fileName(String name, String version) {
    String scope = name.startsWith("@") ? name.substring(1, name.indexOf('/')) : null;
    String bare = name.substring(name.indexOf('/') + 1);
    String identHash = sha512Hex((scope == null ? "" : scope) + bare);
    String locatorHash = sha512Hex(identHash + "npm:" + version);
    return (scope == null ? "" : "@" + scope + "-") + bare + "-npm-" + version + "-" + locatorHash.substring(0, 10)
        + "-" + CACHE_KEY + ".zip";
  }

  /** The zip yarn makes of {@code tarball}, an npm package tarball of {@code name}. */
  static byte[] of(Path tarball, String name) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String prefix = "node_modules/" + name;
    mkdirs(prefix, entries);
    try (InputStream raw = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String path = e.getName().replace('\\', '/').replaceAll("/+$", "");
        String[] parts = path.split("/", 2);
        if (parts.length < 2 || parts[1].isEmpty()) {
          continue; // the package's own top folder
        }
        String relative = normalize(parts[1]);
        String target = prefix + "/" + relative;
        if (e.isDirectory()) {
          mkdirs(target, entries);
        } else if (e.isFile()) {
          mkdirs(target.substring(0, target.lastIndexOf('/')), entries);
          int mode = (e.getMode() & 0111) != 0 ? 0100755 : 0100644;
          entries.put(target, new Entry(target, tar.readAllBytes(), mode));
        } else if (!e.isGlobalPaxHeader() && !e.isPaxHeader()) {
          throw new IOException("the tarball holds " + e.getName() + ", neither a file nor a folder");
        }
      }
    }
    return write(new ArrayList<>(entries.values()));
  }

  /** Resolves {@code .} and refuses {@code ..}, as a path inside the package. */
  private static String normalize(String path) throws IOException {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.equals("..")) {
        throw new IOException("the tarball holds a path leaving the package: " + path);
      }
      if (!p.isEmpty() && !p.equals(".")) {
        out.add(p);
      }
    }
    return String.join("/", out);
  }

  private static void mkdirs(String dir, Map<String, Entry> entries) {
    int from = 0;
    while (from < dir.length()) {
      int slash = dir.indexOf('/', from);
      String upTo = slash < 0 ? dir : dir.substring(0, slash);
      entries.putIfAbsent(upTo + "/", new Entry(upTo + "/", null, 040755));
      from = slash < 0 ? dir.length() : slash + 1;
    }
  }

  private static byte[] write(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] name = e.path.getBytes(StandardCharsets.UTF_8);
      byte[] data = e.data == null ? new byte[0] : e.data;
      CRC32 crc = new CRC32();
      crc.update(data);
      int needed = e.data == null ? 20 : 10;
      int offset = out.size();
      int32(out, 0x04034b50);
      header(out, needed, (int) crc.getValue(), data.length, name.length);
      out.writeBytes(name);
      out.writeBytes(data);
      int32(central, 0x02014b50);
      int16(central, MADE_BY_UNIX);
      header(central, needed, (int) crc.getValue(), data.length, name.length);
      int16(central, 0); // comment length
      int16(central, 0); // disk
      int16(central, 0); // internal attributes
      int32(central, e.mode << 16);
      int32(central, offset);
      central.writeBytes(name);
    }
    int centralOffset = out.size();
    out.writeBytes(central.toByteArray());
    int32(out, 0x06054b50);
    int16(out, 0);
    int16(out, 0);
    int16(out, entries.size());
    int16(out, entries.size());
    int32(out, central.size());
    int32(out, centralOffset);
    int16(out, 0);
    return out.toByteArray();
  }

  /** The fields local and central headers share, from "version needed" to "extra field length". */
  private static void header(ByteArrayOutputStream out, int needed, int crc, int size, int nameLength) {
    int16(out, needed);
    int16(out, 0); // flags
    int16(out, 0); // stored
    int16(out, DOS_TIME);
    int16(out, DOS_DATE);
    int32(out, crc);
    int32(out, size);
    int32(out, size);
    int16(out, nameLength);
    int16(out, 0);
  }

  private static void int16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
  }

  private static void int32(ByteArrayOutputStream out, int v) {
    int16(out, v & 0xffff);
    int16(out, (v >>> 16) & 0xffff);
  }

  static String sha512Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha512Hex(String text) {
    return sha512Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One zip entry: a folder ({@code data} null) or a file. */
  private record Entry(String path, byte[] data, int mode) {}
}
