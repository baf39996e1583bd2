/** Publishing a vendored wheelhouse as a PEP 503 simple index tree by HTTP PUT. */
package io.airgap.archiver.publish.python;
