package io.airgap.archiver.publish.python;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Publishes the vendored wheelhouse ({@code dependencies/python/*.whl}, sdists) as a PEP 503
 * "simple" tree on a static web server by HTTP PUT: {@code <project>/<file>}, then
 * {@code <project>/index.html} linking every file with its {@code #sha256=} (merged with the
 * server's links), then the root {@code index.html} listing the projects (merged). pip then installs
 * with {@code --index-url URL}. A file present with another SHA-256 is a conflict, never overwritten.
 */
public final class PythonDirPublisher implements RegistryPublisher {
  private static final Pattern LINK = Pattern.compile("<a\\s+href=\"([^\"]*)\"[^>]*>([^<]*)</a>", Pattern.CASE_INSENSITIVE);

  @Override
  public String ecosystem() {
    return "python-dir";
  }

  @Override
  public String folder() {
    return "python";
  }

  @Override
  public List<PublishedFile> publish(Path dir, RegistryClient registry, boolean dryRun, ProgressListener progress)
      throws ArchiverException {
    Map<String, List<Path>> byProject = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String project = project(f.getFileName().toString());
        if (project == null) {
          progress.debug("not a wheel or sdist, not published: " + f.getFileName());
          continue;
        }
        byProject.computeIfAbsent(project, k -> new ArrayList<>()).add(f);
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the vendored wheelhouse " + dir + ": " + e.getMessage(), e);
    }
    List<PublishedFile> out = new ArrayList<>();
    Map<String, String> projects = new LinkedHashMap<>();
    for (Map.Entry<String, List<Path>> p : byProject.entrySet()) {
      String project = RegistryPaths.segment(p.getKey(), p.getKey());
      Map<String, String> links = new LinkedHashMap<>();
      for (Path f : p.getValue()) {
        String name = RegistryPaths.segment(f.getFileName().toString(), f.getFileName().toString());
        String path = project + "/" + name;
        String mine = sha256(f);
        String theirs = registry.digest(path, "SHA-256");
        if (theirs != null && !theirs.equals(mine)) {
          out.add(new PublishedFile(ecosystem(), path, Outcome.CONFLICT, "the server's copy has SHA-256 " + theirs
              + ", the archive's " + mine));
          continue;
        }
        links.put(name + "#sha256=" + mine, name);
        if (theirs != null) {
          out.add(new PublishedFile(ecosystem(), path, Outcome.ALREADY_PRESENT, ""));
        } else if (dryRun) {
          out.add(new PublishedFile(ecosystem(), path, Outcome.WOULD_PUBLISH, ""));
        } else {
          registry.putStatic(path, f, null, "application/octet-stream");
          out.add(new PublishedFile(ecosystem(), path, Outcome.PUBLISHED, ""));
        }
      }
      if (!links.isEmpty()) {
        out.add(index(registry, project + "/index.html", links, dryRun));
        projects.put(project + "/", project);
      }
    }
    if (!projects.isEmpty()) {
      out.add(index(registry, "index.html", projects, dryRun));
    }
    return out;
  }

  /** An index page holding the server's links and {@code links} (href to text); written only when it gains one. */
  private PublishedFile index(RegistryClient registry, String path, Map<String, String> links, boolean dryRun)
      throws OperationFailedException {
    RegistryClient.Response current = registry.get(path, "text/html");
    Map<String, String> merged = new LinkedHashMap<>();
    if (current.ok()) {
      Matcher m = LINK.matcher(new String(current.body(), StandardCharsets.UTF_8));
      while (m.find()) {
        merged.put(m.group(1), m.group(2));
      }
    } else if (!current.notFound()) {
      throw new OperationFailedException(registry.describe("GET", registry.resolve(path), current));
    }
    if (merged.keySet().containsAll(links.keySet())) {
      return new PublishedFile(ecosystem(), path, Outcome.ALREADY_PRESENT, "");
    }
    merged.putAll(links);
    if (dryRun) {
      return new PublishedFile(ecosystem(), path, Outcome.WOULD_PUBLISH, "");
    }
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html>\n  <body>\n");
    merged.forEach((href, text) -> html.append("    <a href=\"").append(href).append("\">").append(text)
        .append("</a><br/>\n"));
    html.append("  </body>\n</html>\n");
    registry.putStatic(path, null, html.toString().getBytes(StandardCharsets.UTF_8), "text/html");
    return new PublishedFile(ecosystem(), path, Outcome.PUBLISHED, "");
  }

  /** The PEP 503 normalised project name of a wheel or sdist file name, or null for other files. */
  static String project(String fileName) {
    String name;
    if (fileName.endsWith(".whl")) {
      int dash = fileName.indexOf('-');
      name = dash <= 0 ? null : fileName.substring(0, dash);
    } else if (fileName.endsWith(".tar.gz") || fileName.endsWith(".zip")) {
      int dash = fileName.lastIndexOf('-');
      name = dash <= 0 ? null : fileName.substring(0, dash);
    } else {
      name = null;
    }
    return name == null ? null : name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  private static String sha256(Path file) throws OperationFailedException {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

}
