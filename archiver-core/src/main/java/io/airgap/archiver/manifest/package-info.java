/**
 * The archive's metadata: manifest.json (model, codec, rules), SHA256SUMS and the entry-name rules.
 * May import {@code signing}, {@code git}, {@code storage} and the layers below them.
 */
package io.airgap.archiver.manifest;
