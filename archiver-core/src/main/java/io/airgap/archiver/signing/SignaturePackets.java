package io.airgap.archiver.signing;

import java.io.IOException;

/**
 * Walks the packet structure of a detached signature before Bouncy Castle parses it. Bouncy Castle
 * allocates what a length field declares before reading it (a 251-byte input found by fuzzing made
 * it allocate gigabytes for a user-attribute packet), so every declared length is checked against
 * the bytes really there, and only signature and marker packets are let through.
 */
final class SignaturePackets {
  private static final int TAG_SIGNATURE = 2;
  private static final int TAG_MARKER = 10;

  private SignaturePackets() {}

  static void check(byte[] data) throws IOException {
    int pos = 0;
    while (pos < data.length) {
      int first = data[pos] & 0xff;
      if ((first & 0x80) == 0) {
        throw new IOException("malformed OpenPGP packets (byte " + pos + " is not a packet header)");
      }
      int tag;
      long length;
      int headerEnd;
      if ((first & 0x40) != 0) {
        tag = first & 0x3f;
        int o1 = byteAt(data, pos + 1);
        if (o1 < 192) {
          length = o1;
          headerEnd = pos + 2;
        } else if (o1 < 224) {
          length = ((o1 - 192L) << 8) + byteAt(data, pos + 2) + 192;
          headerEnd = pos + 3;
        } else if (o1 == 255) {
          length = be(data, pos + 2, 4);
          headerEnd = pos + 6;
        } else {
          throw new IOException("malformed OpenPGP packets (a partial-length packet, which signatures never use)");
        }
      } else {
        tag = (first >> 2) & 0x0f;
        int lengthType = first & 0x03;
        if (lengthType == 3) {
          throw new IOException("malformed OpenPGP packets (a packet of indeterminate length)");
        }
        int octets = 1 << lengthType;
        length = be(data, pos + 1, octets);
        headerEnd = pos + 1 + octets;
      }
      if (length > data.length - headerEnd) {
        throw new IOException("malformed OpenPGP packets (a packet declares " + length + " bytes but "
            + Math.max(0, data.length - headerEnd) + " follow)");
      }
      if (tag == TAG_SIGNATURE) {
        checkSignature(data, headerEnd, headerEnd + (int) length);
      } else if (tag != TAG_MARKER) {
        throw new IOException("it holds " + describe(tag) + ", not a detached signature");
      }
      pos = headerEnd + (int) length;
    }
  }

  /** Version 4 to 6 signatures carry subpacket areas whose inner lengths must fit too. */
  private static void checkSignature(byte[] data, int start, int end) throws IOException {
    int version = byteAt(data, start, end);
    if (version < 4) {
      return;
    }
    int areaLengthOctets = version >= 6 ? 4 : 2;
    int pos = start + 4;
    for (int area = 0; area < 2; area++) {
      long areaLength = be(data, pos, areaLengthOctets, end);
      pos += areaLengthOctets;
      if (areaLength > end - pos) {
        throw new IOException("malformed OpenPGP packets (a signature subpacket area overruns its packet)");
      }
      checkSubpackets(data, pos, pos + (int) areaLength);
      pos += (int) areaLength;
    }
  }

  private static void checkSubpackets(byte[] data, int start, int end) throws IOException {
    int pos = start;
    while (pos < end) {
      int o1 = byteAt(data, pos, end);
      long length;
      int bodyStart;
      if (o1 < 192) {
        length = o1;
        bodyStart = pos + 1;
      } else if (o1 < 255) {
        length = ((o1 - 192L) << 8) + byteAt(data, pos + 1, end) + 192;
        bodyStart = pos + 2;
      } else {
        length = be(data, pos + 1, 4, end);
        bodyStart = pos + 5;
      }
      if (length < 1 || length > end - bodyStart) {
        throw new IOException("malformed OpenPGP packets (a signature subpacket declares " + length
            + " bytes but " + Math.max(0, end - bodyStart) + " follow)");
      }
      pos = bodyStart + (int) length;
    }
  }

  private static String describe(int tag) {
    return switch (tag) {
      case 5, 7 -> "a secret key";
      case 6, 14 -> "a public key";
      case 13, 17 -> "a user id";
      case 1, 3, 9, 18, 20 -> "an encrypted message";
      default -> "an OpenPGP packet of type " + tag;
    };
  }

  private static int byteAt(byte[] data, int pos) throws IOException {
    return byteAt(data, pos, data.length);
  }

  private static int byteAt(byte[] data, int pos, int end) throws IOException {
    if (pos >= end) {
      throw new IOException("malformed OpenPGP packets (a packet is cut short)");
    }
    return data[pos] & 0xff;
  }

  private static long be(byte[] data, int pos, int octets) throws IOException {
    return be(data, pos, octets, data.length);
  }

  private static long be(byte[] data, int pos, int octets, int end) throws IOException {
    long value = 0;
    for (int i = 0; i < octets; i++) {
      value = (value << 8) | byteAt(data, pos + i, end);
    }
    return value;
  }
}
