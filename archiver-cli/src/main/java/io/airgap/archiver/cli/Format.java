package io.airgap.archiver.cli;

import io.airgap.archiver.base.ByteSize;
import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations. */
final class Format {
  private Format() {}

  /** A size for people, by the one rule the whole tool uses ({@link ByteSize#format}): "812 bytes", "3.5 KiB". */
  static String bytes(long n) {
    return ByteSize.format(n);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
