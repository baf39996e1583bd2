package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a key passphrase from a file or {@code ARCHIVER_KEY_PASSPHRASE}; never from argv. */
final class Passphrases {
  static final String VARIABLE = "ARCHIVER_KEY_PASSPHRASE";
  /** The receipt key's own passphrase, for a receipt key kept apart from other keys; else {@link #VARIABLE}. */
  static final String RECEIPT_VARIABLE = "ARCHIVER_RECEIPT_KEY_PASSPHRASE";

  private Passphrases() {}

  /** The receipt key's passphrase: {@code ARCHIVER_RECEIPT_KEY_PASSPHRASE}, else {@code ARCHIVER_KEY_PASSPHRASE}. */
  static char[] forReceipts(Map<String, String> env) {
    String value = env.get(RECEIPT_VARIABLE);
    if (value == null || value.isEmpty()) {
      value = env.get(VARIABLE);
    }
    return value == null || value.isEmpty() ? null : value.toCharArray();
  }

  static char[] read(Path file, Map<String, String> env) throws InvalidRequestException {
    if (file != null) {
      try {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int nl = content.indexOf('\n');
        String line = nl < 0 ? content : content.substring(0, nl);
        return line.replaceAll("\r$", "").toCharArray();
      } catch (IOException e) {
        throw new InvalidRequestException("cannot read the passphrase file " + file + ": " + e.getMessage());
      }
    }
    String value = env.get(VARIABLE);
    return value == null || value.isEmpty() ? null : value.toCharArray();
  }
}
