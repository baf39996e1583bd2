package io.airgap.archiver.policy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret rules' verdict per blob id, kept in the cache folder between runs: a blob's content
 * never changes, so each blob of a source is scanned once, however many archives carry it. One
 * file per rule-set version; lines are {@code <blob id> <rule>,<rule>} or {@code <blob id> -}.
 */
final class VerdictCache {
  private final Path file;
  private final Map<String, List<String>> known = new ConcurrentHashMap<>();
  private final Map<String, List<String>> added = new ConcurrentHashMap<>();

  private VerdictCache(Path file) {
    this.file = file;
  }

  /** A cache in {@code dir} (null: this run only). An unreadable or torn file only costs a rescan. */
  static VerdictCache open(Path dir) {
    VerdictCache cache = new VerdictCache(dir == null ? null : dir.resolve("secret-verdicts-" + SecretRules.VERSION));
    if (cache.file != null && Files.isRegularFile(cache.file)) {
      try (var lines = Files.lines(cache.file, StandardCharsets.US_ASCII)) {
        lines.forEach(line -> {
          int space = line.indexOf(' ');
          if (space == 40 && line.length() > 41) {
            String rules = line.substring(41);
            cache.known.put(line.substring(0, 40), rules.equals("-") ? List.of() : Arrays.asList(rules.split(",")));
          }
        });
      } catch (IOException | java.io.UncheckedIOException e) {
        cache.known.clear();
      }
    }
    return cache;
  }

  List<String> get(String blobId) {
    return known.get(blobId);
  }

  void put(String blobId, List<String> rules) {
    known.put(blobId, rules);
    added.put(blobId, rules);
  }

  int size() {
    return known.size();
  }

  /** Appends this run's verdicts; failing to is not an error (the next run rescans). */
  void save() {
    if (file == null || added.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        for (Map.Entry<String, List<String>> e : added.entrySet()) {
          out.write(e.getKey() + " " + (e.getValue().isEmpty() ? "-" : String.join(",", e.getValue())) + "\n");
        }
      }
      added.clear();
    } catch (IOException e) {
      // a cache only: the verdicts are recomputed next time
    }
  }
}
