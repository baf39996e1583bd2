/**
 * The bottom layer: the checked exception root {@link io.airgap.archiver.base.ArchiverException}
 * and the kinds the CLI maps to exit codes (invalid request, operation failed, untrusted archive,
 * ref conflict), plus small value types every layer shares ({@code ByteSize}). New exception types
 * extend these. Imports no other package of the project.
 */
package io.airgap.archiver.base;
