package io.airgap.archiver.policy;

import io.airgap.archiver.internal.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * One policy finding: which rule, where (path, commit, the ref that reaches it), and a fingerprint
 * a reviewer can put in the policy's {@code allow} list. It never holds the matched value.
 *
 * @param subject the blob id, LFS oid or dependency the finding is about (the fingerprint's input)
 * @param detail a short, value-free explanation (a size, a licence)
 */
public record Finding(String rule, String path, String commit, String ref, String subject, String detail) {

  /** SHA-256 of rule, subject and path: stable across runs and archives, and reveals nothing of a secret. */
  public String fingerprint() {
    return Sha256.of((rule + "\0" + subject + "\0" + (path == null ? "" : path)).getBytes(StandardCharsets.UTF_8));
  }

  /** One line for messages and logs. */
  public String describe() {
    StringBuilder line = new StringBuilder(rule);
    if (path != null) {
      line.append(" at ").append(path);
    }
    if (commit != null) {
      line.append(" in commit ").append(commit, 0, Math.min(12, commit.length()));
    }
    if (ref != null) {
      line.append(" (reached from ").append(ref).append(')');
    }
    if (detail != null) {
      line.append(": ").append(detail);
    }
    return line.append(" [fingerprint ").append(fingerprint()).append(']').toString();
  }
}
