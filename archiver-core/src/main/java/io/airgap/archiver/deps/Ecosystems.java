package io.airgap.archiver.deps;

import io.airgap.archiver.deps.go.GoEcosystem;
import io.airgap.archiver.deps.maven.MavenEcosystem;
import io.airgap.archiver.deps.maven.MavenLines;
import io.airgap.archiver.deps.npm.NpmEcosystem;
import io.airgap.archiver.deps.python.PythonEcosystem;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Wires every supported ecosystem to its registry (option, else environment, else public default). */
final class Ecosystems {
  private Ecosystems() {}

  static List<DependencyEcosystem> create(Path cache, Map<String, String> env, DependencySpec spec,
      ProgressListener progress) {
    Downloader downloader = new Downloader(Retry.standard(), progress);
    Registry npm = Registry.of("npm", first(spec.npmRegistryUrl(), env.get("NPM_REGISTRY_URL")),
        NpmEcosystem.PUBLIC_REGISTRY, env, "NPM");
    Registry python = Registry.of("python", first(spec.pythonIndexUrl(), env.get("PIP_INDEX_URL")),
        PythonEcosystem.PUBLIC_INDEX, env, "PYTHON");
    Registry go = Registry.of("go", first(spec.goProxyUrl(), GoEcosystem.firstProxy(env.get("GOPROXY"))),
        GoEcosystem.PUBLIC_PROXY, env, "GO");
    Registry maven = Registry.of("maven", first(spec.mavenRepoUrl(), env.get("MAVEN_REPO_URL")),
        MavenEcosystem.PUBLIC_REPOSITORY, env, "MAVEN");
    return List.of(
        new MavenEcosystem(maven, cache.resolve("maven"), MavenLines.of(spec.mavenVersions()), progress),
        new NpmEcosystem(npm, downloader, cache.resolve("npm"), progress),
        new PythonEcosystem(python, downloader, cache.resolve("python"), spec.pythonPlatforms(), spec.pythonVersion(),
            progress),
        new GoEcosystem(go, downloader, cache.resolve("go"), progress));
  }

  static String first(String option, String variable) {
    return option != null && !option.isBlank() ? option : variable;
  }
}
