/**
 * Python: requirements files and lock files, PEP 503 simple indexes, a wheelhouse. May import
 * {@code deps} and what {@code deps} may; no other ecosystem.
 */
package io.airgap.archiver.deps.python;
