package io.airgap.archiver.storage;

import io.airgap.archiver.internal.Sha256;
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

  /**
   * Reads and checks an index: known format, no unknown keys, its parts named as the writer names them
   * (plain file names, in order), sizes that add up.
   *
   * @throws DamagedSplitArchiveException if the file is not such an index
   */
  public static PartsIndex read(Path file) throws IOException {
    byte[] json;
    try (InputStream in = Files.newInputStream(file)) {
      json = in.readNBytes(MAX_INDEX_BYTES + 1);
    }
    return parse(json, file.toString());
  }

  /**
   * As {@link #read(Path)}, for an index read elsewhere (a store) up to {@link #MAX_INDEX_BYTES} + 1 bytes.
   *
   * @param where the index's location, as shown to people
   */
  public static PartsIndex parse(byte[] json, String where) throws DamagedSplitArchiveException {
    if (json.length > MAX_INDEX_BYTES) {
      throw new DamagedSplitArchiveException("the parts index " + where + " is larger than 1 MiB, so it is not one");
    }
    PartsIndex index;
    try {
      index = Json.untrusted().readerFor(PartsIndex.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(json);
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw new DamagedSplitArchiveException("the parts index " + where + " has the unknown key '"
          + io.airgap.archiver.internal.TerminalText.line(e.getPropertyName()) + "': no writer puts it there", e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DamagedSplitArchiveException(
          "the parts index " + where + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DamagedSplitArchiveException("the parts index " + where + " is not valid JSON: " + e.getMessage(), e);
    }
    String problem = index == null ? "it is empty" : index.problem();
    if (problem != null) {
      throw new DamagedSplitArchiveException("the parts index " + where + " is not usable: " + problem);
    }
    return index;
  }

  /** The largest index file read, in bytes. */
  public static int maxBytes() {
    return MAX_INDEX_BYTES;
  }

  private String problem() {
    if (!FORMAT.equals(format)) {
      return "unknown format '" + io.airgap.archiver.internal.TerminalText.line(String.valueOf(format))
          + "', expected " + FORMAT;
    }
    if (name == null || parts.isEmpty() || !Sha256.isHex(sha256)) {
      return "name, sha256 and parts are required";
    }
    if (!isPlainName(name)) {
      return "the archive's name is not a plain file name";
    }
    long sum = 0;
    int number = 0;
    for (Part part : parts) {
      number++;
      if (part == null || !isPlainName(part.name())) {
        return "part " + number + " is not named by a plain file name";
      }
      if (!part.name().equals(partName(name, number))) {
        return "part " + number + " is named '" + io.airgap.archiver.internal.TerminalText.line(part.name())
            + "', not " + partName(name, number);
      }
      if (part.size() < 0 || !Sha256.isHex(part.sha256())) {
        return "part " + part.name() + " needs a size and a sha256";
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
