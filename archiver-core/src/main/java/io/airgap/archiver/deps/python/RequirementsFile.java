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
 * (ranges, URLs, paths, editables) cannot be vendored reproducibly and comes back as a warning.
 */
final class RequirementsFile {
  private static final Pattern PIN = Pattern.compile(
      "([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9._+!-]*)");
  private static final Pattern HASH = Pattern.compile("--hash[=\\s]+([A-Za-z0-9]+):([0-9A-Fa-f]+)");
  private static final Pattern INCLUDE = Pattern.compile("(?:-r|--requirement)[=\\s]+(\\S+)");

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
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
    for (String line : logicalLines(new String(tree.read(path), StandardCharsets.UTF_8))) {
      Matcher include = INCLUDE.matcher(line);
      if (include.matches()) {
        String target = normalizePath(dir + include.group(1));
        if (target != null && tree.exists(target)) {
          read(tree, target, label, pins, warnings, seen);
        } else {
          warnings.add(tree.label(path) + ": cannot follow '" + line + "' (not a file in the tree)");
        }
        continue;
      }
      if (line.startsWith("-")) {
        if (line.startsWith("-e") || line.startsWith("--editable")) {
          warnings.add(tree.label(path) + ": '" + line + "' is editable, not vendored");
        }
        continue; // index options, constraints: the configured index is used instead
      }
      Set<String> hashes = new TreeSet<>();
      Matcher h = HASH.matcher(line);
      boolean otherAlgorithm = false;
      while (h.find()) {
        if (h.group(1).equalsIgnoreCase("sha256")) {
          hashes.add(h.group(2).toLowerCase(Locale.ROOT));
        } else {
          otherAlgorithm = true;
        }
      }
      String spec = line.replaceAll("\\s--\\S.*$", "").replaceAll(";.*$", "").trim();
      Matcher pin = PIN.matcher(spec);
      if (!pin.matches() || spec.contains("*")) {
        warnings.add(tree.label(path) + ": '" + spec + "' is not pinned to one version (name==version), not vendored");
        continue;
      }
      if (hashes.isEmpty() && otherAlgorithm) {
        warnings.add(tree.label(path) + ": " + spec + " has only non-SHA-256 hashes; any file of that version is taken");
      }
      pins.add(new PythonRequirement(pin.group(1), pin.group(3), hashes, List.of(label)));
    }
  }

  /** Lines with continuations joined and comments removed. */
  private static List<String> logicalLines(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\\R", -1)) {
      String line = raw.replaceAll("(^|\\s)#.*$", "");
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String done = current.toString().trim();
      if (!done.isEmpty()) {
        out.add(done);
      }
      current.setLength(0);
    }
    return out;
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
