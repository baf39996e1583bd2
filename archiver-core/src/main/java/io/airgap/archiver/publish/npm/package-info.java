/** Publishing vendored npm tarballs through the registry's publish API, as {@code npm publish} does. */
package io.airgap.archiver.publish.npm;
