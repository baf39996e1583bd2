package io.airgap.archiver.manifest;

import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code SHA256SUMS} file in {@code sha256sum -c} format: entry path to SHA-256, in archive order. */
public final class Sha256Sums {
  private static final String SELF = "SHA256SUMS";

  private final Map<String, String> sums;

  private Sha256Sums(Map<String, String> sums) {
    this.sums = Collections.unmodifiableMap(sums);
  }

  /** Entries in insertion order, which is the order they appear in the archive. */
  public Map<String, String> entries() {
    return sums;
  }

  public String sha256Of(String path) {
    return sums.get(path);
  }

  public byte[] toBytes() {
    StringBuilder sb = new StringBuilder();
    sums.forEach((path, sum) -> sb.append(sum).append("  ").append(path).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses strictly: lower-case hex, two spaces (or " *"), a safe relative path (the rules of
   * entry names, so {@code sha256sum -c} run by hand cannot be sent outside the folder), no
   * duplicates, and never SHA256SUMS or its signature.
   */
  public static Sha256Sums parse(byte[] data) throws UntrustedArchiveException {
    String text = new String(data, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new UntrustedArchiveException("SHA256SUMS is truncated: its last line has no line end");
    }
    Map<String, String> sums = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 67 || !(line.startsWith("  ", 64) || line.startsWith(" *", 64))) {
        throw new UntrustedArchiveException("SHA256SUMS line " + lineNo + " is malformed");
      }
      String sum = line.substring(0, 64);
      String path = line.substring(66);
      if (!Hex.isSha256(sum)) {
        throw new UntrustedArchiveException("SHA256SUMS line " + lineNo + " has no valid SHA-256");
      }
      String problem = EntryNames.problem(path);
      if (problem != null) {
        throw new UntrustedArchiveException("SHA256SUMS line " + lineNo + " lists an unsafe path "
            + EntryNames.printable(path) + ": it has " + problem);
      }
      if (path.equals(SELF) || path.equals(SELF + ".asc")) {
        throw new UntrustedArchiveException("SHA256SUMS line " + lineNo + " lists " + path
            + ", which SHA256SUMS cannot cover");
      }
      if (sums.putIfAbsent(path, sum) != null) {
        throw new UntrustedArchiveException("SHA256SUMS lists " + path + " twice");
      }
    }
    return new Sha256Sums(sums);
  }

  /** Collects entries in archive order. */
  public static final class Builder {
    private final Map<String, String> sums = new LinkedHashMap<>();

    public Builder add(String path, String sha256) {
      if (sums.putIfAbsent(path, sha256) != null) {
        throw new IllegalArgumentException("duplicate entry " + path);
      }
      return this;
    }

    public Sha256Sums build() {
      return new Sha256Sums(new LinkedHashMap<>(sums));
    }
  }
}
