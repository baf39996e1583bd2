package io.airgap.archiver.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper: stable key order and line endings, so equal inputs give equal bytes. */
public final class Json {
  /**
   * Bounds for documents that arrive with an archive (manifest.json, a parts index, a store
   * sidecar), far above anything this tool writes — a manifest of 100,000 refs stays well inside:
   * nesting depth 64, strings 1 MiB, numbers 64 digits, keys 8 KiB, documents 64 MiB, 10 million
   * tokens.
   */
  public static final StreamReadConstraints UNTRUSTED_CONSTRAINTS = StreamReadConstraints.builder()
      .maxNestingDepth(64)
      .maxStringLength(1 << 20)
      .maxNumberLength(64)
      .maxNameLength(8 << 10)
      .maxDocumentLength(64L << 20)
      .maxTokenCount(10_000_000L)
      .build();

  private static final ObjectMapper MAPPER = mapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build());

  /** Duplicate keys are refused: other readers (jq, a security officer's script) may resolve them differently. */
  private static final ObjectMapper UNTRUSTED = mapper(JsonFactory.builder()
      .streamReadConstraints(UNTRUSTED_CONSTRAINTS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private static final ObjectWriter PRETTY = MAPPER.writer(
      new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private Json() {}

  private static ObjectMapper mapper(JsonFactory factory) {
    return JsonMapper.builder(factory)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The mapper for documents that travel with archives and must be read as hostile. */
  public static ObjectMapper untrusted() {
    return UNTRUSTED;
  }

  /** Pretty-printed with {@code \n} line endings and a final newline. */
  public static ObjectWriter prettyWriter() {
    return PRETTY;
  }
}
