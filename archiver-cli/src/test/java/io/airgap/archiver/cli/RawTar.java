package io.airgap.archiver.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar streams block by block, including what no tar library will produce: bad checksums,
 * non-octal or base-256 sizes, links, devices, GNU and global PAX headers, hand-made PAX records.
 */
final class RawTar {
  static final int BLOCK = 512;

  private final OutputStream out;
  private long written;

  RawTar(OutputStream out) {
    this.out = out;
  }

  /** One 512-byte ustar header; every field is settable, the checksum is computed unless forced. */
  static final class Header {
    byte[] name;
    String mode = "0000644";
    String uid = "0000000";
    String gid = "0000000";
    byte[] size;
    String mtime = "15000000000";
    char type = '0';
    String linkName = "";
    String magic = "ustar\0";
    String version = "00";
    String prefix = "";
    Integer checksumDelta;

    static Header file(String name, long size) {
      Header h = new Header();
      h.name = name.getBytes(StandardCharsets.UTF_8);
      h.size(size);
      return h;
    }

    static Header of(String name, char type, long size) {
      Header h = file(name, size);
      h.type = type;
      return h;
    }

    Header size(long size) {
      this.size = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
      return this;
    }

    Header rawSize(byte[] field) {
      this.size = field;
      return this;
    }

    byte[] block() {
      byte[] b = new byte[BLOCK];
      put(b, 0, 100, name);
      put(b, 100, 8, mode.getBytes(StandardCharsets.ISO_8859_1));
      put(b, 108, 8, uid.getBytes(StandardCharsets.US_ASCII));
      put(b, 116, 8, gid.getBytes(StandardCharsets.US_ASCII));
      put(b, 124, 12, size);
      put(b, 136, 12, mtime.getBytes(StandardCharsets.US_ASCII));
      b[156] = (byte) type;
      put(b, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
      put(b, 257, 6, magic.getBytes(StandardCharsets.ISO_8859_1));
      put(b, 263, 2, version.getBytes(StandardCharsets.ISO_8859_1));
      put(b, 329, 8, "0000000".getBytes(StandardCharsets.US_ASCII));
      put(b, 337, 8, "0000000".getBytes(StandardCharsets.US_ASCII));
      put(b, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
      for (int i = 148; i < 156; i++) {
        b[i] = ' ';
      }
      int sum = 0;
      for (byte x : b) {
        sum += x & 0xff;
      }
      if (checksumDelta != null) {
        sum += checksumDelta;
      }
      put(b, 148, 8, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
      return b;
    }

    private static void put(byte[] block, int offset, int length, byte[] value) {
      System.arraycopy(value, 0, block, offset, Math.min(length, value.length));
    }
  }

  /** A regular file; names longer than 100 bytes go into a PAX path record, as the archiver writes them. */
  RawTar file(String name, byte[] data) {
    if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
      pax("path", name);
      return entry(Header.file("long-name", data.length), data);
    }
    return entry(Header.file(name, data.length), data);
  }

  RawTar files(Map<String, byte[]> entries) {
    entries.forEach(this::file);
    return this;
  }

  RawTar entry(Header header, byte[] data) {
    write(header.block());
    write(data);
    pad();
    return this;
  }

  /** A header followed by {@code size} zero bytes, streamed (for entries far larger than memory should hold). */
  RawTar zeros(Header header, long size) {
    write(header.block());
    byte[] chunk = new byte[1 << 20];
    for (long left = size; left > 0; left -= chunk.length) {
      write(chunk, (int) Math.min(chunk.length, left));
    }
    pad();
    return this;
  }

  /** A PAX extended header ('x') with the given key/value pairs, lengths computed. */
  RawTar pax(String... keyValues) {
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    for (int i = 0; i < keyValues.length; i += 2) {
      records.writeBytes(paxRecord(keyValues[i], keyValues[i + 1]));
    }
    return paxRaw('x', records.toByteArray());
  }

  RawTar paxRaw(char type, byte[] content) {
    return entry(Header.of("./PaxHeaders/entry", type, content.length), content);
  }

  static byte[] paxRecord(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
    int length = bodyLength + 1;
    while (String.valueOf(length).length() + bodyLength != length) {
      length++;
    }
    return (length + body).getBytes(StandardCharsets.UTF_8);
  }

  RawTar raw(byte[] bytes) {
    write(bytes);
    return this;
  }

  /** Two zero blocks, then zeros up to the 10 KiB record, as tar ends an archive. */
  RawTar end() {
    write(new byte[2 * BLOCK]);
    int record = 20 * BLOCK;
    if (written % record != 0) {
      write(new byte[(int) (record - written % record)]);
    }
    return this;
  }

  private void pad() {
    if (written % BLOCK != 0) {
      write(new byte[(int) (BLOCK - written % BLOCK)]);
    }
  }

  private void write(byte[] bytes) {
    write(bytes, bytes.length);
  }

  private void write(byte[] bytes, int length) {
    try {
      out.write(bytes, 0, length);
      written += length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gzips {@code tar} as one member. */
  static byte[] gzip(byte[] tar) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
