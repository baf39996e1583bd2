package io.airgap.archiver.publish.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.publish.PublishedFile;
import io.airgap.archiver.publish.PublishedFile.Outcome;
import io.airgap.archiver.publish.RegistryClient;
import io.airgap.archiver.publish.RegistryPaths;
import io.airgap.archiver.publish.RegistryPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Publishes each vendored tarball ({@code <name>/-/<file>.tgz}) through the registry's publish
 * API, as {@code npm publish} does: one {@code PUT /<name>} per version with the package's
 * {@code package.json} as the version document, {@code dist.shasum} and {@code dist.integrity} of
 * the original tarball's bytes, and those bytes unchanged as the base64 attachment — so lock files'
 * integrity still matches. A version the registry lists with the same integrity is skipped; with
 * another, it is a conflict. {@code latest} is moved only to a version newer than the registry's.
 */
public final class NpmPublisher implements RegistryPublisher {
  private static final Pattern NAME = Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*");
  private static final int MAX_PACKAGE_JSON = 1 << 20;

  @Override
  public String ecosystem() {
    return "npm";
  }

  /** One tarball: its package's name and version, its bytes' digests. */
  private record Tarball(String name, String version, String fileName, Path file, ObjectNode manifest,
      String shasum, String integrity) {}

  @Override
  public List<PublishedFile> publish(Path dir, RegistryClient registry, boolean dryRun, ProgressListener progress)
      throws ArchiverException {
    Map<String, List<Tarball>> byName = new TreeMap<>();
    for (Tarball t : tarballs(dir, progress)) {
      byName.computeIfAbsent(t.name, k -> new ArrayList<>()).add(t);
    }
    List<PublishedFile> out = new ArrayList<>();
    for (Map.Entry<String, List<Tarball>> e : byName.entrySet()) {
      String path = urlPath(e.getKey());
      for (Tarball t : e.getValue()) {
        JsonNode doc = document(registry, path);
        JsonNode present = doc == null ? null : doc.path("versions").path(t.version);
        String label = t.name + "@" + t.version;
        if (present != null && present.isObject()) {
          out.add(compare(label, present, t));
        } else if (dryRun) {
          out.add(new PublishedFile(ecosystem(), label, Outcome.WOULD_PUBLISH, ""));
        } else {
          out.add(put(registry, path, doc, t, label));
          progress.debug("published npm " + label);
        }
      }
    }
    return out;
  }

  /** The package's document path as npm writes it: {@code name}, or {@code @scope%2fname}. */
  private static String urlPath(String name) throws OperationFailedException {
    int slash = name.indexOf('/');
    return slash < 0 ? RegistryPaths.segment(name, name)
        : RegistryPaths.segment(name.substring(0, slash), name) + "%2f" + RegistryPaths.segment(name.substring(slash + 1), name);
  }

  private PublishedFile compare(String label, JsonNode present, Tarball t) {
    JsonNode dist = present.path("dist");
    String integrity = dist.path("integrity").asText("");
    String shasum = dist.path("shasum").asText("");
    boolean same = integrity.startsWith("sha512-") ? integrity.equals(t.integrity) : shasum.equalsIgnoreCase(t.shasum);
    return same ? new PublishedFile(ecosystem(), label, Outcome.ALREADY_PRESENT, "")
        : new PublishedFile(ecosystem(), label, Outcome.CONFLICT, "the registry's integrity is "
            + TerminalText.line(integrity.isEmpty() ? "sha1 " + shasum : integrity) + ", the archive's " + t.integrity);
  }

  /** The registry's document of a package, or null when it has none. */
  private static JsonNode document(RegistryClient registry, String path) throws OperationFailedException {
    RegistryClient.Response r = registry.get(path, "application/json");
    if (r.notFound()) {
      return null;
    }
    if (!r.ok()) {
      throw new OperationFailedException(registry.describe("GET", registry.resolve(path), r));
    }
    try {
      JsonNode doc = Json.untrusted().readTree(r.body());
      if (!doc.isObject()) {
        throw new IOException("not a JSON object");
      }
      return doc;
    } catch (IOException e) {
      throw new OperationFailedException("the npm registry's document at " + registry.resolve(path)
          + " cannot be read: " + e.getMessage(), e);
    }
  }

  private PublishedFile put(RegistryClient registry, String path, JsonNode current, Tarball t, String label)
      throws OperationFailedException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(t.file);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + t.file + ": " + e.getMessage(), e);
    }
    ObjectNode version = t.manifest.deepCopy();
    version.put("_id", label);
    version.put("name", t.name).put("version", t.version);
    version.putObject("dist").put("shasum", t.shasum).put("integrity", t.integrity)
        .put("tarball", registry.resolve(RegistryPaths.of(t.name) + "/-/" + t.fileName).toString());
    ObjectNode doc = Json.mapper().createObjectNode().put("_id", t.name).put("name", t.name);
    if (t.manifest.has("description")) {
      doc.set("description", t.manifest.get("description"));
    }
    ObjectNode tags = doc.putObject("dist-tags");
    String latest = current == null ? null : current.path("dist-tags").path("latest").asText(null);
    if (latest == null || SemVer.compare(t.version, latest) > 0) {
      tags.put("latest", t.version);
    }
    doc.putObject("versions").set(t.version, version);
    doc.putObject("_attachments").putObject(t.fileName).put("content_type", "application/octet-stream")
        .put("data", Base64.getEncoder().encodeToString(bytes)).put("length", bytes.length);
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new OperationFailedException("cannot write the publish document of " + label + ": " + e.getMessage(), e);
    }
    RegistryClient.Response r = registry.put(path, body, "application/json");
    if (r.ok()) {
      return new PublishedFile(ecosystem(), label, Outcome.PUBLISHED, "");
    }
    // a lost answer to an earlier attempt, or a publish racing ours: what does the registry hold now?
    JsonNode now = r.status() == 409 || r.status() == 403 ? document(registry, path) : null;
    JsonNode present = now == null ? null : now.path("versions").path(t.version);
    if (present != null && present.isObject()) {
      return compare(label, present, t);
    }
    throw new OperationFailedException(registry.describe("PUT", registry.resolve(path), r));
  }

  /** Every {@code <name>/-/<file>.tgz} under {@code dir}, read and checked; other files are named and left. */
  private List<Tarball> tarballs(Path dir, ProgressListener progress) throws OperationFailedException {
    List<Tarball> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the vendored npm packages in " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      int dash = rel.indexOf("/-/");
      if (dash < 0 || !rel.endsWith(".tgz") || rel.indexOf('/', dash + 3) >= 0) {
        if (!rel.endsWith("/index.json")) {
          progress.debug("not an npm tarball, not published: " + rel);
        }
        continue;
      }
      String name = rel.substring(0, dash);
      if (!NAME.matcher(name).matches()) {
        throw new OperationFailedException("cannot publish " + TerminalText.line(rel) + ": '" + TerminalText.line(name)
            + "' is not an npm package name");
      }
      ObjectNode manifest = packageJson(f, rel);
      String version = manifest.path("version").asText("");
      if (!name.equals(manifest.path("name").asText()) || !version.matches("[0-9A-Za-z.+-]{1,256}")) {
        throw new OperationFailedException("cannot publish " + TerminalText.line(rel) + ": its package.json names "
            + TerminalText.line(manifest.path("name").asText()) + "@" + TerminalText.line(version) + ", not " + name);
      }
      String fileName = rel.substring(dash + 3);
      RegistryPaths.segment(fileName, rel);
      byte[][] sums = digests(f);
      out.add(new Tarball(name, version, fileName, f, manifest, Hex.encode(sums[0]),
          "sha512-" + Base64.getEncoder().encodeToString(sums[1])));
    }
    return out;
  }

  /** The tarball's {@code <top>/package.json}, as npm reads it (the first folder, whatever its name). */
  private static ObjectNode packageJson(Path tgz, String rel) throws OperationFailedException {
    try (InputStream raw = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String n = e.getName();
        int slash = n.indexOf('/');
        if (e.isFile() && slash > 0 && n.substring(slash + 1).equals("package.json")) {
          byte[] json = tar.readNBytes(MAX_PACKAGE_JSON + 1);
          if (json.length > MAX_PACKAGE_JSON) {
            throw new IOException("its package.json is larger than " + MAX_PACKAGE_JSON + " bytes");
          }
          JsonNode node = Json.untrusted().readTree(json);
          if (!(node instanceof ObjectNode object)) {
            throw new IOException("its package.json is not a JSON object");
          }
          return object;
        }
      }
      throw new IOException("it holds no package.json");
    } catch (IOException e) {
      throw new OperationFailedException("cannot publish " + TerminalText.line(rel) + ": " + e.getMessage(), e);
    }
  }

  private static byte[][] digests(Path f) throws OperationFailedException {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha1.update(buf, 0, n);
        sha512.update(buf, 0, n);
      }
      return new byte[][] {sha1.digest(), sha512.digest()};
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new OperationFailedException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
