package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.DetectedManifest;
import io.airgap.archiver.deps.MissingDependency;
import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.internal.Hex;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The Maven distributions the builds' Maven Wrapper names ({@code .mvn/wrapper/maven-wrapper.properties}
 * beside a top POM), so {@code ./mvnw -o} finds its Maven offline. The wrapper script (3.3, the
 * {@code only-script} type) looks for it under {@code ~/.m2/wrapper/dists/<name>/<hash of the URL>};
 * the hash is taken here, where the URL is known, so the URL itself (which may hold credentials)
 * never travels. {@code setup-maven.sh} unpacks each distribution there, as listed in {@link #FILE}.
 */
final class WrapperDistributions {
  /** Lines of {@code <folder under wrapper/dists> <repository path of the distribution zip>}, under {@code maven/}. */
  static final String FILE = "wrapper-dists.txt";
  static final String PROPERTIES = ".mvn/wrapper/maven-wrapper.properties";
  private static final Pattern URL = Pattern.compile(
      ".*/org/apache/maven/apache-maven/([0-9][0-9A-Za-z.-]*)/apache-maven-\\1-bin\\.zip");

  /** One distribution a wrapper names: its version, and where that wrapper looks for it. */
  record Distribution(String version, String distsFolder, String label) {
    /** The distribution in Maven Central's layout: {@code org.apache.maven:apache-maven:zip:bin:<version>}. */
    String repositoryPath() {
      return "org/apache/maven/apache-maven/" + version + "/apache-maven-" + version + "-bin.zip";
    }
  }

  private WrapperDistributions() {}

  /** The wrappers beside the detected top POMs; {@code warnings} gets those that cannot be vendored. */
  static List<Distribution> of(List<DetectedManifest> detected, List<String> warnings) throws IOException {
    List<Distribution> out = new ArrayList<>();
    for (DetectedManifest m : detected) {
      String dir = m.path().contains("/") ? m.path().substring(0, m.path().lastIndexOf('/') + 1) : "";
      String path = dir + PROPERTIES;
      if (!m.tree().exists(path)) {
        continue;
      }
      Properties p = new Properties();
      p.load(new StringReader(new String(m.tree().read(path), StandardCharsets.UTF_8)));
      String url = p.getProperty("distributionUrl", "").trim();
      Matcher matcher = URL.matcher(url);
      if (!matcher.matches()) {
        warnings.add(m.tree().label(path) + ": the wrapper's distributionUrl is not an apache-maven -bin.zip in a"
            + " Maven repository; its Maven was not vendored");
        continue;
      }
      // wrappers before 3.3 (and 3.3's other types) run maven-wrapper.jar, which lays distributions out differently
      boolean jar = m.tree().exists(dir + ".mvn/wrapper/maven-wrapper.jar") || p.containsKey("wrapperUrl");
      if (!"only-script".equals(p.getProperty("distributionType", jar ? "bin" : "only-script").trim())) {
        warnings.add(m.tree().label(path) + ": distributionType " + p.getProperty("distributionType", "bin") + ": the Maven is vendored"
            + " for the only-script wrapper's layout; regenerate the wrapper with `mvn wrapper:wrapper"
            + " -Dtype=only-script` for ./mvnw to find it offline");
      }
      String version = matcher.group(1);
      out.add(new Distribution(version, "apache-maven-" + version + "/" + hash(url), m.tree().label(path)));
    }
    return out;
  }

  /** What the wrapper script computes: Java's String.hashCode of the URL, as unsigned hex. */
  static String hash(String url) {
    return Integer.toHexString(url.hashCode());
  }

  /** The content of {@link #FILE}. */
  static byte[] listing(List<Distribution> distributions) {
    StringBuilder sb = new StringBuilder();
    distributions.stream().map(d -> d.distsFolder() + " " + d.repositoryPath()).distinct().sorted()
        .forEach(line -> sb.append(line).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Fetches the distributions the Maven Wrappers name; those that cannot be fetched go to {@code absent}. */
  static List<Distribution> resolve(ResolverSession resolver, List<Distribution> wrappers,
      List<MissingDependency> absent) throws ChecksumMismatchException {
    List<Distribution> found = new ArrayList<>();
    for (Distribution d : wrappers) {
      DefaultArtifact zip = new DefaultArtifact("org.apache.maven", "apache-maven", "bin", "zip", d.version());
      try {
        resolver.system().resolveArtifact(resolver.session(), new ArtifactRequest(zip, resolver.repositories(List.of()),
            null));
        found.add(d);
      } catch (ArtifactResolutionException e) {
        ResolutionFailures.checkChecksum(e, zip.toString());
        absent.add(new MissingDependency(MavenEcosystem.ID, "org.apache.maven:apache-maven", d.version(),
            "the Maven Wrapper's distribution: " + ResolutionFailures.of(e).values().stream().findFirst()
                .orElse(e.getMessage()), List.of(d.label())));
      }
    }
    return found;
  }

  /** The listing setup-maven.sh installs the wrappers' distributions by. */
  static VendoredFile listing(List<Distribution> found, Path cache) throws IOException {
    Path target = cache.resolve(FILE);
    byte[] listing = listing(found);
    Files.createDirectories(target.getParent());
    try (AtomicFileWriter out = AtomicFileWriter.open(target)) {
      out.stream().write(listing);
      out.commitReplacing();
    }
    String first = found.get(0).version();
    return new VendoredFile(MavenEcosystem.ID, FILE, target, sha256(listing), "org.apache.maven:apache-maven",
        first, null, Purls.maven("org.apache.maven", "apache-maven", first, "bin", "zip"), false,
        found.stream().map(Distribution::label).distinct().toList());
  }

  private static String sha256(byte[] content) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
