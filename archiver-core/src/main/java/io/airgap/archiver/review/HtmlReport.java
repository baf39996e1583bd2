package io.airgap.archiver.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Renders a {@link Review} as one self-contained HTML page (inline CSS and script, no external
 * asset, so it opens on an offline machine). The data goes in as JSON with every character that
 * could end the script element escaped, and every character outside printable ASCII written as a
 * JSON escape (so no bidi override or control character is in the file at all); the script only
 * ever sets text, never markup, and shows hidden characters as visible marks. The page's
 * Content-Security-Policy allows exactly its own style and script (by their SHA-256): no other
 * inline script or style, no handler attribute, nothing fetched.
 */
public final class HtmlReport {
  private static final String TEMPLATE = "review.html";
  private static final String PLACEHOLDER = "/*REVIEW_DATA*/";
  private static final String CSP_PLACEHOLDER = "CSP_POLICY";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private HtmlReport() {}

  public static String render(Review review) throws OperationFailedException {
    String template;
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new OperationFailedException("the review page template is missing from the build: " + e, e);
    }
    String csp = "default-src 'none'; style-src '" + hashOf(template, "<style>", "</style>") + "'; script-src '"
        + hashOf(template, "<script>", "</script>") + "'; img-src data:; base-uri 'none'; form-action 'none'";
    try {
      return template.replace(CSP_PLACEHOLDER, csp)
          .replace(PLACEHOLDER, scriptSafe(Json.mapper().writeValueAsString(review)));
    } catch (JsonProcessingException e) {
      throw new OperationFailedException("could not encode the review: " + e.getMessage(), e);
    }
  }

  /** The CSP source for the one inline element opened by {@code open} (exactly, no attribute) in the template. */
  static String hashOf(String template, String open, String close) throws OperationFailedException {
    int start = template.indexOf(open);
    int end = start < 0 ? -1 : template.indexOf(close, start);
    if (start < 0 || end < 0 || template.indexOf(open, end) >= 0) {
      throw new OperationFailedException("the review page template must hold exactly one " + open + " element");
    }
    String content = template.substring(start + open.length(), end);
    byte[] digest = Sha256.newDigest().digest(content.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }

  /** JSON that cannot close its {@code <script>} element or open a comment ({@code < > &} escaped), all ASCII. */
  static String scriptSafe(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      switch (ch) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        default -> {
          if (ch < 0x20 || ch > 0x7e) {
            // only inside strings: compact JSON has no other non-ASCII character or control
            out.append("\\u").append(HEX[(ch >> 12) & 15]).append(HEX[(ch >> 8) & 15]).append(HEX[(ch >> 4) & 15])
                .append(HEX[ch & 15]);
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }
}
