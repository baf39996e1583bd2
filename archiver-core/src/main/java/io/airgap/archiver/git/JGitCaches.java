package io.airgap.archiver.git;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * Sizes JGit's process-wide caches of pack data and delta bases to the heap. Its defaults (10 MB
 * each) suit an IDE; walking every tree of a large history — unbundling's connectivity check, then
 * the push's object count — re-inflates the same delta chains again and again with them.
 */
public final class JGitCaches {
  private static final long MB = 1024 * 1024;
  private static boolean configured;

  private JGitCaches() {}

  /** Once per process: a quarter of the heap (at most 256 MB) for pack windows, an eighth for delta bases. */
  public static synchronized void sizeToHeap() {
    if (configured) {
      return;
    }
    long heap = Runtime.getRuntime().maxMemory();
    WindowCacheConfig config = new WindowCacheConfig();
    config.setPackedGitLimit(Math.max(10 * MB, Math.min(256 * MB, heap / 4)));
    config.setDeltaBaseCacheLimit((int) Math.max(10 * MB, Math.min(128 * MB, heap / 8)));
    config.install();
    configured = true;
  }
}
