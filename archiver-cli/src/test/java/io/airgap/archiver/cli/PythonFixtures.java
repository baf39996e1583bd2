package io.airgap.archiver.cli;

import io.airgap.archiver.internal.Hex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny wheels and sdists written by hand, and a PEP 503 (HTML) or PEP 691 (JSON) simple index listing them. */
final class PythonFixtures {
  private PythonFixtures() {}

  /** A distribution file in the index's files folder and its SHA-256. */
  record Dist(String fileName, String sha256) {}

  /** A pure-Python wheel of module {@code <dist>} whose {@code VERSION} is the version; {@code tag} is py-abi-platform. */
  static Dist wheel(Path root, String dist, String version, String tag) throws Exception {
    return wheel(root, dist, version, tag, "Apache-2.0");
  }

  /** The same, declaring {@code licenseExpression} in its METADATA. */
  static Dist wheel(Path root, String dist, String version, String tag, String licenseExpression) throws Exception {
    String module = dist.replace('-', '_');
    String info = module + "-" + version + ".dist-info/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(module + "/__init__.py", ("VERSION = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
    files.put(info + "METADATA", ("Metadata-Version: 2.4\nName: " + dist + "\nVersion: " + version
        + "\nLicense-Expression: " + licenseExpression + "\n")
        .getBytes(StandardCharsets.UTF_8));
    files.put(info + "WHEEL", ("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: " + tag + "\n")
        .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    files.forEach((name, content) -> record.append(name).append(",sha256=").append(Base64.getUrlEncoder()
        .withoutPadding().encodeToString(sha256(content))).append(',').append(content.length).append('\n'));
    record.append(info).append("RECORD,,\n");
    files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
    String fileName = module + "-" + version + "-" + tag + ".whl";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return store(root, fileName, bytes.toByteArray());
  }

  static Dist sdist(Path root, String dist, String version) throws Exception {
    String stem = dist.replace('-', '_') + "-" + version;
    byte[] pkgInfo = ("Metadata-Version: 2.1\nName: " + dist + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      TarArchiveEntry entry = new TarArchiveEntry(stem + "/PKG-INFO");
      entry.setSize(pkgInfo.length);
      tar.putArchiveEntry(entry);
      tar.write(pkgInfo);
      tar.closeArchiveEntry();
    }
    return store(root, stem + ".tar.gz", bytes.toByteArray());
  }

  /** Writes {@code simple/<project>/index.html}, or {@code index.json} (PEP 691) when {@code json}. */
  static void index(Path root, String project, List<Dist> dists, boolean json) throws IOException {
    Path dir = Files.createDirectories(root.resolve("simple").resolve(project));
    StringBuilder out = new StringBuilder();
    if (json) {
      out.append("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"").append(project).append("\", \"files\": [");
      for (int i = 0; i < dists.size(); i++) {
        Dist d = dists.get(i);
        out.append(i == 0 ? "" : ", ").append("{\"filename\": \"").append(d.fileName())
            .append("\", \"url\": \"../../files/").append(d.fileName()).append("\", \"hashes\": {\"sha256\": \"")
            .append(d.sha256()).append("\"}}");
      }
      Files.writeString(dir.resolve("index.json"), out.append("]}\n").toString());
      return;
    }
    out.append("<!DOCTYPE html>\n<html><body>\n");
    for (Dist d : dists) {
      out.append("<a href=\"../../files/").append(d.fileName()).append("#sha256=").append(d.sha256()).append("\">")
          .append(d.fileName()).append("</a><br/>\n");
    }
    Files.writeString(dir.resolve("index.html"), out.append("</body></html>\n").toString());
  }

  private static Dist store(Path root, String fileName, byte[] content) throws IOException {
    Path file = Files.createDirectories(root.resolve("files")).resolve(fileName);
    Files.write(file, content);
    return new Dist(fileName, Hex.encode(sha256(content)));
  }

  static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
