/**
 * Go modules: go.sum, the module proxy protocol and the module download cache layout. May import
 * {@code deps} and what {@code deps} may; no other ecosystem.
 */
package io.airgap.archiver.deps.go;
