package io.airgap.archiver.publish;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.TerminalText;
import java.util.regex.Pattern;

/**
 * The one strict way a vendored file's name becomes a path in a registry URL: each segment must be
 * made of letters, digits and {@code . _ - + ~ @ !} (Go escapes capitals as {@code !x}), and must not be {@code .} or {@code ..}, so a
 * name can neither leave the registry's base path nor smuggle a query, a fragment or an escape.
 */
public final class RegistryPaths {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+~@!-]{1,255}");

  private RegistryPaths() {}

  /** {@code relative} (segments separated by {@code /}) checked, fit to resolve against a base URL. */
  public static String of(String relative) throws OperationFailedException {
    String[] segments = relative.split("/", -1);
    for (String s : segments) {
      segment(s, relative);
    }
    return relative;
  }

  /** One segment, checked. */
  public static String segment(String segment, String whole) throws OperationFailedException {
    if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
      throw new OperationFailedException("cannot publish '" + TerminalText.line(whole) + "': a name in a registry URL"
          + " may hold only letters, digits and . _ - + ~ @ ! between slashes");
    }
    return segment;
  }
}
