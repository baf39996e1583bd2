package io.airgap.archiver.signing;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * OpenPGP cleartext-signed text (RFC 4880 section 7), as {@code gpg --clearsign} writes it and stock
 * {@code gpg --verify} checks it: the readable text, then an armoured canonical-text signature over it. Approvals and
 * receipts are such files, so a person reads them and stock tools verify them.
 *
 * <p>Reading is strict, because the text is trusted only as far as the signature covers it: exactly one signed
 * message, nothing before or after it but blank lines, known hash headers only, and the text returned is exactly the
 * text that was signed.
 */
public final class ClearSignedText {
  /** Approvals and receipts are a few KiB; far larger input is refused before any parsing. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  private static final Set<String> HASHES = Set.of("SHA256", "SHA384", "SHA512");

  private ClearSignedText() {}

  /** What a verified file says, and who signed it when. */
  public record Verified(String text, SignatureCheck signature) {}

  /**
   * Signs {@code text} (UTF-8; line ends may be LF or CRLF, trailing spaces on a line are dropped, as the framework
   * requires) and returns the whole cleartext-signed file, LF line ends, ending in a newline.
   */
  public static byte[] sign(ArchiveSigner signer, String text, Instant signatureTime)
      throws OperationFailedException {
    Objects.requireNonNull(text, "text");
    List<String> lines = lines(text);
    StringBuilder out = new StringBuilder()
        .append(BEGIN_MESSAGE).append('\n')
        .append("Hash: ").append(signer.hashName()).append("\n\n");
    for (String line : lines) {
      out.append(line.startsWith("-") ? "- " + line : line).append('\n');
    }
    byte[] signature = signer.signText(canonical(lines), signatureTime);
    out.append(new String(signature, StandardCharsets.US_ASCII));
    if (out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks a cleartext-signed file against {@code trusted} and returns the signed text (LF line ends, no final
   * newline). {@code name} names the file in every message. Anything that is not one well-formed signed message by a
   * trusted, valid key is an {@link UntrustedArchiveException}.
   */
  public static Verified verify(byte[] file, TrustedKeys trusted, String name) throws UntrustedArchiveException {
    Parsed parsed = parse(file, name);
    SignatureCheck check = SignatureVerifier.verify(canonical(parsed.lines()),
        parsed.signature().getBytes(StandardCharsets.US_ASCII), trusted, name, "its text");
    return new Verified(String.join("\n", parsed.lines()), check);
  }

  /**
   * The text of a well-formed cleartext-signed file WITHOUT checking its signature: only for showing what a file
   * claims when no keys were given to check it, and the caller must say so.
   */
  public static String unverifiedText(byte[] file, String name) throws UntrustedArchiveException {
    return String.join("\n", parse(file, name).lines());
  }

  /** The signed lines (dash-escapes removed, trailing whitespace dropped) and the armoured signature block. */
  private record Parsed(List<String> lines, String signature) {}

  private static Parsed parse(byte[] file, String name) throws UntrustedArchiveException {
    Objects.requireNonNull(file, "file");
    if (file.length > MAX_BYTES) {
      throw new UntrustedArchiveException(name + " is larger than 4 MiB, so it is not an approval or a receipt");
    }
    String content = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    List<String> all = List.of(content.split("\n", -1));
    int at = 0;
    while (at < all.size() && all.get(at).isBlank()) {
      at++;
    }
    if (at >= all.size() || !all.get(at).equals(BEGIN_MESSAGE)) {
      throw malformed(name, "it does not start with " + BEGIN_MESSAGE);
    }
    at++;
    boolean hashSeen = false;
    for (; at < all.size() && !all.get(at).isEmpty(); at++) {
      String header = all.get(at);
      if (!header.startsWith("Hash: ")) {
        throw malformed(name, "its armour header \"" + printable(header) + "\" is not a Hash header");
      }
      for (String hash : header.substring("Hash: ".length()).split(",")) {
        if (!HASHES.contains(hash.trim())) {
          throw malformed(name, "it names hash \"" + printable(hash.trim())
              + "\"; only SHA256, SHA384 and SHA512 are accepted");
        }
      }
      hashSeen = true;
    }
    if (!hashSeen || at >= all.size()) {
      throw malformed(name, "its Hash header or the blank line after it is missing");
    }
    at++;
    List<String> text = new ArrayList<>();
    for (; at < all.size() && !all.get(at).equals(BEGIN_SIGNATURE); at++) {
      String line = all.get(at);
      if (line.startsWith("- ")) {
        text.add(stripTrailing(line.substring(2)));
      } else if (line.startsWith("-")) {
        throw malformed(name, "its text holds a line starting with \"-\" that is not dash-escaped");
      } else {
        text.add(stripTrailing(line));
      }
    }
    if (at >= all.size()) {
      throw malformed(name, "it has no " + BEGIN_SIGNATURE + " block");
    }
    StringBuilder signature = new StringBuilder();
    boolean ended = false;
    for (; at < all.size(); at++) {
      String line = all.get(at);
      if (ended) {
        if (!line.isBlank()) {
          throw malformed(name, "something follows its signature block");
        }
        continue;
      }
      signature.append(line).append('\n');
      ended = line.equals("-----END PGP SIGNATURE-----");
    }
    if (!ended) {
      throw malformed(name, "its signature block is not closed");
    }
    return new Parsed(List.copyOf(text), signature.toString());
  }

  private static List<String> lines(String text) {
    String normal = text.replace("\r\n", "\n");
    if (normal.endsWith("\n")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    return List.of(normal.split("\n", -1)).stream().map(ClearSignedText::stripTrailing).toList();
  }

  /** RFC 4880 7.1: CRLF between lines, trailing spaces and tabs removed, no line end after the last line. */
  private static byte[] canonical(List<String> lines) {
    return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    return line.substring(0, end);
  }

  private static String printable(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }

  private static UntrustedArchiveException malformed(String name, String detail) {
    return new UntrustedArchiveException(name + " is not a cleartext-signed OpenPGP message: " + detail);
  }
}
