package io.airgap.archiver.publish.maven;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.PublishedFile;
import io.airgap.archiver.publish.PublishedFile.Outcome;
import io.airgap.archiver.publish.RegistryClient;
import io.airgap.archiver.publish.RegistryPaths;
import io.airgap.archiver.publish.RegistryPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Publishes a vendored Maven repository tree as {@code mvn deploy} does: each artifact file by HTTP
 * PUT followed by its {@code .md5}, {@code .sha1}, {@code .sha256} and {@code .sha512}, a version's
 * POM after its other files, then the artifact's {@code maven-metadata.xml} merged with the one the
 * registry holds (read first). Where a plain WebDAV server answers 409 (no parent collection), the
 * parents are created with MKCOL and the PUT repeated — so Nexus, Artifactory, Reposilite and a
 * stock web server with WebDAV all take it ({@link RegistryClient#putStatic}). A file present with the same SHA-1 is skipped; present
 * with another, it is a conflict and its whole version is held back.
 */
public final class MavenPublisher implements RegistryPublisher {
  /** Checksum suffixes and their algorithms, in upload order (after the file). */
  private static final Map<String, String> SUMS = sums();

  @Override
  public String ecosystem() {
    return "maven";
  }

  private static Map<String, String> sums() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("md5", "MD5");
    m.put("sha1", "SHA-1");
    m.put("sha256", "SHA-256");
    m.put("sha512", "SHA-512");
    return m;
  }

  /** A vendored file, with its digests by suffix. */
  private record Local(String path, Path file, Map<String, String> digests) {
    String sha1() {
      return digests.get("sha1");
    }
  }

  private enum State { ABSENT, SAME, SAME_WITHOUT_CHECKSUMS, DIFFERENT }

  @Override
  public List<PublishedFile> publish(Path dir, RegistryClient registry, boolean dryRun, ProgressListener progress)
      throws ArchiverException {
    Map<String, List<String>> byVersion = new TreeMap<>();
    for (String path : files(dir)) {
      int slash = path.lastIndexOf('/');
      byVersion.computeIfAbsent(slash < 0 ? "" : path.substring(0, slash), k -> new ArrayList<>()).add(path);
    }
    Session s = new Session(registry, dryRun, progress);
    Map<String, Set<String>> versionsByArtifact = new TreeMap<>();
    for (Map.Entry<String, List<String>> v : byVersion.entrySet()) {
      if (s.version(dir, v.getKey(), v.getValue())) {
        String artifactDir = artifactDir(v.getKey(), v.getValue());
        if (artifactDir != null) {
          versionsByArtifact.computeIfAbsent(artifactDir, k -> new LinkedHashSet<>())
              .add(v.getKey().substring(artifactDir.length() + 1));
        }
      }
    }
    for (Map.Entry<String, Set<String>> a : versionsByArtifact.entrySet()) {
      s.metadata(a.getKey(), a.getValue());
    }
    return s.out;
  }

  /** Every artifact file under {@code dir} (relative, with {@code /}); checksums and local metadata are made anew. */
  private static List<String> files(Path dir) throws OperationFailedException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
          .filter(MavenPublisher::isArtifactFile).sorted().toList();
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the vendored Maven repository " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isArtifactFile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return !SUMS.containsKey(ext) && !(name.startsWith("maven-metadata") && ext.equals("xml"))
        && !name.equals("_remote.repositories") && !ext.equals("lastupdated")
        && !name.equals("resolver-status.properties") && !name.startsWith(".");
  }

  /**
   * The artifact folder ({@code group/path/artifactId}) of a version folder whose files are named
   * {@code artifactId-version…}, or null when the folder is not laid out as one artifact version.
   */
  static String artifactDir(String versionDir, List<String> files) {
    String[] segs = versionDir.split("/");
    if (segs.length < 3) {
      return null;
    }
    String artifactId = segs[segs.length - 2];
    String version = segs[segs.length - 1];
    String stem = artifactId + "-" + (version.endsWith("-SNAPSHOT")
        ? version.substring(0, version.length() - "SNAPSHOT".length()) : version);
    boolean named = files.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).anyMatch(n -> n.startsWith(stem));
    return named ? versionDir.substring(0, versionDir.lastIndexOf('/')) : null;
  }

  /** One publish run's registry, mode and outcomes. */
  private final class Session {
    final RegistryClient registry;
    final boolean dryRun;
    final ProgressListener progress;
    final List<PublishedFile> out = new ArrayList<>();

    Session(RegistryClient registry, boolean dryRun, ProgressListener progress) {
      this.registry = registry;
      this.dryRun = dryRun;
      this.progress = progress;
    }

    /** Publishes one version folder whole, or holds it back on a conflict; true when it is (or would be) complete. */
    boolean version(Path dir, String versionDir, List<String> paths) throws ArchiverException {
      List<Local> locals = new ArrayList<>();
      for (String p : paths) {
        RegistryPaths.of(p);
        locals.add(new Local(p, dir.resolve(p), digests(dir.resolve(p))));
      }
      // the POM last: a client that finds a version's POM finds its other files too
      locals.sort((x, y) -> Boolean.compare(x.path.endsWith(".pom"), y.path.endsWith(".pom")));
      Map<Local, State> states = new LinkedHashMap<>();
      Map<Local, String> details = new LinkedHashMap<>();
      for (Local l : locals) {
        states.put(l, state(l, details));
      }
      boolean conflict = states.containsValue(State.DIFFERENT);
      for (Local l : locals) {
        State st = states.get(l);
        if (st == State.DIFFERENT) {
          out.add(new PublishedFile(ecosystem(), l.path, Outcome.CONFLICT, details.get(l)));
        } else if (st == State.SAME || conflict && st == State.SAME_WITHOUT_CHECKSUMS) {
          out.add(new PublishedFile(ecosystem(), l.path, Outcome.ALREADY_PRESENT, ""));
        } else if (conflict) {
          out.add(new PublishedFile(ecosystem(), l.path, Outcome.HELD_BACK,
              "another file of " + versionDir + " conflicts"));
        } else if (dryRun) {
          out.add(new PublishedFile(ecosystem(), l.path,
              st == State.ABSENT ? Outcome.WOULD_PUBLISH : Outcome.ALREADY_PRESENT, ""));
        } else {
          if (st == State.ABSENT) {
            put(l.path, l.file, null);
          }
          for (Map.Entry<String, String> sum : l.digests.entrySet()) {
            put(l.path + "." + sum.getKey(), null, sum.getValue().getBytes(StandardCharsets.US_ASCII));
          }
          out.add(new PublishedFile(ecosystem(), l.path,
              st == State.ABSENT ? Outcome.PUBLISHED : Outcome.ALREADY_PRESENT, ""));
          if (st == State.ABSENT) {
            progress.debug("published maven " + l.path);
          }
        }
      }
      return !conflict;
    }

    /** Whether the registry holds {@code l}: by its {@code .sha1} when it has one, else by hashing its copy. */
    private State state(Local l, Map<Local, String> details) throws OperationFailedException {
      RegistryClient.Response sha1 = registry.get(l.path + ".sha1", null);
      if (sha1.ok()) {
        String theirs = new String(sha1.body(), StandardCharsets.US_ASCII).strip().split("\\s+", 2)[0]
            .toLowerCase(Locale.ROOT);
        if (theirs.matches("[0-9a-f]{40}")) {
          if (theirs.equals(l.sha1())) {
            return State.SAME;
          }
          details.put(l, "the registry's SHA-1 is " + theirs + ", the archive's " + l.sha1());
          return State.DIFFERENT;
        }
      } else if (!sha1.notFound()) {
        throw new OperationFailedException(registry.describe("GET", registry.resolve(l.path + ".sha1"), sha1));
      }
      String theirs = registry.digest(l.path, "SHA-1");
      if (theirs == null) {
        return State.ABSENT;
      }
      if (theirs.equals(l.sha1())) {
        return State.SAME_WITHOUT_CHECKSUMS;
      }
      details.put(l, "the registry's file has SHA-1 " + theirs + ", the archive's " + l.sha1());
      return State.DIFFERENT;
    }

    /** Merges the versions published into the artifact's metadata; written only when it gains a version. */
    void metadata(String artifactDir, Set<String> versions) throws ArchiverException {
      String path = artifactDir + "/maven-metadata.xml";
      int slash = artifactDir.lastIndexOf('/');
      String artifactId = artifactDir.substring(slash + 1);
      String groupId = artifactDir.substring(0, slash).replace('/', '.');
      RegistryClient.Response current = registry.get(path, "application/xml");
      Set<String> merged = new LinkedHashSet<>();
      if (current.ok()) {
        try {
          merged.addAll(MavenMetadata.versions(current.body(), groupId, artifactId));
        } catch (Exception e) {
          out.add(new PublishedFile(ecosystem(), path, Outcome.CONFLICT,
              "the registry's copy cannot be read as this artifact's metadata (" + e.getMessage() + "); not replaced"));
          return;
        }
      } else if (!current.notFound()) {
        throw new OperationFailedException(registry.describe("GET", registry.resolve(path), current));
      }
      if (merged.containsAll(versions)) {
        out.add(new PublishedFile(ecosystem(), path, Outcome.ALREADY_PRESENT, ""));
        return;
      }
      merged.addAll(versions);
      if (dryRun) {
        out.add(new PublishedFile(ecosystem(), path, Outcome.WOULD_PUBLISH, ""));
        return;
      }
      byte[] xml = MavenMetadata.write(groupId, artifactId, merged);
      put(path, null, xml);
      for (Map.Entry<String, String> sum : SUMS.entrySet()) {
        put(path + "." + sum.getKey(), null, Hex.encode(digest(sum.getValue(), xml)).getBytes(StandardCharsets.US_ASCII));
      }
      out.add(new PublishedFile(ecosystem(), path, Outcome.PUBLISHED, ""));
    }

    private void put(String path, Path file, byte[] bytes) throws OperationFailedException {
      String type = bytes != null && !path.endsWith(".xml") ? "text/plain" : "application/octet-stream";
      registry.putStatic(path, file, bytes, type);
    }
  }

  private static Map<String, String> digests(Path file) throws OperationFailedException {
    try (InputStream in = Files.newInputStream(file)) {
      Map<String, MessageDigest> mds = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : SUMS.entrySet()) {
        mds.put(e.getKey(), MessageDigest.getInstance(e.getValue()));
      }
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        for (MessageDigest md : mds.values()) {
          md.update(buf, 0, n);
        }
      }
      Map<String, String> out = new LinkedHashMap<>();
      mds.forEach((k, md) -> out.put(k, Hex.encode(md.digest())));
      return out;
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) throws OperationFailedException {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new OperationFailedException(e.getMessage(), e);
    }
  }
}
