/**
 * Maven: reactor and POM reading, resolution through Maven Resolver, a repository layout for offline
 * builds. May import {@code deps} and what {@code deps} may; no other ecosystem.
 */
package io.airgap.archiver.deps.maven;
