/**
 * npm: package-lock.json and registry tarballs usable by {@code npm ci --offline}. May import
 * {@code deps} and what {@code deps} may; no other ecosystem.
 */
package io.airgap.archiver.deps.npm;
