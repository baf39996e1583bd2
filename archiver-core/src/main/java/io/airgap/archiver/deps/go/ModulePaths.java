package io.airgap.archiver.deps.go;

/**
 * Module paths and versions as the GOPROXY protocol and the module cache spell them: each upper-case
 * letter becomes {@code !} and its lower case, so the tree works on case-insensitive file systems.
 */
final class ModulePaths {
  private ModulePaths() {}

  static String escape(String modulePath) {
    if (!modulePath.matches("[A-Za-z0-9._~+/-]+") || modulePath.startsWith("/") || modulePath.endsWith("/")
        || modulePath.contains("//") || modulePath.matches("(^|.*/)\\.{1,2}(/.*|$)")) {
      throw new IllegalArgumentException("'" + modulePath + "' is not a valid module path");
    }
    return bang(modulePath);
  }

  static String escapeVersion(String version) {
    if (!version.matches("[A-Za-z0-9._+-]+") || version.startsWith(".")) {
      throw new IllegalArgumentException("'" + version + "' is not a valid module version");
    }
    return bang(version);
  }

  private static String bang(String s) {
    StringBuilder out = new StringBuilder(s.length() + 4);
    for (char c : s.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        out.append('!').append((char) (c + ('a' - 'A')));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
