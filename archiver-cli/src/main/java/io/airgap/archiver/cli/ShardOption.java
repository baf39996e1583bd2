package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.api.Shard;
import java.util.Map;

/**
 * Reads {@code --shard I/N}. {@code /N} takes the index from {@code JOB_COMPLETION_INDEX}, which a
 * Kubernetes indexed Job sets to 0…N-1 in each pod, so one manifest serves every pod.
 */
final class ShardOption {
  static final String JOB_INDEX = "JOB_COMPLETION_INDEX";

  private ShardOption() {}

  /** The shard asked for, or {@code null} for none. */
  static Shard parse(String value, Map<String, String> env) throws InvalidRequestException {
    if (value == null) {
      return null;
    }
    String spec = value.strip();
    if (spec.startsWith("/")) {
      String jobIndex = env.get(JOB_INDEX);
      if (jobIndex == null || jobIndex.isBlank()) {
        throw new InvalidRequestException("--shard " + spec + " takes its index from $" + JOB_INDEX
            + ", which is not set; write --shard I" + spec + " (1-based)");
      }
      if (!jobIndex.strip().matches("\\d{1,9}")) {
        throw new InvalidRequestException("$" + JOB_INDEX + " must be a number from 0, not '" + jobIndex + "'");
      }
      spec = (Integer.parseInt(jobIndex.strip()) + 1) + spec;
    }
    try {
      return Shard.parse(spec);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("--shard: " + e.getMessage(), e);
    }
  }
}
