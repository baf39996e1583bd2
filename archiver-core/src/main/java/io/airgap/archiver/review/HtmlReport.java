package io.airgap.archiver.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link Review} as one self-contained HTML page (inline CSS and script, no external
 * asset, so it opens on an offline machine). The data goes in as JSON with every character that
 * could end the script element escaped; the script only ever sets text, never markup.
 */
public final class HtmlReport {
  private static final String TEMPLATE = "review.html";
  private static final String PLACEHOLDER = "/*REVIEW_DATA*/";

  private HtmlReport() {}

  public static String render(Review review) throws OperationFailedException {
    String template;
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new OperationFailedException("the review page template is missing from the build: " + e, e);
    }
    try {
      return template.replace(PLACEHOLDER, scriptSafe(Json.mapper().writeValueAsString(review)));
    } catch (JsonProcessingException e) {
      throw new OperationFailedException("could not encode the review: " + e.getMessage(), e);
    }
  }

  /** JSON that cannot close its {@code <script>} element or open a comment: {@code < > &} and line separators escaped. */
  static String scriptSafe(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      switch (ch) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
