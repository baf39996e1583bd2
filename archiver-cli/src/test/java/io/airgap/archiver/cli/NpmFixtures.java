package io.airgap.archiver.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Tiny npm packages made with stock {@code npm pack}, placed in a registry's tarball layout, and lock files naming them. */
final class NpmFixtures {
  private NpmFixtures() {}

  /** A packed package: where its tarball lies in the registry folder and its SRI integrity. */
  record Pkg(String name, String version, Map<String, String> dependencies, String registryPath, String integrity) {}

  static Pkg pack(Path work, Path registryRoot, String name, String version, Map<String, String> dependencies)
      throws Exception {
    return pack(work, registryRoot, name, version, dependencies, null);
  }

  /** As {@link #pack(Path, Path, String, String, Map)}, declaring {@code license} (an SPDX id) in package.json. */
  static Pkg pack(Path work, Path registryRoot, String name, String version, Map<String, String> dependencies,
      String license) throws Exception {
    Path src = Files.createDirectories(work.resolve("npm-src").resolve(name.replace('/', '_') + "-" + version));
    ObjectNode pkg = Json.mapper().createObjectNode().put("name", name).put("version", version).put("main", "index.js");
    ObjectNode deps = pkg.putObject("dependencies");
    dependencies.forEach(deps::put);
    if (license != null) {
      pkg.put("license", license);
    }
    Files.write(src.resolve("package.json"), Json.prettyWriter().writeValueAsBytes(pkg));
    Files.writeString(src.resolve("index.js"), "module.exports = '" + name + "@" + version + "';\n");
    Path out = Files.createDirectories(work.resolve("npm-packed"));
    Tools.run(src, work.resolve("npm-home"), Map.of(), "npm", "pack", "--silent", "--pack-destination", out.toString())
        .expectSuccess("npm pack " + name);
    String unscoped = name.substring(name.indexOf('/') + 1);
    String packedName = (name.startsWith("@") ? name.substring(1).replace('/', '-') : name) + "-" + version + ".tgz";
    String registryPath = name + "/-/" + unscoped + "-" + version + ".tgz";
    Path target = registryRoot.resolve(registryPath);
    Files.createDirectories(target.getParent());
    Files.move(out.resolve(packedName), target);
    return new Pkg(name, version, dependencies, registryPath, integrity(Files.readAllBytes(target)));
  }

  static String integrity(byte[] content) throws Exception {
    return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(content));
  }

  /** package.json and a lockfileVersion 3 package-lock.json depending on {@code top}, resolving under {@code base}. */
  static void writeProject(Path dir, List<Pkg> top, List<Pkg> all, String resolvedBase) throws IOException {
    ObjectNode pkg = Json.mapper().createObjectNode().put("name", "app").put("version", "1.0.0");
    ObjectNode deps = pkg.putObject("dependencies");
    top.forEach(p -> deps.put(p.name(), p.version()));
    Files.createDirectories(dir);
    Files.write(dir.resolve("package.json"), Json.prettyWriter().writeValueAsBytes(pkg));
    ObjectNode lock = Json.mapper().createObjectNode().put("name", "app").put("version", "1.0.0")
        .put("lockfileVersion", 3).put("requires", true);
    ObjectNode packages = lock.putObject("packages");
    ObjectNode root = packages.putObject("").put("name", "app").put("version", "1.0.0");
    ObjectNode rootDeps = root.putObject("dependencies");
    top.forEach(p -> rootDeps.put(p.name(), p.version()));
    for (Pkg p : all) {
      ObjectNode e = packages.putObject("node_modules/" + p.name()).put("version", p.version())
          .put("resolved", resolvedBase + p.registryPath()).put("integrity", p.integrity());
      if (!p.dependencies().isEmpty()) {
        ObjectNode d = e.putObject("dependencies");
        p.dependencies().forEach(d::put);
      }
    }
    Files.write(dir.resolve("package-lock.json"), Json.prettyWriter().writeValueAsBytes(lock));
  }
}
