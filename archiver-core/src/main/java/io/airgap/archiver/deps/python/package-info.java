/**
 * Python: requirements files and lock files, PEP 503 simple indexes, a wheelhouse; pip resolves
 * ranges from wheels only, given plain requirements, through {@code internal.ChildProcesses}. May import
 * {@code deps} and what {@code deps} may; no other ecosystem.
 */
package io.airgap.archiver.deps.python;
