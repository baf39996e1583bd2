package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.SourceTree;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.model.Model;
import org.apache.maven.model.Profile;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * The modules of a Maven build as the tree holds them: its POMs written to a work folder (so
 * parents are found by relative path, as Maven finds them), the module POMs reached from the top
 * POM through {@code <modules>}, and their coordinates, which are built here and never fetched.
 */
final class Reactor {
  private final List<File> modulePoms;
  private final Map<String, File> coordinates;

  private Reactor(List<File> modulePoms, Map<String, File> coordinates) {
    this.modulePoms = List.copyOf(modulePoms);
    this.coordinates = Map.copyOf(coordinates);
  }

  /** The top-level POMs of a tree: {@code pom.xml} at its root, else those with no POM in a folder above. */
  static List<String> topPoms(SourceTree tree) {
    if (tree.exists("pom.xml")) {
      return List.of("pom.xml");
    }
    List<String> tops = new ArrayList<>();
    for (String path : tree.paths()) {
      if (!(path.endsWith("/pom.xml")) || path.contains("/src/") || path.startsWith("src/") || path.contains("/target/")) {
        continue;
      }
      boolean nested = false;
      for (String dir = parentDir(parentDir(path)); dir != null && !nested; dir = parentDir(dir)) {
        nested = tree.exists(dir.isEmpty() ? "pom.xml" : dir + "/pom.xml");
      }
      if (!nested) {
        tops.add(path);
      }
    }
    return tops;
  }

  static Reactor load(SourceTree tree, String topPom, Path workDir) throws IOException {
    for (String path : tree.paths()) {
      if (path.endsWith(".xml") && (path.endsWith("pom.xml") || path.contains("pom"))) {
        Path target = workDir.resolve(path).normalize();
        if (target.startsWith(workDir)) {
          Files.createDirectories(target.getParent());
          Files.write(target, tree.read(path));
        }
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(topPom));
    List<File> poms = new ArrayList<>();
    Map<String, File> coordinates = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      String path = queue.poll();
      if (!seen.add(path) || !tree.exists(path)) {
        continue;
      }
      Model raw = read(tree.read(path), tree.label(path));
      File file = workDir.resolve(path).toFile();
      poms.add(file);
      coordinates.put(coordinate(raw), file);
      List<String> modules = new ArrayList<>(raw.getModules());
      for (Profile p : raw.getProfiles()) {
        if (p.getActivation() != null && p.getActivation().isActiveByDefault()) {
          modules.addAll(p.getModules());
        }
      }
      String dir = parentDir(path);
      for (String module : modules) {
        String m = normalize((dir.isEmpty() ? "" : dir + "/") + module.trim());
        if (m != null) {
          queue.add(m.endsWith(".xml") ? m : (m.isEmpty() ? "" : m + "/") + "pom.xml");
        }
      }
    }
    return new Reactor(poms, coordinates);
  }

  List<File> modulePoms() {
    return modulePoms;
  }

  /** {@code groupId:artifactId:version} (as written, parents' values inherited) to POM file. */
  Map<String, File> coordinates() {
    return coordinates;
  }

  private static Model read(byte[] pom, String label) throws IOException {
    try {
      return new MavenXpp3Reader().read(new ByteArrayInputStream(pom), false);
    } catch (XmlPullParserException e) {
      throw new IOException(label + " is not a readable POM: " + e.getMessage(), e);
    }
  }

  private static String coordinate(Model raw) {
    String group = raw.getGroupId() != null ? raw.getGroupId() : raw.getParent() == null ? null : raw.getParent().getGroupId();
    String version = raw.getVersion() != null ? raw.getVersion() : raw.getParent() == null ? null : raw.getParent().getVersion();
    return group + ":" + raw.getArtifactId() + ":" + version;
  }

  private static String parentDir(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? (path.isEmpty() ? null : "") : path.substring(0, slash);
  }

  private static String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }
}
