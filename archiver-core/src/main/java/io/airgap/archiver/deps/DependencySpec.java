package io.airgap.archiver.deps;

import java.util.List;

/**
 * How {@code create} vendors third-party dependencies: which refs to scan besides the default
 * branch, where each ecosystem's registry is (null: {@code $MAVEN_REPO_URL}, {@code $NPM_REGISTRY_URL},
 * {@code $PIP_INDEX_URL}, {@code $GOPROXY}, else the public one), and what to do when one cannot be
 * fetched, and which Maven lines' default plugins to carry for builds that leave plugins unpinned
 * (empty: every line). Registry credentials never travel here; they come from {@code DEPS_<ECOSYSTEM>_*} variables.
 */
public record DependencySpec(
    List<String> refGlobs,
    boolean bestEffort,
    List<String> pythonPlatforms,
    String mavenRepoUrl,
    String npmRegistryUrl,
    String pythonIndexUrl,
    String goProxyUrl,
    List<String> mavenVersions,
    String pythonVersion) {

  public DependencySpec {
    refGlobs = refGlobs == null ? List.of() : List.copyOf(refGlobs);
    mavenVersions = mavenVersions == null ? List.of() : List.copyOf(mavenVersions);
    pythonPlatforms = pythonPlatforms == null ? List.of() : List.copyOf(pythonPlatforms);
  }

  /** The default branch only, public registries (or the environment's), fail on anything missing. */
  public static DependencySpec defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DependencySpec}. */
  public static final class Builder {
    private List<String> refGlobs = List.of();
    private boolean bestEffort;
    private List<String> pythonPlatforms = List.of();
    private String mavenRepoUrl;
    private String npmRegistryUrl;
    private String pythonIndexUrl;
    private String goProxyUrl;
    private List<String> mavenVersions = List.of();
    private String pythonVersion;

    private Builder() {}

    /** Also scan the tips of refs matching these globs ({@code *} matches across {@code /}). */
    public Builder refGlobs(List<String> globs) { this.refGlobs = globs; return this; }
    /** Record dependencies that cannot be fetched as missing instead of failing. */
    public Builder bestEffort(boolean enabled) { this.bestEffort = enabled; return this; }
    /** Wheel platform tags to carry (e.g. {@code manylinux2014_x86_64}); empty carries every file. */
    public Builder pythonPlatforms(List<String> platforms) { this.pythonPlatforms = platforms; return this; }
    public Builder mavenRepoUrl(String url) { this.mavenRepoUrl = url; return this; }
    public Builder npmRegistryUrl(String url) { this.npmRegistryUrl = url; return this; }
    public Builder pythonIndexUrl(String url) { this.pythonIndexUrl = url; return this; }
    public Builder goProxyUrl(String url) { this.goProxyUrl = url; return this; }
    /** Maven versions or lines ({@code 3.8}, {@code 3.9.9}) whose default plugins to carry; empty: all. */
    public Builder mavenVersions(List<String> versions) { this.mavenVersions = versions; return this; }

    /** The air-gapped side's Python ({@code 3.11}): pip resolves for it, and only wheels for it are carried. */
    public Builder pythonVersion(String version) { this.pythonVersion = version; return this; }

    public DependencySpec build() {
      return new DependencySpec(refGlobs, bestEffort, pythonPlatforms, mavenRepoUrl, npmRegistryUrl,
          pythonIndexUrl, goProxyUrl, mavenVersions, pythonVersion);
    }
  }
}
