package io.airgap.archiver.git;

/**
 * Git's rules for ref names ({@code git check-ref-format}), plus this tool's: every archived ref
 * lives under {@code refs/}, and no component starts with '-' (it would read as an option to the
 * git commands the restore scripts run).
 */
public final class RefNames {
  static final int MAX_LENGTH = 4096;

  private RefNames() {}

  /** Why {@code name} is not a valid ref name, phrased to follow "it", or null if it is valid. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (!name.startsWith("refs/")) {
      return "is not under refs/";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
      if (" ~^:?*[\\".indexOf(c) >= 0) {
        return "contains '" + c + "'";
      }
    }
    if (name.contains("..")) {
      return "contains '..'";
    }
    if (name.contains("@{")) {
      return "contains '@{'";
    }
    if (name.endsWith("/") || name.contains("//")) {
      return "has an empty component";
    }
    if (name.endsWith(".")) {
      return "ends with '.'";
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".")) {
        return "has a component starting with '.'";
      }
      if (component.startsWith("-")) {
        return "has a component starting with '-'";
      }
      if (component.endsWith(".lock")) {
        return "has a component ending with '.lock'";
      }
    }
    return null;
  }
}
