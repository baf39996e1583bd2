package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.steps.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --require-policy}: every given archive must record that it passed that policy when it was
 * created. Checked before anything is applied, on every given archive (also those a workspace
 * already applied), so a refused archive cannot slip through on a second run.
 */
final class RequiredPolicyStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Requiring content policy " + c.options.requiredPolicy();
  }

  @Override
  public boolean enabled(RestoreContext c) {
    return c.options.requiredPolicy() != null;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    String required = c.options.requiredPolicy().toLowerCase(Locale.ROOT);
    List<String> refused = new ArrayList<>();
    for (ArchiveHeader h : c.options.archives()) {
      Manifest.PolicyPassed passed = h.manifest().policy();
      if (passed == null || !required.equals(passed.sha256())) {
        refused.add("policy-required: " + h.input().name() + " passed "
            + (passed == null ? "no content policy" : "policy " + passed.sha256()) + ", not " + required);
      }
    }
    if (!refused.isEmpty()) {
      throw new PolicyViolationException("restore requires content policy " + required + " (nothing was applied or"
          + " pushed):\n  " + String.join("\n  ", refused) + "\nCreate the archive again with --policy and that"
          + " policy file", refused);
    }
  }
}
