/** Publishing a vendored GOPROXY tree to a static web server by HTTP PUT. */
package io.airgap.archiver.publish.go;
