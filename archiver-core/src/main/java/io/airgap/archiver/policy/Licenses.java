package io.airgap.archiver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Licences of vendored dependencies where they are cheap to read (npm: {@code package.json} in the
 * tarball), and SPDX expressions split into ids for the allow/deny lists. Until the manifest records
 * licences per dependency, this is how the policy learns them.
 */
public final class Licenses {
  private static final long MAX_PACKAGE_JSON = 1 << 20;

  private Licenses() {}

  /** The lower-case SPDX ids an expression names: {@code (MIT OR Apache-2.0)} gives mit, apache-2.0. */
  static List<String> ids(List<String> expressions) {
    Set<String> ids = new LinkedHashSet<>();
    for (String e : expressions) {
      for (String token : e.split("[\\s()]+")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("or") && !t.equals("and") && !t.equals("with")) {
          ids.add(t);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** The {@code license} (or old-style {@code licenses}) of an npm package tarball; empty if none or unreadable. */
  public static List<String> ofNpmTarball(InputStream tgz) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tgz))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = e.getName();
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(slash + 1).equals("package.json") && e.isFile()
            && e.getSize() <= MAX_PACKAGE_JSON) {
          return fromPackageJson(new ObjectMapper().readTree(tar.readNBytes((int) e.getSize())));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: reported as "no licence found" where the policy needs one
    }
    return List.of();
  }

  static List<String> fromPackageJson(JsonNode pkg) {
    List<String> out = new ArrayList<>();
    JsonNode license = pkg.path("license");
    if (license.isTextual()) {
      out.add(license.asText());
    } else if (license.has("type")) {
      out.add(license.path("type").asText());
    }
    for (JsonNode l : pkg.path("licenses")) {
      out.add(l.isTextual() ? l.asText() : l.path("type").asText());
    }
    out.removeIf(String::isBlank);
    return out;
  }
}
