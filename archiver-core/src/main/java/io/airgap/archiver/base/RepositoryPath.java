package io.airgap.archiver.base;

import java.util.List;
import java.util.Locale;

/**
 * A repository name ({@code app}) or forge path ({@code group/sub/app}) that is safe as URL path
 * segments, a folder name and a forge API argument: the one gate through which a manifest's
 * {@code source.name} / {@code forge.path} and a forge's answer reach a target URL, a folder or an API
 * call, so the repository created and the repository pushed to are built from this same string.
 *
 * <p>Only letters, digits, {@code .}, {@code _} and {@code -} pass, in {@code /}-separated segments
 * (a name is one segment); no segment is empty, {@code .}, {@code ..} or {@code .git}, or starts with
 * {@code -}. Nothing is decoded: a {@code %} is refused, so no later decoder (JGit's file URLs,
 * {@code URI.getPath}, a forge) can turn a value into {@code /}, {@code ..} or NUL however many times
 * it decodes; {@code #}, {@code ?}, {@code @}, {@code :}, {@code \}, whitespace and control
 * characters cannot split a URL or a message either.
 */
public final class RepositoryPath implements Comparable<RepositoryPath> {
  /** GitLab's limit for a path segment, and most file systems' for a file name. */
  public static final int MAX_SEGMENT_LENGTH = 255;
  public static final int MAX_LENGTH = 512;
  /** GitLab nests groups at most 20 deep. */
  public static final int MAX_SEGMENTS = 21;
  /** What passes, for messages. */
  public static final String ALLOWED = "letters, digits, '.', '_' and '-' in segments separated by '/' (a name is"
      + " one segment); no segment empty, '.', '..' or '.git', or starting with '-'; at most " + MAX_SEGMENT_LENGTH
      + " characters a segment, " + MAX_LENGTH + " in all";

  private final String value;

  private RepositoryPath(String value) {
    this.value = value;
  }

  /**
   * Why {@code value} is not a repository path (or with {@code nested} false, not a one-segment name),
   * phrased to follow "it has", or null if it is one.
   */
  public static String problem(String value, boolean nested) {
    if (value == null || value.isEmpty()) {
      return "no characters";
    }
    if (value.length() > MAX_LENGTH) {
      return value.length() + " characters (at most " + MAX_LENGTH + ")";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' && !nested) {
        return "a '/' (a name is one segment)";
      }
      if (c != '/' && !isAllowed(c)) {
        return "the character " + quoted(String.valueOf(c), '\'');
      }
    }
    List<String> segments = List.of(value.split("/", -1));
    if (segments.size() > MAX_SEGMENTS) {
      return segments.size() + " segments (at most " + MAX_SEGMENTS + ")";
    }
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return "an empty segment";
      }
      if (segment.equals(".") || segment.equals("..") || segment.toLowerCase(Locale.ROOT).equals(".git")) {
        return "the segment '" + segment + "'";
      }
      if (segment.startsWith("-")) {
        return "a segment starting with '-'";
      }
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        return "a segment of " + segment.length() + " characters (at most " + MAX_SEGMENT_LENGTH + ")";
      }
    }
    return null;
  }

  private static boolean isAllowed(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
  }

  /** A name or path a signed manifest carries: refused as an untrustworthy archive (exit 3). */
  public static RepositoryPath fromManifest(String field, String value, boolean nested) throws UntrustedArchiveException {
    String problem = problem(value, nested);
    if (problem != null) {
      throw new UntrustedArchiveException("manifest.json's " + field + " " + printable(value) + " is not a "
          + (nested ? "forge path" : "repository name") + ": it has " + problem + ". Allowed: " + ALLOWED);
    }
    return new RepositoryPath(value);
  }

  /** A path a forge's API answered ({@code who}: "the GitLab API"): refused as a failed operation (exit 1). */
  public static RepositoryPath fromForge(String who, String value) throws OperationFailedException {
    String problem = problem(value, true);
    if (problem != null) {
      throw new OperationFailedException(who + " answered the repository path " + printable(value) + ", which is"
          + " not a forge path: it has " + problem + "; nothing was archived, synced or created. Allowed: " + ALLOWED
          + ". Check the forge (a compromised or misconfigured forge can answer anything)");
    }
    return new RepositoryPath(value);
  }

  /** A name or path the operator gave ({@code what}: "the mirror name"): refused as a usage error (exit 2). */
  public static RepositoryPath of(String what, String value, boolean nested) throws InvalidRequestException {
    String problem = problem(value, nested);
    if (problem != null) {
      throw new InvalidRequestException(what + " " + printable(value) + " is not a "
          + (nested ? "forge path" : "repository name") + ": it has " + problem + ". Allowed: " + ALLOWED);
    }
    return new RepositoryPath(value);
  }

  /** A value for messages: in double quotes, control and non-ASCII characters escaped, long ones cut. */
  public static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    boolean cut = value.length() > 200;
    return '"' + escaped(cut ? value.substring(0, 200) : value, '"') + (cut ? "...\"" : "\"");
  }

  private static String quoted(String text, char quote) {
    return quote + escaped(text, quote) + quote;
  }

  private static String escaped(String text, char quote) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The whole path, e.g. {@code group/sub/app}. */
  public String value() {
    return value;
  }

  /** The last segment. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /** Everything before the last segment; empty for a one-segment path. */
  public String group() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? "" : value.substring(0, slash);
  }

  @Override
  public int compareTo(RepositoryPath other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepositoryPath p && p.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
