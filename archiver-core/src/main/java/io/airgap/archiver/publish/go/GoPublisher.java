package io.airgap.archiver.publish.go;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.PublishedFile.Outcome;
import io.airgap.archiver.publish.PublishedFile;
import io.airgap.archiver.publish.RegistryClient;
import io.airgap.archiver.publish.RegistryPaths;
import io.airgap.archiver.publish.RegistryPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Publishes a vendored GOPROXY tree ({@code <module>/@v/<version>.zip|.mod|.info} and
 * {@code @v/list}) to a static web server by HTTP PUT, so {@code GOPROXY=URL go mod download} works
 * from it: per module version the {@code .zip}, then the {@code .mod}, then the {@code .info} (what
 * {@code go} reads first), then {@code @v/list} merged with the server's. A {@code .zip} or
 * {@code .mod} present with other bytes is a conflict and holds back that version; a present
 * {@code .info} is kept as it is (it only records the version's time).
 */
public final class GoPublisher implements RegistryPublisher {
  private static final List<String> ORDER = List.of(".zip", ".mod", ".info");

  @Override
  public String ecosystem() {
    return "go";
  }

  @Override
  public List<PublishedFile> publish(Path dir, RegistryClient registry, boolean dryRun, ProgressListener progress)
      throws ArchiverException {
    Map<String, List<String>> byVersion = new TreeMap<>();
    Map<String, Path> lists = new TreeMap<>();
    for (String path : files(dir)) {
      int at = path.lastIndexOf("/@v/");
      if (at < 0) {
        progress.debug("not part of a GOPROXY tree, not published: " + path);
        continue;
      }
      String name = path.substring(at + 4);
      if (name.equals("list")) {
        lists.put(path, dir.resolve(path));
        continue;
      }
      String ext = ORDER.stream().filter(name::endsWith).findFirst().orElse(null);
      if (ext == null) {
        continue;
      }
      RegistryPaths.of(path);
      byVersion.computeIfAbsent(path.substring(0, path.length() - ext.length()), k -> new ArrayList<>()).add(path);
    }
    List<PublishedFile> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> v : byVersion.entrySet()) {
      List<String> paths = new ArrayList<>(v.getValue());
      paths.sort((x, y) -> Integer.compare(rank(x), rank(y)));
      Map<String, String> state = new LinkedHashMap<>();
      boolean conflict = false;
      for (String p : paths) {
        String mine = sha256(dir.resolve(p));
        String theirs = p.endsWith(".info") ? present(registry, p) : registry.digest(p, "SHA-256");
        state.put(p, theirs == null ? "absent" : p.endsWith(".info") || theirs.equals(mine) ? "same" : theirs);
        conflict |= theirs != null && !p.endsWith(".info") && !theirs.equals(mine);
      }
      for (String p : paths) {
        String st = state.get(p);
        if (st.equals("same")) {
          out.add(new PublishedFile(ecosystem(), p, Outcome.ALREADY_PRESENT, ""));
        } else if (!st.equals("absent")) {
          out.add(new PublishedFile(ecosystem(), p, Outcome.CONFLICT, "the server's copy has SHA-256 " + st));
        } else if (conflict) {
          out.add(new PublishedFile(ecosystem(), p, Outcome.HELD_BACK, "another file of " + v.getKey() + " conflicts"));
        } else if (dryRun) {
          out.add(new PublishedFile(ecosystem(), p, Outcome.WOULD_PUBLISH, ""));
        } else {
          registry.putStatic(p, dir.resolve(p), null, p.endsWith(".zip") ? "application/zip" : "text/plain");
          out.add(new PublishedFile(ecosystem(), p, Outcome.PUBLISHED, ""));
        }
      }
    }
    for (Map.Entry<String, Path> list : lists.entrySet()) {
      out.add(list(registry, list.getKey(), list.getValue(), out, dryRun));
    }
    return out;
  }

  /** {@code @v/list} as the union of the server's and the versions this run has there now. */
  private PublishedFile list(RegistryClient registry, String path, Path local, List<PublishedFile> done, boolean dryRun)
      throws OperationFailedException {
    RegistryPaths.of(path);
    String prefix = path.substring(0, path.length() - "list".length());
    Set<String> mine = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(local, StandardCharsets.UTF_8)) {
        String v = line.strip();
        boolean complete = done.stream().anyMatch(f -> f.name().equals(prefix + v + ".zip")
            && (f.outcome() == Outcome.PUBLISHED || f.outcome() == Outcome.ALREADY_PRESENT
                || dryRun && f.outcome() == Outcome.WOULD_PUBLISH));
        if (!v.isEmpty() && complete) {
          mine.add(v);
        }
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + local + ": " + e.getMessage(), e);
    }
    RegistryClient.Response current = registry.get(path, "text/plain");
    Set<String> merged = new LinkedHashSet<>();
    if (current.ok()) {
      for (String line : new String(current.body(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          merged.add(line.strip());
        }
      }
    } else if (!current.notFound()) {
      throw new OperationFailedException(registry.describe("GET", registry.resolve(path), current));
    }
    if (merged.containsAll(mine)) {
      return new PublishedFile(ecosystem(), path, Outcome.ALREADY_PRESENT, "");
    }
    merged.addAll(mine);
    if (dryRun) {
      return new PublishedFile(ecosystem(), path, Outcome.WOULD_PUBLISH, "");
    }
    registry.putStatic(path, null, (String.join("\n", merged) + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
    return new PublishedFile(ecosystem(), path, Outcome.PUBLISHED, "");
  }

  private static String present(RegistryClient registry, String path) throws OperationFailedException {
    RegistryClient.Response r = registry.get(path, null);
    if (r.notFound()) {
      return null;
    }
    if (!r.ok()) {
      throw new OperationFailedException(registry.describe("GET", registry.resolve(path), r));
    }
    return "present";
  }

  private static int rank(String path) {
    for (int i = 0; i < ORDER.size(); i++) {
      if (path.endsWith(ORDER.get(i))) {
        return i;
      }
    }
    return ORDER.size();
  }

  private static List<String> files(Path dir) throws OperationFailedException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the vendored Go modules in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(Path file) throws OperationFailedException {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

}
