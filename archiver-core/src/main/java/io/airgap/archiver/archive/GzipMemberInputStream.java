package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import io.airgap.archiver.internal.BulkInputStream;

/**
 * Inflates exactly one gzip member (RFC 1952), checking its header, CRC-32 and length, and refuses
 * whatever follows it: a second member or trailing bytes, which {@code GZIPInputStream} would
 * silently read on or ignore. Stops expansion beyond {@link ArchiveLimits} as it happens.
 */
final class GzipMemberInputStream extends BulkInputStream {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;
  private static final int MAX_HEADER_STRING = 1024;

  private final InputStream in;
  private final ArchiveLimits limits;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[1 << 16];
  private final byte[] one = new byte[1];
  private int bufLen;
  private int bufPos;
  private long headerBytes;
  private boolean finished;

  GzipMemberInputStream(InputStream in, ArchiveLimits limits) throws IOException {
    this.in = in;
    this.limits = limits;
    readHeader();
    inflater.setInput(buf, bufPos, bufLen - bufPos);
  }

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    while (!finished) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ArchiveFormatException("archive is truncated or corrupt: invalid deflate data ("
            + e.getMessage() + ")");
      }
      if (n > 0) {
        crc.update(b, off, n);
        String problem = limits.problem(inflater.getBytesWritten(), headerBytes + inflater.getBytesRead());
        if (problem != null) {
          throw new ArchiveFormatException(problem);
        }
        return n;
      }
      if (inflater.finished()) {
        bufPos = bufLen - inflater.getRemaining();
        readTrailer();
        finished = true;
      } else if (inflater.needsDictionary()) {
        throw new ArchiveFormatException("archive is truncated or corrupt: the deflate stream asks for a preset dictionary");
      } else if (inflater.needsInput()) {
        bufLen = fill();
        if (bufLen < 0) {
          throw new ArchiveFormatException("archive is truncated or corrupt: the gzip stream ends early");
        }
        bufPos = bufLen;
        inflater.setInput(buf, 0, bufLen);
      }
    }
    return -1;
  }

  private int fill() throws IOException {
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    return n;
  }

  private void readHeader() throws IOException {
    int id1 = headerByte(true);
    int id2 = id1 < 0 ? -1 : headerByte(true);
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new ArchiveFormatException(id1 < 0 ? "not a gzip'd archive: the file is empty"
          : "not a gzip'd archive: it does not start with the gzip signature");
    }
    if (headerByte(false) != 8) {
      throw new ArchiveFormatException("not a gzip'd archive: unknown compression method");
    }
    int flags = headerByte(false);
    if ((flags & RESERVED) != 0) {
      throw new ArchiveFormatException("the gzip header sets reserved flags; it is not a gzip stream this tool wrote");
    }
    for (int i = 0; i < 6; i++) {
      headerByte(false); // mtime, extra flags, OS
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = headerByte(false) | headerByte(false) << 8;
      for (int i = 0; i < xlen; i++) {
        headerByte(false);
      }
    }
    if ((flags & FNAME) != 0) {
      skipString("file name");
    }
    if ((flags & FCOMMENT) != 0) {
      skipString("comment");
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (crc.getValue() & 0xffff);
      int actual = headerByte(false) | headerByte(false) << 8;
      if (expected != actual) {
        throw new ArchiveFormatException("archive is truncated or corrupt: the gzip header's CRC does not match");
      }
    }
    crc.reset();
  }

  private void skipString(String what) throws IOException {
    for (int i = 0; headerByte(false) != 0; i++) {
      if (i >= MAX_HEADER_STRING) {
        throw new ArchiveFormatException("the gzip header's " + what + " is longer than " + MAX_HEADER_STRING
            + " bytes; it is not a gzip stream this tool wrote");
      }
    }
  }

  /** One header byte, fed into the CRC for FHCRC; EOF is only allowed at the very start. */
  private int headerByte(boolean eofAllowed) throws IOException {
    int b = nextRawByte();
    if (b < 0) {
      if (eofAllowed) {
        return -1;
      }
      throw new ArchiveFormatException("archive is truncated or corrupt: it ends inside the gzip header");
    }
    headerBytes++;
    one[0] = (byte) b;
    crc.update(one, 0, 1);
    return b;
  }

  private int nextRawByte() throws IOException {
    if (bufPos >= bufLen) {
      bufLen = fill();
      bufPos = 0;
      if (bufLen < 0) {
        bufLen = 0;
        return -1;
      }
    }
    return buf[bufPos++] & 0xff;
  }

  private void readTrailer() throws IOException {
    long expectedCrc = 0;
    long expectedSize = 0;
    for (int i = 0; i < 8; i++) {
      int b = nextRawByte();
      if (b < 0) {
        throw new ArchiveFormatException("archive is truncated or corrupt: it ends inside the gzip trailer");
      }
      if (i < 4) {
        expectedCrc |= (long) b << (8 * i);
      } else {
        expectedSize |= (long) b << (8 * (i - 4));
      }
    }
    if (expectedCrc != crc.getValue()) {
      throw new ArchiveFormatException("archive is truncated or corrupt: the gzip CRC-32 does not match the data");
    }
    if (expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
      throw new ArchiveFormatException("archive is truncated or corrupt: the gzip trailer's length does not match the data");
    }
    int next = nextRawByte();
    if (next >= 0) {
      int second = nextRawByte();
      throw new ArchiveFormatException(next == 0x1f && second == 0x8b
          ? "the gzip stream is followed by a second gzip member; an archive is exactly one gzip member"
          : "trailing data follows the gzip stream; an archive ends with its gzip trailer");
    }
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
