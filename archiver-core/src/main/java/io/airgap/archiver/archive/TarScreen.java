package io.airgap.archiver.archive;

import io.airgap.archiver.base.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import io.airgap.archiver.manifest.EntryNames;
import io.airgap.archiver.internal.BulkInputStream;

/**
 * Sits between the gzip stream and Commons Compress and lets only the tar subset archives use
 * reach it: every header is checked ({@link TarHeader}) and every extended header parsed
 * ({@link PaxHeader}) before a byte of it is passed on; entries are regular files or one 'x'
 * header before one; after the end-of-archive marker only zero padding may follow. The name and
 * size each entry really has are kept, so the reader can refuse an entry that Commons Compress
 * understood differently.
 */
final class TarScreen extends BulkInputStream {
  /** tar pads to 10 KiB records; far more zeros after the end marker are not padding. */
  static final int MAX_PADDING = 1 << 20;

  private final InputStream in;
  private final ArchiveLimits limits;
  private byte[] pending;
  private int pendingPos;
  private long dataLeft;
  private PaxHeader pax;
  private String name;
  private long size = -1;
  private boolean ended;
  private long padding;

  TarScreen(InputStream in, ArchiveLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** The name and size of the entry whose header was passed on last (null before the first). */
  String entryName() {
    return name;
  }

  long entrySize() {
    return size;
  }

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    if (pending == null && dataLeft == 0 && !ended) {
      nextHeader();
    }
    if (pending != null) {
      int n = Math.min(len, pending.length - pendingPos);
      System.arraycopy(pending, pendingPos, b, off, n);
      pendingPos += n;
      if (pendingPos == pending.length) {
        pending = null;
      }
      return n;
    }
    if (dataLeft > 0) {
      int n = in.read(b, off, (int) Math.min(len, dataLeft));
      if (n < 0) {
        throw new ArchiveFormatException("archive is truncated: it ends inside archive entry "
            + EntryNames.printable(name));
      }
      dataLeft -= n;
      return n;
    }
    return readPadding(b, off, len);
  }

  @Override
  public int available() {
    return pending == null ? 0 : pending.length - pendingPos;
  }

  private int readPadding(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    for (int i = off; i < off + Math.max(n, 0); i++) {
      if (b[i] != 0) {
        throw new ArchiveFormatException("data follows the tar end-of-archive marker"
            + (name == null ? "" : " (after archive entry " + EntryNames.printable(name) + ")")
            + "; nothing may follow it but zero padding");
      }
    }
    padding += Math.max(n, 0);
    if (padding > MAX_PADDING) {
      throw new ArchiveFormatException("more than " + ByteSize.format(MAX_PADDING)
          + " of zeros follow the tar end-of-archive marker; that is not padding");
    }
    return n;
  }

  private void nextHeader() throws IOException {
    byte[] block = readBlock(true);
    if (block == null) {
      throw new ArchiveFormatException("archive is truncated: it ends without the tar end-of-archive marker"
          + (name == null ? "" : " after archive entry " + EntryNames.printable(name)));
    }
    if (TarHeader.isZero(block)) {
      if (pax != null) {
        throw new ArchiveFormatException("the archive ends right after a PAX extended header");
      }
      ended = true;
      serve(block, null);
      return;
    }
    TarHeader header = TarHeader.parse(block);
    String entryName = pax != null && pax.path() != null ? pax.path() : header.name();
    String where = "archive entry " + EntryNames.printable(entryName);
    String what = typeProblem(header.type());
    if (header.type() == 'x') {
      if (pax != null) {
        throw new ArchiveFormatException(where + " has two PAX extended headers in a row");
      }
      if (header.size() > PaxHeader.MAX_BYTES) {
        throw new ArchiveFormatException("a PAX extended header (" + EntryNames.printable(header.name()) + ") is "
            + header.size() + " bytes, more than the " + PaxHeader.MAX_BYTES + " allowed");
      }
      int padded = (int) roundUp(header.size());
      byte[] content = new byte[padded];
      readFully(content, "a PAX extended header");
      pax = PaxHeader.parse(content, (int) header.size(),
          "the PAX extended header of the entry after " + (name == null ? "the start" : EntryNames.printable(name)));
      serve(block, content);
      return;
    }
    if (what != null) {
      throw new ArchiveFormatException(where + " is " + what + "; archives hold regular files only");
    }
    if (!header.linkName().isEmpty()) {
      throw new ArchiveFormatException(where + " names a link target " + EntryNames.printable(header.linkName())
          + " in its header; archives hold no links");
    }
    if (!header.validUtf8() && (pax == null || pax.path() == null)) {
      throw new ArchiveFormatException(where + " has a name that is not valid UTF-8");
    }
    String problem = EntryNames.problem(entryName);
    if (problem != null) {
      throw new ArchiveFormatException(where + " has " + problem);
    }
    long entrySize = pax != null && pax.size() != null ? pax.size() : header.size();
    if (entrySize > limits.maxBytes()) {
      throw new ArchiveFormatException(where + " declares " + entrySize + " bytes, more than the "
          + ByteSize.format(limits.maxBytes()) + " the archive may expand to (" + ArchiveLimits.MAX_EXPANSION + ")");
    }
    pax = null;
    name = entryName;
    size = entrySize;
    dataLeft = roundUp(entrySize);
    serve(block, null);
  }

  private static String typeProblem(char type) {
    return switch (type) {
      case '0', '\0', 'x' -> null;
      case '1' -> "a hard link";
      case '2' -> "a symbolic link";
      case '3', '4' -> "a device";
      case '5' -> "a directory";
      case '6' -> "a FIFO";
      case '7' -> "a contiguous file (type '7')";
      case 'g' -> "a global PAX header (type 'g'), which archives never carry";
      case 'L' -> "a GNU long name header (type 'L'); archives use PAX for long names";
      case 'K' -> "a GNU long link header (type 'K'); archives hold no links";
      case 'S' -> "a GNU sparse file (type 'S')";
      default -> String.format("of unsupported tar type '%s'", type >= 0x20 && type < 0x7f
          ? String.valueOf(type) : String.format("\\x%02x", (int) type));
    };
  }

  private void serve(byte[] block, byte[] content) {
    if (content == null) {
      pending = block;
    } else {
      pending = new byte[block.length + content.length];
      System.arraycopy(block, 0, pending, 0, block.length);
      System.arraycopy(content, 0, pending, block.length, content.length);
    }
    pendingPos = 0;
  }

  private byte[] readBlock(boolean eofAllowed) throws IOException {
    byte[] block = new byte[TarHeader.BLOCK];
    int got = in.readNBytes(block, 0, block.length);
    if (got == 0 && eofAllowed) {
      return null;
    }
    if (got < block.length) {
      throw new ArchiveFormatException("archive is truncated: it ends inside a tar header");
    }
    return block;
  }

  private void readFully(byte[] buf, String what) throws IOException {
    if (in.readNBytes(buf, 0, buf.length) < buf.length) {
      throw new ArchiveFormatException("archive is truncated: it ends inside " + what);
    }
  }

  private static long roundUp(long n) {
    return (n + TarHeader.BLOCK - 1) / TarHeader.BLOCK * TarHeader.BLOCK;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
