/**
 * The content policy: what may cross the gap. The YAML file, the credential rules, the walk over the
 * history a transfer brings, the verdict cache and the findings (with fingerprints, never values).
 * May import {@code archive} and every layer below it; not {@code lfs} or {@code deps}, its neighbours.
 */
package io.airgap.archiver.policy;
