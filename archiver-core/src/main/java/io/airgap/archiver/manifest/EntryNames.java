package io.airgap.archiver.manifest;

/** The format's rule for entry names: relative, normalised, printable, at most 1024 characters. */
public final class EntryNames {
  static final int MAX_LENGTH = 1024;

  private EntryNames() {}

  /** Why {@code name} is not a safe entry name, phrased to follow "has", or null if it is safe. */
  public static String problem(String name) {
    if (name.isEmpty()) {
      return "an empty name";
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return "an absolute path";
    }
    if (name.contains("\\")) {
      return "a backslash";
    }
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "control characters";
    }
    if (name.length() > MAX_LENGTH) {
      return "an overlong name (" + name.length() + " characters, at most " + MAX_LENGTH + ")";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        return "a '..' segment that escapes the extraction folder";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "an empty or '.' path segment";
      }
    }
    return null;
  }

  /** The name quoted for a message: control characters escaped, cut after 200 characters. */
  public static String printable(String name) {
    StringBuilder sb = new StringBuilder("\"");
    name.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.append(name.codePointCount(0, name.length()) > 200 ? "...\"" : "\"").toString();
  }
}
