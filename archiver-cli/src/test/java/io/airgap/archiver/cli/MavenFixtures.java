package io.airgap.archiver.cli;

import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small multi-module Maven build (an external parent that pins plugins and imports Jackson's
 * BOM, a library module with a JUnit 5 test, an application module with transitive dependencies) using only artifacts
 * this project's own build leaves in the local repository, so a loopback repository can serve them.
 */
final class MavenFixtures {
  /** Plugin versions of this project's own build (the parent pom), so they are in ~/.m2 wherever it was built. */
  static final String PLUGINS = plugin("maven-clean-plugin", "3.4.0") + plugin("maven-resources-plugin", "3.3.1")
      + plugin("maven-compiler-plugin", "3.13.0") + plugin("maven-surefire-plugin", "3.5.2")
      + plugin("maven-jar-plugin", "3.4.2") + plugin("maven-install-plugin", "3.1.2");

  /** A {@code <build>} pinning {@link #PLUGINS} in its plugin management. */
  private static final String PINNED_PLUGINS = "  <build>\n    <pluginManagement>\n      <plugins>\n" + PLUGINS
      + "      </plugins>\n    </pluginManagement>\n  </build>\n";

  /** The head of a POM whose parent is {@link #corpParent}, up to its own coordinates. */
  private static final String UNDER_CORP_PARENT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>com.example.corp</groupId>
          <artifactId>corp-parent</artifactId>
          <version>1.0</version>
          <relativePath/>
        </parent>
      """;

  private MavenFixtures() {}

  /** The local repository this project was built with ({@code -Dmaven.repo.local} when the tests get it). */
  static Path localRepository() {
    String explicit = System.getProperty("maven.repo.local");
    return explicit != null && !explicit.isBlank() ? Path.of(explicit)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** {@code com.example.corp:corp-parent:1.0} in the served repository's layout. */
  static void corpParent(Path repo) throws IOException {
    Path dir = Files.createDirectories(repo.resolve("com/example/corp/corp-parent/1.0"));
    Files.writeString(dir.resolve("corp-parent-1.0.pom"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.corp</groupId>
          <artifactId>corp-parent</artifactId>
          <version>1.0</version>
          <packaging>pom</packaging>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>com.fasterxml.jackson</groupId>
                <artifactId>jackson-bom</artifactId>
                <version>2.21.0</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
        """ + PINNED_PLUGINS + """
        </project>
        """);
  }

  /** Writes the sample build into {@code src}. */
  static void sampleProject(Path src) throws IOException {
    SampleRepos.write(src, "pom.xml", UNDER_CORP_PARENT + """
          <groupId>com.example.sample</groupId>
          <artifactId>sample-root</artifactId>
          <version>1.0.0</version>
          <packaging>pom</packaging>
          <modules>
            <module>lib</module>
            <module>app</module>
          </modules>
        </project>
        """);
    SampleRepos.write(src, "lib/pom.xml", module("lib", """
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-api</artifactId>
              <version>2.0.17</version>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>5.11.4</version>
              <scope>test</scope>
            </dependency>
        """));
    SampleRepos.write(src, "lib/src/test/java/com/example/lib/GreeterTest.java", """
        package com.example.lib;

        import org.junit.jupiter.api.Assertions;
        import org.junit.jupiter.api.Test;

        class GreeterTest {
          @Test
          void greets() {
            Assertions.assertEquals("hello you", Greeter.greet("you"));
          }
        }
        """);
    SampleRepos.write(src, "lib/src/main/java/com/example/lib/Greeter.java", """
        package com.example.lib;

        public final class Greeter {
          public static String greet(String who) {
            org.slf4j.LoggerFactory.getLogger(Greeter.class).info("greeting {}", who);
            return "hello " + who;
          }
        }
        """);
    SampleRepos.write(src, "app/pom.xml", module("app", """
            <dependency>
              <groupId>com.example.sample</groupId>
              <artifactId>lib</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
            </dependency>
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-simple</artifactId>
              <version>2.0.17</version>
              <scope>runtime</scope>
            </dependency>
        """));
    SampleRepos.write(src, "app/src/main/java/com/example/app/App.java", """
        package com.example.app;

        import com.fasterxml.jackson.databind.ObjectMapper;
        import java.util.Map;

        public final class App {
          public static void main(String[] args) throws Exception {
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("msg", com.example.lib.Greeter.greet("air gap"))));
          }
        }
        """);
  }

  /**
   * A multi-module build that pins no plugin, as most builds: which plugins run depends on the
   * Maven that builds it. Its only dependency is one this project's build leaves in ~/.m2.
   */
  static void unpinnedProject(Path src) throws IOException {
    SampleRepos.write(src, "pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.plain</groupId>
          <artifactId>plain-root</artifactId>
          <version>1.0.0</version>
          <packaging>pom</packaging>
          <properties>
            <maven.compiler.source>17</maven.compiler.source>
            <maven.compiler.target>17</maven.compiler.target>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <modules>
            <module>lib</module>
            <module>app</module>
          </modules>
        </project>
        """);
    SampleRepos.write(src, "lib/pom.xml", plainModule("lib", """
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-api</artifactId>
              <version>2.0.17</version>
            </dependency>
        """));
    SampleRepos.write(src, "lib/src/main/java/com/example/lib/Greeter.java", """
        package com.example.lib;

        public final class Greeter {
          public static String greet(String who) {
            org.slf4j.LoggerFactory.getLogger(Greeter.class).info("greeting {}", who);
            return "hello " + who;
          }
        }
        """);
    SampleRepos.write(src, "lib/src/main/resources/greeting.txt", "hello\n");
    SampleRepos.write(src, "app/pom.xml", plainModule("app", """
            <dependency>
              <groupId>com.example.plain</groupId>
              <artifactId>lib</artifactId>
              <version>${project.version}</version>
            </dependency>
        """));
    SampleRepos.write(src, "app/src/main/java/com/example/app/App.java", """
        package com.example.app;

        public final class App {
          public static void main(String[] args) {
            System.out.println(com.example.lib.Greeter.greet("air gap"));
          }
        }
        """);
  }

  /** {@code groupId:artifactId:version}, a jar whose POM declares {@code licenseName}, in the served repository's layout. */
  static void licensedLibrary(Path repo, String groupId, String artifactId, String version, String licenseName)
      throws IOException {
    Path dir = Files.createDirectories(repo.resolve(groupId.replace('.', '/') + "/" + artifactId + "/" + version));
    Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
          <licenses><license><name>%s</name></license></licenses>
        </project>
        """.formatted(groupId, artifactId, version, licenseName));
    try (var jar = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve(artifactId + "-" + version
        + ".jar")))) {
      jar.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
      jar.write("Manifest-Version: 1.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  /** A one-module build with its plugins pinned (see {@link #PLUGINS}) and one dependency. */
  static void singleModuleProject(Path src, String groupId, String artifactId, String version) throws IOException {
    SampleRepos.write(src, "pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.single</groupId>
          <artifactId>single</artifactId>
          <version>1.0.0</version>
          <dependencies>
            <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>
          </dependencies>
        """.formatted(groupId, artifactId, version) + PINNED_PLUGINS + """
        </project>
        """);
  }

  /** A Maven distribution ({@code apache-maven-<v>-bin.tar.gz}) from the local repository, where .ci/run puts it. */
  static Path distribution(String version) {
    Path file = localRepository().resolve("org/apache/maven/apache-maven/" + version + "/apache-maven-" + version
        + "-bin.tar.gz");
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new AssertionError(file + " is missing: .ci/run fetches the Maven distributions and default plugins"
          + " these tests serve from the local repository");
    }
    return file;
  }

  /**
   * Adds a Maven Wrapper (3.3, only-script, as {@code mvn wrapper:wrapper} writes it) naming Maven
   * {@code version}: its properties, and the stock {@code mvnw} script from the wrapper distribution
   * in the local repository, where .ci/run puts it.
   */
  static void wrapper(Path src, String version) throws IOException {
    SampleRepos.write(src, ".mvn/wrapper/maven-wrapper.properties", "wrapperVersion=3.3.4\n"
        + "distributionType=only-script\n"
        + "distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/" + version
        + "/apache-maven-" + version + "-bin.zip\n");
    Path zip = localRepository().resolve("org/apache/maven/wrapper/maven-wrapper-distribution/3.3.4/"
        + "maven-wrapper-distribution-3.3.4-only-script.zip");
    if (!java.nio.file.Files.isRegularFile(zip)) {
      throw new AssertionError(zip + " is missing: .ci/run fetches the Maven Wrapper these tests use");
    }
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      Path mvnw = src.resolve("mvnw");
      try (var in = z.getInputStream(z.getEntry("mvnw"))) {
        java.nio.file.Files.copy(in, mvnw);
      }
      mvnw.toFile().setExecutable(true);
    }
  }

  /** When the company repository fixture's snapshot builds were deployed; build 3 is the latest. */
  static final String SNAPSHOT_TIMESTAMP = "20261120.101010";

  /**
   * A company repository's SNAPSHOT and released artifacts, as a repository manager serves them:
   * {@code com.example.corp:corp-snap:1.0-SNAPSHOT} deployed twice (builds 2 and 3, the version
   * folder's maven-metadata.xml naming build 3) and {@code corp-range} 1.0, 1.5 and 2.0 (listed in its
   * maven-metadata.xml). Each jar holds one class named after its version ({@code SnapBuild3},
   * {@code Range15}), so code compiling against one proves which was on the class path.
   */
  static void companyRepository(Path repo, Path work) throws IOException {
    Path snap = repo.resolve("com/example/corp/corp-snap/1.0-SNAPSHOT");
    for (int build = 2; build <= 3; build++) {
      String version = "1.0-" + SNAPSHOT_TIMESTAMP + "-" + build;
      artifact(snap, "corp-snap", version, "1.0-SNAPSHOT", "com.example.corp.snap.SnapBuild" + build, work);
    }
    Files.writeString(snap.resolve("maven-metadata.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata modelVersion="1.1.0">
          <groupId>com.example.corp</groupId>
          <artifactId>corp-snap</artifactId>
          <version>1.0-SNAPSHOT</version>
          <versioning>
            <snapshot><timestamp>%1$s</timestamp><buildNumber>3</buildNumber></snapshot>
            <lastUpdated>20261120101010</lastUpdated>
            <snapshotVersions>
              <snapshotVersion><extension>jar</extension><value>1.0-%1$s-3</value><updated>20261120101010</updated></snapshotVersion>
              <snapshotVersion><extension>pom</extension><value>1.0-%1$s-3</value><updated>20261120101010</updated></snapshotVersion>
            </snapshotVersions>
          </versioning>
        </metadata>
        """.formatted(SNAPSHOT_TIMESTAMP));
    sha1(snap.resolve("maven-metadata.xml"));
    Path range = repo.resolve("com/example/corp/corp-range");
    for (String version : List.of("1.0", "1.5", "2.0")) {
      artifact(range.resolve(version), "corp-range", version, version,
          "com.example.corp.range.Range" + version.replace(".", ""), work);
    }
    Files.writeString(range.resolve("maven-metadata.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata>
          <groupId>com.example.corp</groupId>
          <artifactId>corp-range</artifactId>
          <versioning>
            <latest>2.0</latest>
            <release>2.0</release>
            <versions><version>1.0</version><version>1.5</version><version>2.0</version></versions>
            <lastUpdated>20261120101010</lastUpdated>
          </versioning>
        </metadata>
        """);
    sha1(range.resolve("maven-metadata.xml"));
  }

  /** The {@code .sha1} a repository manager serves beside metadata (the loopback server makes them only for artifacts). */
  private static void sha1(Path file) throws IOException {
    try {
      Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), io.airgap.archiver.internal.Hex.encode(
          java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file))));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A project depending on {@code corp-snap:1.0-SNAPSHOT} and {@code corp-range:[1.0,2.0)}, using the classes of build 3 and of 1.5. */
  static void rangeAndSnapshotProject(Path src) throws IOException {
    SampleRepos.write(src, "pom.xml", UNDER_CORP_PARENT + """
          <groupId>com.example.moving</groupId>
          <artifactId>moving-app</artifactId>
          <version>1.0.0</version>
          <repositories>
            <repository>
              <id>corp-snapshots</id>
              <url>https://repo.example.com/snapshots/</url>
              <releases><enabled>false</enabled></releases>
              <snapshots><enabled>true</enabled></snapshots>
            </repository>
          </repositories>
          <dependencies>
            <dependency>
              <groupId>com.example.corp</groupId>
              <artifactId>corp-snap</artifactId>
              <version>1.0-SNAPSHOT</version>
            </dependency>
            <dependency>
              <groupId>com.example.corp</groupId>
              <artifactId>corp-range</artifactId>
              <version>[1.0,2.0)</version>
            </dependency>
          </dependencies>
        </project>
        """);
    SampleRepos.write(src, "src/main/java/com/example/moving/Uses.java", """
        package com.example.moving;

        public final class Uses {
          public static final Class<?>[] BUILT_AGAINST = {
              com.example.corp.snap.SnapBuild3.class, com.example.corp.range.Range15.class};
        }
        """);
  }

  /** A jar holding the compiled class {@code className}, and its POM, named for {@code version} in {@code dir}. */
  private static void artifact(Path dir, String artifactId, String version, String pomVersion, String className,
      Path work) throws IOException {
    Path classes = Files.createDirectories(work.resolve("classes-" + artifactId + "-" + version));
    String simple = className.substring(className.lastIndexOf('.') + 1);
    Path source = classes.resolve(simple + ".java");
    Files.writeString(source, "package " + className.substring(0, className.lastIndexOf('.')) + ";\n"
        + "public final class " + simple + " {}\n");
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    if (javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString()) != 0) {
      throw new IOException("javac failed for " + className);
    }
    Files.createDirectories(dir);
    try (java.util.zip.ZipOutputStream jar = new java.util.zip.ZipOutputStream(
        Files.newOutputStream(dir.resolve(artifactId + "-" + version + ".jar")))) {
      String entry = className.replace('.', '/') + ".class";
      jar.putNextEntry(new java.util.zip.ZipEntry(entry));
      jar.write(Files.readAllBytes(classes.resolve(entry)));
      jar.closeEntry();
    }
    Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.corp</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
        </project>
        """.formatted(artifactId, pomVersion));
  }

  private static String plainModule(String artifactId, String dependencies) {
    return module(artifactId, dependencies).replace("com.example.sample", "com.example.plain")
        .replace("<artifactId>sample-root</artifactId>", "<artifactId>plain-root</artifactId>");
  }

  private static String module(String artifactId, String dependencies) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.example.sample</groupId>
            <artifactId>sample-root</artifactId>
            <version>1.0.0</version>
          </parent>
          <artifactId>%s</artifactId>
          <dependencies>
        %s  </dependencies>
        </project>
        """.formatted(artifactId, dependencies);
  }

  private static String plugin(String artifactId, String version) {
    return "        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifactId
        + "</artifactId><version>" + version + "</version></plugin>\n";
  }
}
