package io.airgap.archiver.archive;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.ByteSize;
import java.util.Map;

/**
 * How far an archive may expand when it is decompressed. {@code SHA256SUMS} lists names, not sizes,
 * so a gzip bomb is stopped by these ceilings: {@code maxBytes} in all, and, once more than
 * {@code ratioFloor} bytes came out, no more than {@code maxRatio} times the compressed bytes read
 * so far (0 turns the ratio off). Real archives are mostly git packs and compressed files and
 * expand a few times at most; deflate can reach about 1000.
 */
public record ArchiveLimits(long maxBytes, long maxRatio, long ratioFloor) {
  public static final String MAX_EXPANSION = "ARCHIVER_MAX_EXPANSION";
  public static final String MAX_EXPANSION_RATIO = "ARCHIVER_MAX_EXPANSION_RATIO";

  public static final long DEFAULT_MAX_BYTES = 1L << 40;
  public static final long DEFAULT_MAX_RATIO = 100;
  public static final long DEFAULT_RATIO_FLOOR = 64L << 20;

  public static final ArchiveLimits DEFAULT =
      new ArchiveLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_RATIO, DEFAULT_RATIO_FLOOR);

  public ArchiveLimits {
    if (maxBytes <= 0 || maxRatio < 0 || ratioFloor < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * Reads {@code ARCHIVER_MAX_EXPANSION} (a size such as {@code 2T} or {@code 500G}) and
   * {@code ARCHIVER_MAX_EXPANSION_RATIO} (a whole number, 0 for none); defaults for what is unset.
   */
  public static ArchiveLimits fromEnvironment(Map<String, String> env) throws InvalidRequestException {
    String bytes = env.get(MAX_EXPANSION);
    String ratio = env.get(MAX_EXPANSION_RATIO);
    long maxBytes = bytes == null || bytes.isBlank() ? DEFAULT_MAX_BYTES : ByteSize.parse(bytes);
    long maxRatio = DEFAULT_MAX_RATIO;
    if (ratio != null && !ratio.isBlank()) {
      if (!ratio.strip().matches("\\d{1,9}")) {
        throw new InvalidRequestException(MAX_EXPANSION_RATIO + " must be a whole number (0 for no ratio limit), not '"
            + ratio + "'");
      }
      maxRatio = Long.parseLong(ratio.strip());
    }
    return new ArchiveLimits(maxBytes, maxRatio, DEFAULT_RATIO_FLOOR);
  }

  /** The process environment's limits, for callers that are not handed an environment. */
  static ArchiveLimits fromProcessEnvironment() {
    try {
      return fromEnvironment(System.getenv());
    } catch (InvalidRequestException e) {
      return DEFAULT;
    }
  }

  /** Null when {@code inflated} bytes out of {@code compressed} are acceptable, else why not. */
  String problem(long inflated, long compressed) {
    if (inflated > maxBytes) {
      return "the archive expands to more than " + ByteSize.format(maxBytes) + " (" + MAX_EXPANSION
          + " sets this ceiling)";
    }
    if (maxRatio > 0 && inflated > ratioFloor && inflated / Math.max(1, compressed) >= maxRatio) {
      return "the archive expands more than " + maxRatio + " times its compressed size ("
          + ByteSize.format(inflated) + " from " + ByteSize.format(compressed)
          + "): a compression bomb, or raise " + MAX_EXPANSION_RATIO + " if it is genuine";
    }
    return null;
  }
}
