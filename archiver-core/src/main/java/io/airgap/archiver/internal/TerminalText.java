package io.airgap.archiver.internal;

/**
 * Text from a repository, a forge or a server (commit subjects, ref and file names, server
 * messages, descriptions) made safe to show in a terminal, a log line or a chat message: every
 * control character — C0 (ESC, CR, BEL, …), DEL, C1 (U+0080–U+009F) and the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C) — is
 * replaced by a visible escape, so a subject cannot erase or rewrite the lines around it and the
 * reviewer sees that it tried. The escapes are JSON's ({@code \r}, {@code \b}, {@code \f},
 * otherwise {@code \}{@code u001b}): applied to a JSON document, the result is still valid JSON
 * meaning the same data.
 */
public final class TerminalText {
  private TerminalText() {}

  /** One line: newlines and tabs are escaped too, so the text cannot start a line of its own. */
  public static String line(String text) {
    return escape(text, false);
  }

  /** Text that may span lines: newlines and tabs stay, every other control character is escaped. */
  public static String text(String text) {
    return escape(text, true);
  }

  /** Whether {@code c} is shown escaped (newline and tab are, in {@link #line} only). */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e || c == 0x200f || c == 0x061c;
  }

  private static String escape(String text, boolean keepLines) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text, keepLines);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c) || (keepLines && (c == '\n' || c == '\t'))) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text, boolean keepLines) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) && !(keepLines && (c == '\n' || c == '\t'))) {
        return i;
      }
    }
    return -1;
  }
}
