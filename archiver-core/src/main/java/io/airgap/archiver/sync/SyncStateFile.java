package io.airgap.archiver.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a bidirectional sync remembers between runs: each ref's value when the two sides last agreed,
 * in {@code <cache>/sync-state/<sha256 of both locations>.json}. Written atomically, and only after
 * both sides were changed successfully, so a failed run is simply planned again.
 */
final class SyncStateFile {
  private final Path file;
  private final String a;
  private final String b;

  SyncStateFile(Path cacheRoot, String a, String b) {
    this.a = a;
    this.b = b;
    String key = Sha256.of((a + "\n" + b).getBytes(StandardCharsets.UTF_8));
    this.file = cacheRoot.resolve("sync-state").resolve(key + ".json");
  }

  Path file() {
    return file;
  }

  /** The refs as last synced; empty on the first run. */
  SortedMap<String, String> load() throws OperationFailedException {
    SortedMap<String, String> refs = new TreeMap<>();
    if (!Files.exists(file)) {
      return refs;
    }
    try {
      JsonNode root = Json.mapper().readTree(file.toFile());
      root.path("refs").fields().forEachRemaining(e -> refs.put(e.getKey(), e.getValue().asText()));
      return refs;
    } catch (IOException e) {
      throw new OperationFailedException("the sync state " + file + " cannot be read (" + e.getMessage()
          + "); delete it to start afresh: the next run then treats refs that differ on both sides as conflicts", e);
    }
  }

  void save(Map<String, String> refs) throws OperationFailedException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("source", a);
    root.put("target", b);
    ObjectNode node = root.putObject("refs");
    new TreeMap<>(refs).forEach(node::put);
    try {
      Files.createDirectories(file.getParent());
      try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
        Json.prettyWriter().writeValue(out.stream(), root);
        out.commitReplacing();
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not write the sync state " + file + ": " + e.getMessage(), e);
    }
  }
}
