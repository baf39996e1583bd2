package io.airgap.archiver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@code --policy} YAML file strictly: an unknown key or a bad value is a usage error, not a
 * silent pass. Not through {@code internal.YamlFiles}: no {@code ${ENV}} substitution, so the file's
 * SHA-256 (recorded in manifests, required by restore) is exactly the policy that was applied.
 */
public final class PolicyFile {
  private static final Set<String> KEYS = Set.of("secrets", "allow", "deny-paths", "max-file-size",
      "max-archive-size", "allow-licenses", "deny-licenses");

  private PolicyFile() {}

  public static Policy load(Path file) throws InvalidRequestException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the policy file " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
    } catch (IOException e) {
      throw new InvalidRequestException("the policy file " + file + " is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("the policy file " + file + " must be a YAML mapping, e.g. 'secrets: true'");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new InvalidRequestException("the policy file " + file + " has an unknown key '" + name
            + "'; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    JsonNode secrets = root.path("secrets");
    if (!secrets.isMissingNode() && !secrets.isBoolean()) {
      throw new InvalidRequestException("policy " + file + ": 'secrets' must be true or false");
    }
    return new Policy(secrets.asBoolean(false), strings(file, root, "allow", false),
        List.copyOf(strings(file, root, "deny-paths", false)), size(file, root, "max-file-size"),
        size(file, root, "max-archive-size"), strings(file, root, "allow-licenses", true),
        strings(file, root, "deny-licenses", true), Sha256.of(bytes));
  }

  private static Set<String> strings(Path file, JsonNode root, String key, boolean lowerCase)
      throws InvalidRequestException {
    JsonNode node = root.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw new InvalidRequestException("policy " + file + ": '" + key + "' must be a list, e.g. " + key + ": [ ... ]");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new InvalidRequestException("policy " + file + ": every entry of '" + key + "' must be a non-empty string");
      }
      values.add(lowerCase ? item.asText().trim().toLowerCase(Locale.ROOT) : item.asText().trim());
    }
    return new LinkedHashSet<>(values);
  }

  private static long size(Path file, JsonNode root, String key) throws InvalidRequestException {
    JsonNode node = root.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return 0;
    }
    try {
      return ByteSize.parse(node.asText());
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("policy " + file + ": '" + key + "': " + e.getMessage(), e);
    }
  }
}
