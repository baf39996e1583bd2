package io.airgap.archiver.deps;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.airgap.archiver.manifest.LicenseExpression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.util.LicenseResolver;

/**
 * The licences a vendored package declares, as written in its own metadata — a POM's
 * {@code <licenses>} (else its parent's, when the parent POM is vendored too), package.json's
 * {@code license}, a wheel's {@code License-Expression}/{@code License} classifiers — for the
 * SBOM and, as one SPDX expression, for the manifest's {@code license} field, where a licence policy
 * reads them on either side of the gap. Unreadable metadata yields none, never an error.
 */
final class Licenses {
  private static final int MAX_PARENTS = 10;

  private static final Pattern NOT_IN_REF = Pattern.compile("[^A-Za-z0-9.-]+");

  private Licenses() {}

  /** What each package declares, by package URL: read once from its primary file (else its first). */
  static Map<String, List<String>> declaredByPurl(Collection<VendoredFile> files) {
    Map<String, VendoredFile> byEntry = new TreeMap<>();
    Map<String, VendoredFile> mainByPurl = new TreeMap<>();
    for (VendoredFile f : files) {
      byEntry.put(f.entryName(), f);
      mainByPurl.merge(f.purl(), f, (a, b) -> a.primary() || !b.primary() ? a : b);
    }
    Map<String, List<String>> out = new TreeMap<>();
    mainByPurl.forEach((purl, main) -> out.put(purl, of(main, byEntry)));
    return out;
  }

  /**
   * The declared licences as one SPDX expression, or null when none is declared: an expression is
   * kept (ids checked and made canonical), a licence's name or URL becomes its SPDX id where
   * CycloneDX's resolver knows it, else a {@code LicenseRef-} of the name; several are a choice (OR).
   */
  static String expression(List<String> declared) {
    List<LicenseExpression> choices = new ArrayList<>();
    for (String text : declared.stream().map(String::trim).distinct().toList()) {
      LicenseExpression parsed = LicenseExpression.parseOrNull(text);
      LicenseExpression e = parsed == null ? null : parsed.resolveIds(Licenses::spdxId);
      if (e == null) {
        String id = spdxId(text);
        String ref = NOT_IN_REF.matcher(text).replaceAll("-").replaceAll("^-+|-+$", "");
        e = LicenseExpression.parseOrNull(id != null ? id
            : "LicenseRef-" + (ref.isEmpty() ? "unnamed" : ref.substring(0, Math.min(64, ref.length()))));
      }
      if (e != null) {
        choices.add(e);
      }
    }
    LicenseExpression all = LicenseExpression.anyOf(choices);
    return all == null ? null : all.toString();
  }

  /** The SPDX id CycloneDX's resolver maps a name, id or URL to; {@code LicenseRef-} ids as given; else null. */
  private static String spdxId(String text) {
    if (text.regionMatches(true, 0, "LicenseRef-", 0, 11)) {
      return "LicenseRef-" + text.substring(11);
    }
    LicenseChoice resolved = LicenseResolver.resolve(text);
    if (resolved == null || resolved.getLicenses() == null || resolved.getLicenses().size() != 1) {
      return null;
    }
    return resolved.getLicenses().get(0).getId();
  }

  /**
   * @param byEntry every vendored file by archive entry name, to find a jar's POM and a POM's parent
   */
  static List<String> of(VendoredFile main, Map<String, VendoredFile> byEntry) {
    try {
      String path = main.path();
      return switch (main.ecosystem()) {
        case "maven" -> maven(main, byEntry);
        case "npm" -> path.endsWith(".tgz") ? npm(main) : List.of();
        case "python" -> path.endsWith(".whl") ? wheel(main) : List.of();
        default -> List.of();
      };
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static List<String> maven(VendoredFile main, Map<String, VendoredFile> byEntry) throws IOException {
    String entry = main.entryName();
    String dir = entry.substring(0, entry.lastIndexOf('/') + 1);
    String artifactId = main.name().substring(main.name().indexOf(':') + 1);
    VendoredFile pom = byEntry.get(dir + artifactId + "-" + main.version() + ".pom");
    for (int depth = 0; pom != null && depth < MAX_PARENTS; depth++) {
      Model model;
      try (InputStream in = Files.newInputStream(pom.file())) {
        model = new MavenXpp3Reader().read(in, false);
      } catch (org.codehaus.plexus.util.xml.pull.XmlPullParserException e) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      model.getLicenses().forEach(l -> names.add(l.getName() != null ? l.getName() : l.getUrl()));
      names.removeIf(n -> n == null || n.isBlank());
      if (!names.isEmpty() || model.getParent() == null) {
        return names;
      }
      var parent = model.getParent();
      String parentPath = DependencyVendor.entryName("maven", parent.getGroupId().replace('.', '/') + "/"
          + parent.getArtifactId() + "/" + parent.getVersion() + "/" + parent.getArtifactId() + "-" + parent.getVersion()
          + ".pom");
      pom = byEntry.get(parentPath);
    }
    return List.of();
  }

  private static List<String> npm(VendoredFile main) throws IOException {
    try (InputStream file = Files.newInputStream(main.file());
         TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String name = e.getName();
        if (name.endsWith("/package.json") && name.indexOf('/') == name.lastIndexOf('/')) {
          JsonNode pkg = Json.mapper().readTree(tar.readNBytes(1 << 20));
          List<String> out = new ArrayList<>();
          JsonNode license = pkg.path("license");
          if (license.isTextual()) {
            out.add(license.asText());
          } else if (license.has("type")) {
            out.add(license.path("type").asText());
          }
          pkg.path("licenses").forEach(l -> out.add(l.isTextual() ? l.asText() : l.path("type").asText()));
          out.removeIf(String::isBlank);
          return out;
        }
      }
    }
    return List.of();
  }

  private static List<String> wheel(VendoredFile main) throws IOException {
    try (ZipFile zip = new ZipFile(main.file().toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.getName().endsWith(".dist-info/METADATA") && e.getName().indexOf('/') == e.getName().lastIndexOf('/')) {
          return metadata(zip.getInputStream(e));
        }
      }
    }
    return List.of();
  }

  /** Core metadata: License-Expression first, else the licence classifiers, else a short License field. */
  private static List<String> metadata(InputStream in) throws IOException {
    String expression = null;
    String license = null;
    List<String> classifiers = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null && !line.isEmpty(); line = r.readLine()) {
        if (line.startsWith("License-Expression:")) {
          expression = line.substring("License-Expression:".length()).trim();
        } else if (line.startsWith("License:")) {
          license = line.substring("License:".length()).trim();
        } else if (line.startsWith("Classifier: License ::")) {
          classifiers.add(line.substring(line.lastIndexOf("::") + 2).trim());
        }
      }
    }
    if (expression != null && !expression.isEmpty()) {
      return List.of(expression);
    }
    if (!classifiers.isEmpty()) {
      return classifiers;
    }
    return license != null && !license.isEmpty() && license.length() <= 100 ? List.of(license) : List.of();
  }
}
