/**
 * Core's public entry points — {@link io.airgap.archiver.api.Archiver} and its single-use commands
 * (create, verify, restore, inspect, keygen, transfer) with their results. The top layer: may
 * import every other package; none imports it.
 */
package io.airgap.archiver.api;
