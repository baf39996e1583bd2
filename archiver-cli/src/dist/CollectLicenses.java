import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the licence and notice files each bundled library ships in its jar (META-INF/LICENSE*,
 * NOTICE*, and the like) into licenses/<jar name>/, for the release's third-party notices. Run by
 * build-release.sh as a single-file program: java CollectLicenses.java OUT-DIR CLASSPATH.
 */
public class CollectLicenses {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int jars = 0;
    int files = 0;
    for (String entry : args[1].split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      if (!name.endsWith(".jar") || !Files.isRegularFile(jar) || name.startsWith("archiver-")) {
        continue;
      }
      jars++;
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (e.isDirectory() || !isLegal(e.getName())) {
            continue;
          }
          Path target = out.resolve(name.substring(0, name.length() - 4))
              .resolve(e.getName().replace('/', '_'));
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, target);
          }
          files++;
        }
      }
    }
    System.out.println("licence and notice files: " + files + " from " + jars + " jars");
  }

  private static boolean isLegal(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".class")) {
      return false;
    }
    String file = lower.substring(lower.lastIndexOf('/') + 1);
    boolean inMetaInf = lower.startsWith("meta-inf/") && lower.indexOf('/', "meta-inf/".length()) < 0;
    boolean topLevel = !lower.contains("/");
    return (inMetaInf || topLevel || lower.startsWith("meta-inf/licenses/"))
        && (file.startsWith("license") || file.startsWith("licence") || file.startsWith("notice")
            || file.startsWith("copying") || file.startsWith("about.html") || file.startsWith("dependencies"));
  }
}
