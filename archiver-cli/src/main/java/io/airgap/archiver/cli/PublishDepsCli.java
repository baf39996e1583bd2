package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.publish.PublishReport;
import io.airgap.archiver.publish.PublishedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver publish-deps}: verify archives, then publish their vendored dependencies to internal registries. */
@Command(name = "publish-deps", mixinStandardHelpOptions = true,
    description = {"Verify archives exactly as restore does, then publish the dependencies they carry to internal"
        + " registries: maven=URL (a Maven repository: Nexus, Artifactory, Reposilite, a web server with WebDAV;"
        + " files and checksums by PUT, maven-metadata.xml merged) and npm=URL (an npm registry such as Verdaccio,"
        + " through its publish API; tarballs and their integrity unchanged) and go=URL (a GOPROXY tree by PUT to a"
        + " web server with WebDAV; @v/list merged) and python-dir=URL (a PEP 503 simple index by PUT; pip --index-url URL)."
        + " python=URL (the upload API) is not built yet.",
        "Credentials come from the environment only: PUBLISH_<ECOSYSTEM>_TOKEN (bearer) or PUBLISH_<ECOSYSTEM>_USERNAME"
        + " and _PASSWORD (basic), e.g. PUBLISH_MAVEN_USERNAME; they are sent to that registry's origin only.",
        "A file or version the registry holds with the same checksum is skipped; one it holds with other content is"
        + " a conflict: nothing is overwritten, it is named, and the exit is 4. Re-running finishes an interrupted run.",
        "Exit codes: 0 published (or already present), 1 a registry or the network failed, 2 usage error,"
        + " 3 an archive is not trustworthy (nothing published), 4 conflict at a registry."})
final class PublishDepsCli extends ArchiverCommand {
  private static final Pattern REGISTRY = Pattern.compile("[A-Za-z][A-Za-z-]*=.+");

  @Parameters(arity = "1..*", paramLabel = "ARCHIVE|ECOSYSTEM=URL", description = "Archives (files, split archives,"
      + " folders of archives, s3:// locations), then one ECOSYSTEM=URL per registry, e.g."
      + " maven=https://nexus.corp/repository/releases/ npm=https://npm.corp/.")
  List<String> arguments = new ArrayList<>();

  @Option(names = "--trust", split = ",", paramLabel = "KEYFILE", description = "Trusted public key file(s) or folder. Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--require-signer", split = ",", paramLabel = "FINGERPRINT", description = "Accept only signatures by this key fingerprint (repeatable); the key must also be in --trust.")
  List<String> requireSigners = new ArrayList<>();

  @Option(names = "--allow-unsigned", description = "Publish even if the signature is absent or cannot be checked.")
  boolean allowUnsigned;

  @Option(names = "--dry-run", description = "Verify, and say what would be published, already present or in conflict; write nothing.")
  boolean dryRun;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  PublishDepsCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "publish-deps";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    List<String> archives = new ArrayList<>();
    List<String> registries = new ArrayList<>();
    for (String a : arguments) {
      (REGISTRY.matcher(a).matches() && !Files.exists(Path.of(a)) ? registries : archives).add(a);
    }
    if (registries.isEmpty()) {
      throw new InvalidRequestException("name at least one registry as ECOSYSTEM=URL, e.g. maven=https://nexus.corp/repository/releases/");
    }
    List<String> shown = registries.stream().map(Redaction::text).toList();
    session.header("publish dependencies to " + String.join(", ", shown), Map.of("registries", shown));
    PublishReport report = Archiver.publishDeps()
        .archives(archives)
        .registries(registries)
        .trustedKeys(trust)
        .requireSigners(requireSigners)
        .allowUnsigned(allowUnsigned)
        .dryRun(dryRun)
        .storeOptions(store.toOptions(context.env))
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .environment(context.env)
        .progress(session.listener())
        .call();
    return outcome(report, dryRun, common.verbose);
  }

  /** The report as JSON, lines and metrics; exit 4 when it holds conflicts. Shared with restore --publish-deps. */
  static CommandOutcome outcome(PublishReport report, boolean dryRun, boolean verbose) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dry_run", dryRun);
    doc.put("published", document(report));
    List<String> lines = new ArrayList<>();
    lines.addAll(lines(report, dryRun, verbose));
    Map<String, Number> metrics = new LinkedHashMap<>();
    for (PublishedFile.Outcome o : PublishedFile.Outcome.values()) {
      metrics.put("deps_" + o.label().replace('-', '_'), report.count(o));
    }
    CommandOutcome outcome = CommandOutcome.ok(doc, lines, metrics);
    return report.conflicts().isEmpty() ? outcome : outcome.withExitCode(ArchiverCli.CONFLICT);
  }

  /** {@code counts} and every file's outcome, for --json. */
  static Map<String, Object> document(PublishReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (PublishedFile.Outcome o : PublishedFile.Outcome.values()) {
      counts.put(o.label().replace('-', '_'), report.count(o));
    }
    doc.put("counts", counts);
    doc.put("files", report.files().stream().map(f -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ecosystem", f.ecosystem());
      m.put("name", f.name());
      m.put("outcome", f.outcome().label());
      if (!f.detail().isEmpty()) {
        m.put("detail", f.detail());
      }
      return m;
    }).toList());
    return doc;
  }

  /** The summary line, then conflicts and held-back files always, other files with --verbose. */
  static List<String> lines(PublishReport report, boolean dryRun, boolean verbose) {
    List<String> lines = new ArrayList<>();
    lines.add((dryRun ? "Dry run, dependencies: " : "Dependencies: ") + report.summary());
    for (PublishedFile f : report.files()) {
      boolean notable = f.outcome() == PublishedFile.Outcome.CONFLICT || f.outcome() == PublishedFile.Outcome.HELD_BACK;
      if (notable || verbose) {
        lines.add("  " + f.outcome().label() + " " + f.ecosystem() + " " + TerminalText.line(f.name())
            + (f.detail().isEmpty() ? "" : ": " + TerminalText.line(f.detail())));
      }
    }
    if (!report.conflicts().isEmpty()) {
      lines.add("Nothing was overwritten. Remove or rename the registry's copy if the archive's is the right one,"
          + " then publish again (exit 4).");
    }
    return lines;
  }
}
