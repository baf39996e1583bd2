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

  private Passphrases() {}

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
