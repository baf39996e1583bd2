package io.airgap.archiver.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/** Converts between bytes (ASCII-armoured or binary) and Bouncy Castle OpenPGP objects. */
final class OpenPgpData {
  private static final String BEGIN = "-----BEGIN PGP ";
  private static final String END = "-----END PGP ";

  private OpenPgpData() {}

  /**
   * Parses every OpenPGP object in {@code input}, which is binary packets or one or more armour blocks (as when
   * several exported keys are concatenated). Throws IOException whose message says, in a few words, what is wrong.
   */
  static List<Object> read(byte[] input) throws IOException {
    return read(input, packets -> { });
  }

  /** Checks each block's packets before they are parsed. */
  interface PacketCheck {
    void check(byte[] packets) throws IOException;
  }

  /** Like {@link #read(byte[])}, with {@code check} run on each block's packets before they are parsed. */
  static List<Object> read(byte[] input, PacketCheck check) throws IOException {
    List<Object> objects = new ArrayList<>();
    for (byte[] packets : dearmor(input)) {
      check.check(packets);
      BcPGPObjectFactory factory = new BcPGPObjectFactory(packets);
      try {
        for (Object object = factory.nextObject(); object != null; object = factory.nextObject()) {
          if (!(object instanceof PGPMarker)) {
            objects.add(object);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Bouncy Castle reports malformed packets with assorted runtime exceptions too; all mean "not valid".
        throw new IOException("malformed OpenPGP packets (" + describe(e) + ")", e);
      }
    }
    if (objects.isEmpty()) {
      throw new IOException("it holds no OpenPGP packets");
    }
    return objects;
  }

  /** ASCII armour without any header lines and with LF line ends, so equal input always gives equal bytes. */
  static byte[] armor(byte[] packets) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
      out.write(packets);
    }
    String text = bytes.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n");
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The key's first user ID, or empty when it has none (or none that is valid UTF-8). */
  static String userId(PGPPublicKey key) {
    java.util.Iterator<String> ids = key.getUserIDs();
    try {
      return ids.hasNext() ? ids.next() : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Upper-case hex fingerprint, as gpg prints it. */
  static String fingerprint(PGPPublicKey key) {
    return fingerprint(key.getFingerprint());
  }

  static String fingerprint(byte[] fingerprint) {
    return Hex.toHexString(fingerprint).toUpperCase(Locale.ROOT);
  }

  /** Upper-case 16-digit hex key ID, for signatures that carry no issuer fingerprint. */
  static String keyId(long keyId) {
    return String.format(Locale.ROOT, "%016X", keyId);
  }

  /** A few words naming what kind of OpenPGP object this is, for error messages. */
  static String describe(Object object) {
    if (object instanceof PGPPublicKeyRing) {
      return "a public key";
    }
    if (object instanceof PGPSecretKeyRing) {
      return "a secret key";
    }
    if (object instanceof PGPSignatureList) {
      return "a signature";
    }
    return "an OpenPGP message (" + object.getClass().getSimpleName() + ")";
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static List<byte[]> dearmor(byte[] input) throws IOException {
    if (input.length == 0) {
      throw new IOException("it is empty");
    }
    // Every binary OpenPGP packet starts with a tag byte whose high bit is set; armour is plain ASCII.
    if ((input[0] & 0x80) != 0) {
      return List.of(input);
    }
    String text = new String(input, StandardCharsets.ISO_8859_1);
    List<byte[]> blocks = new ArrayList<>();
    int from = 0;
    for (int begin = nextBegin(text, 0); begin >= 0; begin = nextBegin(text, from)) {
      int end = text.indexOf(END, begin);
      if (end < 0) {
        throw new IOException("the armour has no END line, so the file is truncated");
      }
      int lineEnd = text.indexOf('\n', end);
      from = lineEnd < 0 ? text.length() : lineEnd + 1;
      blocks.add(dearmorBlock(Arrays.copyOfRange(input, begin, from)));
    }
    if (blocks.isEmpty()) {
      throw new IOException("it is neither ASCII-armoured (no '" + BEGIN + "...' line) nor binary OpenPGP data");
    }
    return blocks;
  }

  private static int nextBegin(String text, int from) {
    for (int at = text.indexOf(BEGIN, from); at >= 0; at = text.indexOf(BEGIN, at + 1)) {
      // Only a line start counts: gpg's revocation certificates are defused with a leading ':'.
      if (at == 0 || text.charAt(at - 1) == '\n') {
        return at;
      }
    }
    return -1;
  }

  private static byte[] dearmorBlock(byte[] block) throws IOException {
    try (ArmoredInputStream in = ArmoredInputStream.builder().build(new ByteArrayInputStream(block))) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new IOException("broken ASCII armour (" + describe(e) + ")", e);
    }
  }
}
