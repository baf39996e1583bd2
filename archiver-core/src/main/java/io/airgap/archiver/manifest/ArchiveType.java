package io.airgap.archiver.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an archive carries everything or only what is new since a base archive. */
public enum ArchiveType {
  FULL("full"),
  INCREMENTAL("incremental");

  private final String label;

  ArchiveType(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
