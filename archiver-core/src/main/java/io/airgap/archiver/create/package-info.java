/**
 * The steps of creating an archive: base resolution for incrementals, bundling, catalog, output
 * sinks and space checks, dry runs. May import {@code lfs}, {@code deps} and every layer below
 * them; not {@code restore}.
 */
package io.airgap.archiver.create;
