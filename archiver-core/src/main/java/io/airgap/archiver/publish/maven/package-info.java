/** Publishing a vendored Maven repository tree by HTTP PUT, as {@code mvn deploy} does. */
package io.airgap.archiver.publish.maven;
