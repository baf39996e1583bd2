package io.airgap.archiver.base;

import java.util.List;

/** What would cross the gap breaks the content policy; nothing was written or pushed (exit 5). */
public class PolicyViolationException extends ArchiverException {
  private static final long serialVersionUID = 1L;
  private final List<String> findings;

  /** @param findings one line per finding: rule, path, commit, ref, fingerprint; never a secret's value */
  public PolicyViolationException(String message, List<String> findings) {
    super(message);
    this.findings = List.copyOf(findings);
  }

  public List<String> findings() {
    return findings;
  }
}
