package io.airgap.archiver.policy;

import io.airgap.archiver.manifest.Dependency;
import io.airgap.archiver.manifest.LicenseExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code deny-licenses} and {@code allow-licenses} over the manifest's dependency records, so create
 * and restore (and review) judge the same {@code license} fields and give the same fingerprints. An
 * expression offering a choice passes when one choice avoids every denied licence (and, with an allow
 * list, uses allowed ones only).
 */
final class LicenseRules {
  private LicenseRules() {}

  /** One finding per new package (its files share a licence), named by its first file's path. */
  static List<Finding> check(Policy policy, List<Dependency> records) {
    Set<String> denied = canonical(policy.denyLicenses());
    Set<String> allowed = canonical(policy.allowLicenses());
    Map<String, Dependency> packages = new LinkedHashMap<>();
    records.stream()
        .filter(d -> !d.isMissing() && !Boolean.TRUE.equals(d.inBase()) && d.path() != null)
        .sorted(java.util.Comparator.comparing(Dependency::path))
        .forEach(d -> packages.merge(d.packageId(), d, (a, b) -> a.license() != null ? a : b));
    List<Finding> findings = new ArrayList<>();
    for (Dependency d : packages.values()) {
      String subject = d.packageId();
      LicenseExpression license = LicenseExpression.parseOrNull(d.license());
      String shown = license == null ? "no licence found" : "licence " + license;
      if (license != null && !denied.isEmpty() && !license.satisfiable(id -> !denied.contains(id))) {
        findings.add(new Finding("deny-licenses", d.path(), null, null, subject, subject + " has " + shown));
      } else if (!allowed.isEmpty() && (license == null
          || !license.satisfiable(id -> allowed.contains(id) && !denied.contains(id)))) {
        findings.add(new Finding("allow-licenses", d.path(), null, null, subject, subject + " has " + shown
            + ", not in allow-licenses"));
      }
    }
    return findings;
  }

  /** The policy's ids (already lower case) with deprecated GNU ids as their SPDX forms, as the manifest has them. */
  private static Set<String> canonical(Set<String> ids) {
    return ids.stream().map(LicenseExpression::canonicalId).collect(Collectors.toUnmodifiableSet());
  }
}
