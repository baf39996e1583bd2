package io.airgap.archiver.cli;

import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code archiver selfcheck}: what a support ticket from an air-gapped site needs — the runtime and
 * its JVM options, the tool's own jar checksums, whether the release's files still match its
 * {@code SHA256SUMS}, and which stock tools ({@code git}, {@code git-lfs}, {@code gpg}) are on the PATH.
 */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
    description = "Print the runtime, the tool's own jar checksums, the release's file check and the external tools found (git, git-lfs, gpg), for support tickets.")
final class SelfcheckCli extends ArchiverCommand {
  /** Set by {@code bin/archiver}: the installation folder and the jar it runs. */
  static final String HOME_PROPERTY = "archiver.home";
  static final String JAR_PROPERTY = "archiver.jar";

  SelfcheckCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "selfcheck";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    doc.put("version", ToolVersion.get());
    doc.put("archive_format", Manifest.FORMAT);
    lines.add("archiver " + ToolVersion.get() + " (writes " + Manifest.FORMAT + ")");

    Map<String, Object> runtime = runtime();
    doc.put("runtime", runtime);
    lines.add("runtime:  Java " + runtime.get("version") + " (" + runtime.get("vm") + ", " + runtime.get("vendor") + ")");
    lines.add("          " + runtime.get("java_home") + (Boolean.TRUE.equals(runtime.get("bundled")) ? " (bundled)" : " (system)"));
    lines.add("          class-data sharing " + (Boolean.TRUE.equals(runtime.get("class_data_sharing")) ? "on" : "off")
        + ", max heap " + Format.bytes((Long) runtime.get("max_heap_bytes")) + ", GC " + runtime.get("gc"));
    lines.add("          JVM options: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));

    String home = System.getProperty(HOME_PROPERTY);
    doc.put("home", home);
    lines.add("home:     " + (home == null ? "(not started by bin/archiver)" : home));
    List<Map<String, Object>> jars = new ArrayList<>();
    for (Path jar : ownJars()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("path", jar.toString());
      j.put("size", Files.size(jar));
      j.put("sha256", sha256(jar));
      jars.add(j);
      lines.add("jar:      " + j.get("sha256") + "  " + jar);
    }
    doc.put("jars", jars);

    int code = ArchiverCli.OK;
    Path sums = home == null ? null : Path.of(home, "SHA256SUMS");
    if (sums != null && Files.isRegularFile(sums)) {
      List<String> bad = checkRelease(sums);
      doc.put("release_files_ok", bad.isEmpty());
      doc.put("release_files_changed", bad);
      lines.add("release:  " + (bad.isEmpty() ? "every file matches SHA256SUMS"
          : bad.size() + " file(s) differ from SHA256SUMS: " + String.join(", ", bad)));
      if (!bad.isEmpty()) {
        session.listener().warn("the installation was modified or damaged: " + String.join(", ", bad));
        code = ArchiverCli.FAILED;
      }
    }

    List<Map<String, Object>> tools = new ArrayList<>();
    for (String name : ExternalTools.TOOLS.keySet()) {
      ExternalTools.Found found = ExternalTools.find(name, context.env.get("PATH"));
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", name);
      t.put("found", found.path() != null);
      t.put("path", found.path() == null ? null : found.path().toString());
      t.put("version", found.version());
      tools.add(t);
      lines.add(String.format("tool:     %-10s %s", name,
          found.path() == null ? "not found on PATH" : found.version() + " (" + found.path() + ")"));
    }
    doc.put("tools", tools);
    return new CommandOutcome(doc, lines, Map.of(), code);
  }

  private static Map<String, Object> runtime() {
    Map<String, Object> r = new LinkedHashMap<>();
    String javaHome = System.getProperty("java.home");
    String home = System.getProperty(HOME_PROPERTY);
    r.put("version", System.getProperty("java.runtime.version"));
    r.put("vendor", System.getProperty("java.vendor"));
    r.put("vm", System.getProperty("java.vm.name"));
    r.put("java_home", javaHome);
    r.put("bundled", home != null && Path.of(javaHome).startsWith(Path.of(home)));
    r.put("class_data_sharing", System.getProperty("java.vm.info", "").contains("sharing"));
    r.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    r.put("processors", Runtime.getRuntime().availableProcessors());
    r.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    r.put("gc", String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList()));
    r.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return r;
  }

  /** The jar(s) this process runs: the launcher names it; otherwise where this class came from. */
  private static List<Path> ownJars() throws URISyntaxException {
    String named = System.getProperty(JAR_PROPERTY);
    Path jar = named != null ? Path.of(named)
        : Path.of(SelfcheckCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isRegularFile(jar) ? List.of(jar) : List.of();
  }

  /** Files listed in the release's SHA256SUMS that are missing or differ. */
  private static List<String> checkRelease(Path sums) throws IOException {
    List<String> bad = new ArrayList<>();
    for (String line : Files.readAllLines(sums)) {
      int space = line.indexOf("  ");
      if (space != 64) {
        continue;
      }
      String name = line.substring(space + 2);
      Path file = sums.getParent().resolve(name).normalize();
      if (!file.startsWith(sums.getParent()) || !Files.isRegularFile(file) || !sha256(file).equals(line.substring(0, 64))) {
        bad.add(name);
      }
    }
    return bad;
  }

  private static String sha256(Path file) throws IOException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
