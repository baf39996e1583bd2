package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.deps.DependencySpec;
import io.airgap.archiver.deps.maven.MavenLines;
import io.airgap.archiver.deps.python.PythonEcosystem;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code create}'s options for vendoring dependencies; registry defaults and credentials come from the environment. */
final class DependencyOptions {
  @Option(names = "--deps-refs", paramLabel = "GLOB", description = "Also vendor what the tips of these refs pin (default: the default branch only).")
  List<String> refs = new ArrayList<>();

  @Option(names = "--deps-best-effort", description = "Record dependencies that cannot be fetched as missing in the manifest instead of failing. Checksum mismatches still fail.")
  boolean bestEffort;

  @Option(names = "--python-platform", paramLabel = "TAG", description = "Carry only wheels for this platform tag (e.g. manylinux2014_x86_64, win_amd64) or 'any', falling back to the sdist. Default: every file of the pinned version.")
  List<String> pythonPlatforms = new ArrayList<>();

  @Option(names = "--python-version", paramLabel = "X.Y", description = "The air-gapped side's Python (e.g. 3.11): requirements*.in ranges are resolved by pip for it (binaries only, as pip download --python-version does) and only wheels for it are carried. Default: any.")
  String pythonVersion;

  @Option(names = "--maven-repo", paramLabel = "URL", description = "Maven repository or mirror. Default: $MAVEN_REPO_URL, else Maven Central. Credentials: $DEPS_MAVEN_USERNAME, $DEPS_MAVEN_PASSWORD.")
  String mavenRepo;

  @Option(names = "--maven-versions", split = ",", paramLabel = "VERSION", description = "For plugins a POM leaves unpinned, carry the default-lifecycle plugins of these Maven lines or versions (3.6, 3.8, 3.9, 4.0; e.g. 3.8.7). Default: all of them.")
  List<String> mavenVersions = new ArrayList<>();

  @Option(names = "--npm-registry", paramLabel = "URL", description = "npm registry or mirror; lock file URLs are moved onto it. Default: $NPM_REGISTRY_URL, else the lock file's URLs. Credentials: $DEPS_NPM_TOKEN, or $DEPS_NPM_USERNAME and $DEPS_NPM_PASSWORD.")
  String npmRegistry;

  @Option(names = "--pip-index", paramLabel = "URL", description = "PEP 503/691 simple index. Default: $PIP_INDEX_URL, else https://pypi.org/simple/. Credentials: $DEPS_PYTHON_USERNAME, $DEPS_PYTHON_PASSWORD.")
  String pipIndex;

  @Option(names = "--goproxy", paramLabel = "URL", description = "Go module proxy. Default: the first URL of $GOPROXY, else https://proxy.golang.org. Credentials: $DEPS_GO_USERNAME, $DEPS_GO_PASSWORD.")
  String goproxy;

  DependencySpec toSpec() throws InvalidRequestException {
    for (String url : new String[] {mavenRepo, npmRegistry, pipIndex, goproxy}) {
      if (url != null && url.matches("(?i)^[a-z][a-z0-9+.-]*://[^/]*@.*")) {
        throw new InvalidRequestException("registry URLs on the command line must not hold credentials: set"
            + " DEPS_<ECOSYSTEM>_USERNAME/_PASSWORD or _TOKEN instead");
      }
    }
    try {
      MavenLines.of(mavenVersions);
      PythonEcosystem.checkPythonVersion(pythonVersion);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return DependencySpec.builder().mavenVersions(mavenVersions).refGlobs(refs).bestEffort(bestEffort).pythonPlatforms(pythonPlatforms)
        .pythonVersion(pythonVersion)
        .mavenRepoUrl(mavenRepo).npmRegistryUrl(npmRegistry).pythonIndexUrl(pipIndex).goProxyUrl(goproxy).build();
  }
}
