/**
 * The steps of restoring archives: staging, chain planning, deep verification, rollback guard,
 * workspace state, dry runs. May import {@code lfs}, {@code deps} and every layer below them; not
 * {@code create}.
 */
package io.airgap.archiver.restore;
