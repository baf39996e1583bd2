package io.airgap.archiver.deps.python;

import io.airgap.archiver.deps.SourceTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pip requirements files: {@code name[extras]==version} pins with their {@code --hash}
 * options, following {@code -r} includes inside the tree. Anything that is not an exact pin
 * (ranges, URLs, paths, editables, options) cannot be vendored reproducibly and comes back as a
 * warning naming its file and line.
 */
final class RequirementsFile {
  private static final Pattern PIN = Pattern.compile(
      "([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9._+!-]*)");
  private static final Pattern HASH = Pattern.compile("--hash[=\\s]+([A-Za-z0-9]+):([0-9A-Fa-f]+)");

  /** The pins and the lines that could not be pinned. */
  record Parsed(List<PythonRequirement> pins, List<String> warnings) {}

  private RequirementsFile() {}

  static Parsed parse(SourceTree tree, String path) throws IOException {
    List<PythonRequirement> pins = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    read(tree, path, tree.label(path), pins, warnings, new HashSet<>());
    return new Parsed(pins, warnings);
  }

  private static void read(SourceTree tree, String path, String label, List<PythonRequirement> pins,
      List<String> warnings, Set<String> seen) throws IOException {
    if (!seen.add(path)) {
      return;
    }
    for (RequirementLine line : RequirementLine.read(new String(tree.read(path), StandardCharsets.UTF_8))) {
      String where = tree.label(path) + ":" + line.number();
      switch (line.kind()) {
        case INCLUDE -> {
          String target = inTree(path, line.path());
          if (target != null && tree.exists(target)) {
            read(tree, target, label, pins, warnings, seen);
          } else {
            warnings.add(where + ": cannot follow '" + line.shown() + "' (not a file in the tree)");
          }
        }
        case CONSTRAINT -> {
          // constraints only narrow what is installed; they declare nothing to vendor
        }
        case REQUIREMENT -> pin(line, where, label, pins, warnings);
        case OPTION -> warnings.add(where + ": '" + line.shown() + "' ignored: " + line.kind().why());
        default -> warnings.add(where + ": '" + line.shown() + "' not vendored: " + line.kind().why());
      }
    }
  }

  private static void pin(RequirementLine line, String where, String label, List<PythonRequirement> pins,
      List<String> warnings) {
    Set<String> hashes = new TreeSet<>();
    Matcher h = HASH.matcher(line.text());
    boolean otherAlgorithm = false;
    while (h.find()) {
      if (h.group(1).equalsIgnoreCase("sha256")) {
        hashes.add(h.group(2).toLowerCase(Locale.ROOT));
      } else {
        otherAlgorithm = true;
      }
    }
    String spec = line.text().replaceAll("\\s--\\S.*$", "").replaceAll(";.*$", "").trim();
    Matcher pin = PIN.matcher(spec);
    if (!pin.matches() || spec.contains("*")) {
      warnings.add(where + ": '" + spec + "' is not pinned to one version (name==version), not vendored");
      return;
    }
    if (hashes.isEmpty() && otherAlgorithm) {
      warnings.add(where + ": " + spec + " has only non-SHA-256 hashes; any file of that version is taken");
    }
    pins.add(new PythonRequirement(pin.group(1), pin.group(3), hashes, List.of(label)));
  }

  /** The tree path {@code include} names relative to the file {@code from}, or null when it leaves the tree. */
  static String inTree(String from, String include) {
    if (include.startsWith("/") || include.contains("://") || include.startsWith("~")) {
      return null;
    }
    String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
    return normalizePath(dir + include);
  }

  private static String normalizePath(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }
}
