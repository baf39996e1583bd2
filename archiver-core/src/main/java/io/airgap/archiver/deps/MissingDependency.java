package io.airgap.archiver.deps;

import java.util.List;

/** A dependency that was declared but could not be fetched, and why (the reason never holds credentials). */
public record MissingDependency(String ecosystem, String name, String version, String reason, List<String> foundIn) {
  public MissingDependency {
    foundIn = foundIn == null ? List.of() : List.copyOf(foundIn);
  }

  /** {@code ecosystem name@version: reason}, for error messages. */
  public String describe() {
    return ecosystem + " " + name + (version == null ? "" : "@" + version) + ": " + reason;
  }
}
