package io.airgap.archiver.deps;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Map;
import java.util.TreeMap;

/** Package URLs (purl) of vendored artifacts, built with the reference library so escaping is right. */
public final class Purls {
  private Purls() {}

  public static String maven(String groupId, String artifactId, String version, String classifier, String type) {
    Map<String, String> q = new TreeMap<>();
    if (classifier != null && !classifier.isEmpty()) {
      q.put("classifier", classifier);
    }
    if (type != null && !type.equals("jar")) {
      q.put("type", type);
    }
    return build("maven", groupId, artifactId, version, q);
  }

  public static String npm(String name, String version) {
    int slash = name.startsWith("@") ? name.indexOf('/') : -1;
    return slash > 0 ? build("npm", name.substring(0, slash), name.substring(slash + 1), version, Map.of())
        : build("npm", null, name, version, Map.of());
  }

  public static String pypi(String name, String version, String fileName) {
    return build("pypi", null, name, version, Map.of("file_name", fileName));
  }

  public static String golang(String module, String version) {
    int slash = module.lastIndexOf('/');
    return slash > 0 ? build("golang", module.substring(0, slash), module.substring(slash + 1), version, Map.of())
        : build("golang", null, module, version, Map.of());
  }

  private static String build(String type, String namespace, String name, String version, Map<String, String> q) {
    try {
      return new PackageURL(type, namespace, name, version, q.isEmpty() ? null : new TreeMap<>(q), null)
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("cannot form a package URL for " + name + "@" + version + ": "
          + e.getMessage(), e);
    }
  }
}
