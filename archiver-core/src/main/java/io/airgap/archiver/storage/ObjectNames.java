package io.airgap.archiver.storage;

import io.airgap.archiver.base.InvalidRequestException;

/**
 * The one rule for object names, shared by every backend so that a name valid in one is valid in
 * all.
 */
public final class ObjectNames {
  // 255 bytes is the file-name limit of ext4, FAT32 (LFN) and exFAT alike.
  private static final int MAX_LENGTH = 255;

  private ObjectNames() {}

  /**
   * Accepts a plain file name: not empty, no '/' or '\', not '.' or '..', not hidden (leading '.',
   * which stores use for their temporary files), no control characters.
   *
   * @return the name
   */
  public static String requirePlainName(String name) throws InvalidRequestException {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("an object name must not be empty");
    }
    String problem = problem(name);
    if (problem != null) {
      throw new InvalidRequestException(
          ("invalid object name '%s': %s; use a plain file name such as"
                  + " 'myrepo-full-20260101T000000Z.tar.gz'")
              .formatted(printable(name), problem));
    }
    return name;
  }

  private static String problem(String name) {
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "it must not contain '/' or '\\'";
    }
    if (name.startsWith(".")) {
      return "it must not start with '.' (hidden names are reserved for temporary files)";
    }
    if (name.length() > MAX_LENGTH) {
      return "it is longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "it contains a control character";
      }
    }
    return null;
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    name.codePoints()
        .limit(MAX_LENGTH)
        .forEach(c -> sb.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
    return sb.toString();
  }
}
