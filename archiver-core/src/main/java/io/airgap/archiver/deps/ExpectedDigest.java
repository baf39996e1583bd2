package io.airgap.archiver.deps;

import io.airgap.archiver.internal.Hex;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** A checksum an artifact must have, as the lock file or registry declared it. */
public record ExpectedDigest(String algorithm, String hex, String declared) {

  /** A SHA-256 given in hex ({@code sha256:…} prefixes are accepted). */
  public static ExpectedDigest sha256(String hex) {
    String h = hex.toLowerCase(Locale.ROOT).replaceFirst("^sha256[:=]", "");
    return new ExpectedDigest("SHA-256", h, "sha256:" + h);
  }

  public static ExpectedDigest ofHex(String algorithm, String hex) {
    return new ExpectedDigest(algorithm, hex.toLowerCase(Locale.ROOT), algorithm.toLowerCase(Locale.ROOT) + ":" + hex);
  }

  /**
   * The digests of a Subresource Integrity string ({@code sha512-<base64> sha1-<base64>}); unknown
   * algorithms are ignored, so an empty list means nothing could be checked.
   */
  public static List<ExpectedDigest> ofIntegrity(String sri) {
    List<ExpectedDigest> out = new ArrayList<>();
    if (sri == null) {
      return out;
    }
    for (String part : sri.trim().split("\\s+")) {
      int dash = part.indexOf('-');
      if (dash <= 0) {
        continue;
      }
      String algorithm = switch (part.substring(0, dash).toLowerCase(Locale.ROOT)) {
        case "sha1" -> "SHA-1";
        case "sha256" -> "SHA-256";
        case "sha384" -> "SHA-384";
        case "sha512" -> "SHA-512";
        default -> null;
      };
      if (algorithm == null) {
        continue;
      }
      String b64 = part.substring(dash + 1).replaceFirst("\\?.*$", "");
      try {
        out.add(new ExpectedDigest(algorithm, Hex.encode(Base64.getDecoder().decode(b64)), part));
      } catch (IllegalArgumentException e) {
        // a malformed entry checks nothing; the caller refuses when none is left
      }
    }
    return out;
  }
}
