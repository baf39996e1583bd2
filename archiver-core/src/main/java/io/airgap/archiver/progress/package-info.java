/**
 * Events and the listener through which core reports what it does — steps, progress, messages —
 * because core never prints; the caller renders them. May import only {@code base}.
 */
package io.airgap.archiver.progress;
