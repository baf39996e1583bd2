package io.airgap.archiver.publish;

/**
 * What happened to one file or package version at an internal registry.
 *
 * @param ecosystem the publisher's key ({@code maven}, {@code npm})
 * @param name what was published, as the registry names it: a repository path, {@code name@version}
 * @param detail why, for conflicts and held-back files; empty otherwise
 */
public record PublishedFile(String ecosystem, String name, Outcome outcome, String detail) {
  /** The outcomes a file can have. */
  public enum Outcome {
    /** Written to the registry by this run. */
    PUBLISHED,
    /** The registry already held it with the same checksum: nothing written. */
    ALREADY_PRESENT,
    /** The registry holds the same name with other content: nothing written, exit 4. */
    CONFLICT,
    /** Not written because another file of the same version conflicts (a version is published whole or not at all). */
    HELD_BACK,
    /** A dry run: the registry lacks it, so a real run would write it. */
    WOULD_PUBLISH;

    /** The outcome's name in JSON and on the console: {@code already-present}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public PublishedFile {
    detail = detail == null ? "" : detail;
  }

  static PublishedFile of(String ecosystem, String name, Outcome outcome) {
    return new PublishedFile(ecosystem, name, outcome, "");
  }
}
