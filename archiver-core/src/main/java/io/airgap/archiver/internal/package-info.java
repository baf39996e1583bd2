/**
 * General helpers with no knowledge of archives, Git or stores: digesting and counting streams,
 * the source-read and checksum-mismatch markers, cause-chain walking, atomic files, locks, retry,
 * hex/SHA-256, JSON, default folders, and {@code ChildProcesses}, the one way to start another
 * program (allowlisted environment, scratch folder). A leaf: may import only {@code base},
 * {@code progress} (and {@code steps} if present).
 */
package io.airgap.archiver.internal;
