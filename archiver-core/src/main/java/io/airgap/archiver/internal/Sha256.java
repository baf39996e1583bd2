package io.airgap.archiver.internal;

import io.airgap.archiver.base.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** SHA-256 helpers; every JVM has the algorithm, so its absence is a programming error. */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String of(byte[] data) {
    return Hex.encode(newDigest().digest(data));
  }

  /** The SHA-256 of a file, read once. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  public static String hex(byte[] digest) {
    return Hex.encode(digest);
  }

  /** Whether {@code value} is a SHA-256 in lower hex. */
  public static boolean isHex(String value) {
    return Hex.isSha256(value);
  }

  /**
   * Normalises an expected SHA-256 given by a caller: {@code null} stays {@code null}, upper case
   * is accepted, anything else that is not 64 hex digits is refused.
   */
  public static String normalizeExpected(String value) throws InvalidRequestException {
    if (value == null) {
      return null;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (!isHex(lower)) {
      throw new InvalidRequestException("expected SHA-256 '" + value + "' is not 64 hexadecimal digits");
    }
    return lower;
  }
}
