package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.eclipse.aether.util.version.GenericVersionScheme;
import org.eclipse.aether.version.InvalidVersionSpecificationException;
import org.eclipse.aether.version.Version;

/**
 * The {@code maven-metadata-local.xml} of each artifact a build asks for by version range, listing
 * the versions the archive carries: offline Maven reads a range's candidates from such metadata
 * only, and finding just the carried versions it picks the one the connected side resolved.
 */
final class RangeMetadata {
  static final String FILE = "maven-metadata-local.xml";

  private RangeMetadata() {}

  /**
   * @param versions {@code groupId:artifactId} of each artifact asked for by range → the versions it resolved to
   * @param foundIn the build files that asked
   */
  static List<VendoredFile> write(Map<String, SortedSet<String>> versions, List<String> foundIn, Path folder)
      throws IOException {
    List<VendoredFile> out = new ArrayList<>();
    for (Map.Entry<String, SortedSet<String>> e : versions.entrySet()) {
      String[] ga = e.getKey().split(":");
      List<String> sorted = sort(e.getValue());
      StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
          .append("  <groupId>").append(ga[0]).append("</groupId>\n")
          .append("  <artifactId>").append(ga[1]).append("</artifactId>\n")
          .append("  <versioning>\n    <latest>").append(sorted.get(sorted.size() - 1)).append("</latest>\n")
          .append("    <versions>\n");
      sorted.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
      xml.append("    </versions>\n  </versioning>\n</metadata>\n");
      byte[] content = xml.toString().getBytes(StandardCharsets.UTF_8);
      String path = ga[0].replace('.', '/') + "/" + ga[1] + "/" + FILE;
      Path target = folder.resolve(path);
      Files.createDirectories(target.getParent());
      try (AtomicFileWriter w = AtomicFileWriter.open(target)) {
        w.stream().write(content);
        w.commitReplacing();
      }
      String newest = sorted.get(sorted.size() - 1);
      out.add(new VendoredFile(MavenEcosystem.ID, path, target, Sha256.of(content), e.getKey(), newest, null,
          Purls.maven(ga[0], ga[1], newest, null, "jar"), false, foundIn));
    }
    return out;
  }

  private static List<String> sort(SortedSet<String> versions) {
    GenericVersionScheme scheme = new GenericVersionScheme();
    TreeMap<Version, String> byVersion = new TreeMap<>();
    for (String v : versions) {
      try {
        byVersion.put(scheme.parseVersion(v), v);
      } catch (InvalidVersionSpecificationException e) {
        throw new IllegalStateException(e);
      }
    }
    return new ArrayList<>(byVersion.values());
  }
}
