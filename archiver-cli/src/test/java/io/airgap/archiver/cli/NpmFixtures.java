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

/**
 * Tiny npm packages made with stock {@code npm pack} (the pinned npm of {@link NpmClients}), placed in a
 * registry's tarball layout, and lock files naming them.
 */
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
    return pack(work, registryRoot, name, version, dependencies, license, Map.of());
  }

  /**
   * As {@link #pack(Path, Path, String, String, Map, String)}, with {@code files} (path → content)
   * beside index.js; a path under {@code bin/} is made executable, as a command's script is.
   */
  static Pkg pack(Path work, Path registryRoot, String name, String version, Map<String, String> dependencies,
      String license, Map<String, String> files) throws Exception {
    Path src = Files.createDirectories(work.resolve("npm-src").resolve(name.replace('/', '_') + "-" + version));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = src.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
      file.toFile().setExecutable(f.getKey().startsWith("bin/"));
    }
    ObjectNode pkg = Json.mapper().createObjectNode().put("name", name).put("version", version).put("main", "index.js");
    ObjectNode deps = pkg.putObject("dependencies");
    dependencies.forEach(deps::put);
    if (license != null) {
      pkg.put("license", license);
    }
    Files.write(src.resolve("package.json"), Json.prettyWriter().writeValueAsBytes(pkg));
    Files.writeString(src.resolve("index.js"), "module.exports = '" + name + "@" + version + "';\n");
    Path out = Files.createDirectories(work.resolve("npm-packed"));
    Tools.run(src, work.resolve("npm-home"), NpmClients.env(NpmClients.NPM_11), NpmClients.NPM_11.command(), "pack",
        "--silent", "--pack-destination", out.toString()).expectSuccess(NpmClients.NPM_11 + " pack " + name);
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

  /**
   * The registry's document (packument) of one package listing {@code versions}, as
   * {@code <name>/index.json} in the registry folder, which {@link RegistryServer} serves at {@code /<name>}.
   */
  static void writeDocument(Path registryRoot, List<Pkg> versions) throws Exception {
    writeDocument(registryRoot, versions, "https://registry.npmjs.org/");
  }

  /** As {@link #writeDocument(Path, List)}, naming tarballs under {@code tarballBase}, as a company registry names its own. */
  static void writeDocument(Path registryRoot, List<Pkg> versions, String tarballBase) throws Exception {
    String name = versions.get(0).name();
    ObjectNode doc = Json.mapper().createObjectNode().put("name", name);
    doc.putObject("dist-tags").put("latest", versions.get(versions.size() - 1).version());
    ObjectNode all = doc.putObject("versions");
    ObjectNode time = Json.mapper().createObjectNode();
    for (Pkg p : versions) {
      ObjectNode v = all.putObject(p.version()).put("name", name).put("version", p.version());
      ObjectNode deps = v.putObject("dependencies");
      p.dependencies().forEach(deps::put);
      byte[] tarball = Files.readAllBytes(registryRoot.resolve(p.registryPath()));
      v.putObject("dist").put("tarball", tarballBase + p.registryPath())
          .put("integrity", p.integrity())
          .put("shasum", io.airgap.archiver.internal.Hex.encode(MessageDigest.getInstance("SHA-1").digest(tarball)));
      time.put(p.version(), "2026-01-0" + (time.size() + 1) + "T00:00:00.000Z");
    }
    doc.set("time", time);
    Files.write(registryRoot.resolve(name).resolve("index.json"), Json.prettyWriter().writeValueAsBytes(doc));
  }

  /** package.json and a yarn classic yarn.lock (as yarn 1 writes it) depending on {@code top}, resolving under {@code resolvedBase}. */
  static void writeYarnProject(Path dir, Path registryRoot, List<Pkg> top, List<Pkg> all, String resolvedBase)
      throws Exception {
    writePackageJson(dir, top);
    StringBuilder lock = new StringBuilder("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
        + "# yarn lockfile v1\n\n");
    for (Pkg p : all) {
      // the ranges other packages ask for, and the exact version the project asks for
      List<String> ranges = new java.util.ArrayList<>();
      all.forEach(o -> o.dependencies().forEach((n, r) -> {
        if (n.equals(p.name())) {
          ranges.add("\"" + n + "@" + r + "\"");
        }
      }));
      if (top.contains(p)) {
        ranges.add("\"" + p.name() + "@" + p.version() + "\"");
      }
      String sha1 = io.airgap.archiver.internal.Hex.encode(MessageDigest.getInstance("SHA-1")
          .digest(Files.readAllBytes(registryRoot.resolve(p.registryPath()))));
      lock.append("\n").append(String.join(", ", ranges)).append(":\n")
          .append("  version \"").append(p.version()).append("\"\n")
          .append("  resolved \"").append(resolvedBase).append(p.registryPath()).append("#").append(sha1).append("\"\n")
          .append("  integrity ").append(p.integrity()).append("\n");
      if (!p.dependencies().isEmpty()) {
        lock.append("  dependencies:\n");
        p.dependencies().forEach((n, r) -> lock.append("    \"").append(n).append("\" \"").append(r).append("\"\n"));
      }
    }
    Files.writeString(dir.resolve("yarn.lock"), lock.toString());
  }

  /**
   * package.json and a lockfileVersion 3 package-lock.json depending on {@code top}, resolving under
   * {@code resolvedBase}, or without {@code resolved} URLs when it is null (npm's
   * {@code omit-lockfile-registry-resolved}).
   */
  static void writeProject(Path dir, List<Pkg> top, List<Pkg> all, String resolvedBase) throws IOException {
    writePackageJson(dir, top);
    ObjectNode lock = Json.mapper().createObjectNode().put("name", "app").put("version", "1.0.0")
        .put("lockfileVersion", 3).put("requires", true);
    ObjectNode packages = lock.putObject("packages");
    ObjectNode root = packages.putObject("").put("name", "app").put("version", "1.0.0");
    ObjectNode rootDeps = root.putObject("dependencies");
    top.forEach(p -> rootDeps.put(p.name(), p.version()));
    for (Pkg p : all) {
      ObjectNode e = packages.putObject("node_modules/" + p.name()).put("version", p.version());
      if (resolvedBase != null) {
        e.put("resolved", resolvedBase + p.registryPath());
      }
      e.put("integrity", p.integrity());
      if (!p.dependencies().isEmpty()) {
        ObjectNode d = e.putObject("dependencies");
        p.dependencies().forEach(d::put);
      }
    }
    Files.write(dir.resolve("package-lock.json"), Json.prettyWriter().writeValueAsBytes(lock));
  }

  /**
   * package.json and a pnpm-lock.yaml of {@code lockfileVersion} 6 or 9 (as pnpm 8 and pnpm 9+ write
   * them) depending on {@code top}; each dependency range resolves to the package of that name in {@code all}.
   */
  static void writePnpmProject(Path dir, List<Pkg> top, List<Pkg> all, int lockfileVersion) throws IOException {
    writePackageJson(dir, top);
    boolean v9 = lockfileVersion == 9;
    StringBuilder lock = new StringBuilder("lockfileVersion: '" + lockfileVersion + ".0'\n\nsettings:\n"
        + "  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\n");
    lock.append(v9 ? "importers:\n\n  .:\n    dependencies:\n" : "dependencies:\n");
    String indent = v9 ? "      " : "  ";
    for (Pkg p : top) {
      lock.append(indent).append("'").append(p.name()).append("':\n")
          .append(indent).append("  specifier: ").append(p.version()).append("\n")
          .append(indent).append("  version: ").append(p.version()).append("\n");
    }
    lock.append("\npackages:\n");
    for (Pkg p : all) {
      lock.append("\n  '").append(v9 ? "" : "/").append(p.name()).append("@").append(p.version()).append("':\n")
          .append("    resolution: {integrity: ").append(p.integrity()).append("}\n");
      if (!v9) {
        pnpmDependencies(lock, p, all, "    ");
        lock.append("    dev: false\n");
      }
    }
    if (v9) {
      lock.append("\nsnapshots:\n");
      for (Pkg p : all) {
        lock.append("\n  '").append(p.name()).append("@").append(p.version()).append("':")
            .append(p.dependencies().isEmpty() ? " {}\n" : "\n");
        pnpmDependencies(lock, p, all, "    ");
      }
    }
    Files.writeString(dir.resolve("pnpm-lock.yaml"), lock.toString());
  }

  private static void pnpmDependencies(StringBuilder lock, Pkg p, List<Pkg> all, String indent) {
    if (p.dependencies().isEmpty()) {
      return;
    }
    lock.append(indent).append("dependencies:\n");
    p.dependencies().keySet().forEach(n -> lock.append(indent).append("  '").append(n).append("': ")
        .append(all.stream().filter(o -> o.name().equals(n)).findFirst().orElseThrow().version()).append("\n"));
  }

  /** The project's package.json, depending on exactly the versions of {@code top}. */
  private static void writePackageJson(Path dir, List<Pkg> top) throws IOException {
    ObjectNode pkg = Json.mapper().createObjectNode().put("name", "app").put("version", "1.0.0");
    ObjectNode deps = pkg.putObject("dependencies");
    top.forEach(p -> deps.put(p.name(), p.version()));
    Files.createDirectories(dir);
    Files.write(dir.resolve("package.json"), Json.prettyWriter().writeValueAsBytes(pkg));
  }
}
