package io.airgap.archiver.storage;

import io.airgap.archiver.internal.Sha256;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code <name>.parts.json} written beside split parts: each part's name, size and SHA-256, and
 * the whole's size and SHA-256, so parts can be checked one by one and joined without trusting
 * them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartsIndex(
    @JsonProperty("format") String format,
    @JsonProperty("name") String name,
    @JsonProperty("size") long size,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("parts") List<Part> parts) {

  public static final String FORMAT = "airgap-parts/1";
  public static final String SUFFIX = ".parts.json";
  /** An index of thousands of parts is a few hundred KiB; a larger file is not an index. */
  private static final int MAX_INDEX_BYTES = 1 << 20;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public PartsIndex {
    parts = List.copyOf(parts == null ? List.of() : parts);
  }

  /** One part file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Part(
      @JsonProperty("name") String name,
      @JsonProperty("size") long size,
      @JsonProperty("sha256") String sha256) {}

  /** The index file name for {@code name}. */
  public static String fileName(String name) {
    return name + SUFFIX;
  }

  /** The name of part {@code number} (1-based): {@code <name>.part001}. */
  public static String partName(String name, int number) {
    return String.format("%s.part%03d", name, number);
  }

  void writeTo(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

  /** Reads and checks an index: known format, plain part names, sizes that add up. */
  public static PartsIndex read(Path file) throws IOException {
    PartsIndex index;
    byte[] json;
    try (InputStream in = Files.newInputStream(file)) {
      json = in.readNBytes(MAX_INDEX_BYTES + 1);
    }
    if (json.length > MAX_INDEX_BYTES) {
      throw new IOException("the parts index " + file + " is larger than 1 MiB, so it is not one");
    }
    try {
      index = Json.untrusted().readValue(json, PartsIndex.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(
          "the parts index " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    String problem = index.problem();
    if (problem != null) {
      throw new IOException("the parts index " + file + " is not usable: " + problem);
    }
    return index;
  }

  private String problem() {
    if (!FORMAT.equals(format)) {
      return "unknown format '" + format + "', expected " + FORMAT;
    }
    if (name == null || parts.isEmpty() || !Sha256.isHex(sha256)) {
      return "name, sha256 and parts are required";
    }
    long sum = 0;
    for (Part part : parts) {
      if (part == null
          || !isPlainName(part.name())
          || part.size() < 0
          || !Sha256.isHex(part.sha256())) {
        return "each part needs a plain file name, a size and a sha256";
      }
      sum += part.size();
    }
    return sum == size ? null : "the parts add up to " + sum + " bytes, not " + size;
  }

  private static boolean isPlainName(String name) {
    try {
      return Objects.equals(ObjectNames.requirePlainName(name), name);
    } catch (io.airgap.archiver.base.InvalidRequestException e) {
      return false;
    }
  }
}
