package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.RestoreResult;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.RefAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver restore}: verify, unbundle and push to the internal Git server. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Verify an archive, unbundle it into a workspace and push every ref to the target repository.")
final class RestoreCli implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common = new CommonOptions();

  @Parameters(arity = "1..*", paramLabel = "ARCHIVE", description = "Archive file(s) or folder(s) of archives: a full archive and/or a chain of incrementals, in any order.")
  List<Path> archives = new ArrayList<>();

  @Option(names = "--target", paramLabel = "GIT-URL", description = "Repository to push to: path, file://, http(s)://, ssh://. Default: $TARGET_REPO_URL. Credentials: $TARGET_TOKEN, $TARGET_USERNAME, $TARGET_SSH_KEY.")
  String target;

  @Option(names = "--trust", paramLabel = "KEYFILE", description = "Trusted public key file(s) or folder. Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--allow-unsigned", description = "Restore even if the signature is absent or cannot be checked.")
  boolean allowUnsigned;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace folder. Default: $ARCHIVER_WORKSPACE, else one per source under ~/.local/share/airgap-archiver/workspaces.")
  Path workspace;

  @Option(names = "--deps-dir", paramLabel = "DIR", description = "Also lay out the vendored dependencies here, with setup-maven.sh, setup-npm.sh, setup-python.sh and setup-go.sh beside them.")
  Path depsDir;

  @Option(names = "--prune", description = "Delete target branches, tags and notes that the archive does not carry.")
  boolean prune;

  @Option(names = "--on-conflict", paramLabel = "POLICY", description = "When a target ref is not an ancestor of the archived one: fail (default, exit 4), source-wins, target-wins.",
      converter = ConflictPolicyConverter.class)
  ConflictPolicy onConflict = ConflictPolicy.FAIL;

  private final CliContext context;

  RestoreCli(CliContext context) {
    this.context = context;
  }

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws ArchiverException {
    RestoreResult result = Archiver.restore().archives(archives).target(target).trustedKeys(trust)
        .allowUnsigned(allowUnsigned).workspace(workspace).dependenciesDir(depsDir).prune(prune).onConflict(onConflict)
        .environment(context.env).progress(new ConsoleProgress(context.err, common)).call();
    if (common.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", true);
      doc.put("applied", result.applied());
      doc.put("target", result.target());
      doc.put("workspace", result.workspace().toString());
      doc.put("head", result.head());
      doc.put("head_set", result.headSet());
      Map<String, Long> counts = new LinkedHashMap<>();
      for (RefAction.Kind kind : RefAction.Kind.values()) {
        counts.put(kind.name().toLowerCase(), result.count(kind));
      }
      doc.put("counts", counts);
      doc.put("refs", result.actions().stream().filter(a -> a.kind() != RefAction.Kind.UNCHANGED)
          .map(a -> Map.of("ref", a.ref(), "action", a.kind().name().toLowerCase())).toList());
      JsonOutput.print(context.out, doc);
      return ArchiverCli.OK;
    }
    context.out.println(result.applied().isEmpty()
        ? "Every archive given was already applied; the target was brought to the workspace's state: " + result.target()
        : "Restored " + result.applied().size() + " archive(s) to " + result.target() + ": "
            + String.join(", ", result.applied()));
    for (RefAction a : result.actions()) {
      if (a.kind() != RefAction.Kind.UNCHANGED && (common.verbose || result.actions().size() <= 50)) {
        context.out.println("  " + a.kind().name().toLowerCase().replace('_', '-') + " " + a.ref());
      }
    }
    context.out.printf("  %d created, %d fast-forwarded, %d forced, %d deleted, %d unchanged, %d kept%n",
        result.count(RefAction.Kind.CREATE), result.count(RefAction.Kind.FAST_FORWARD),
        result.count(RefAction.Kind.FORCE), result.count(RefAction.Kind.DELETE),
        result.count(RefAction.Kind.UNCHANGED),
        result.count(RefAction.Kind.KEEP_TARGET) + result.count(RefAction.Kind.KEEP_EXTRA));
    if (result.headSet()) {
      context.out.println("  HEAD -> " + result.head());
    }
    return ArchiverCli.OK;
  }

  /** Accepts fail, source-wins, target-wins. */
  static final class ConflictPolicyConverter implements picocli.CommandLine.ITypeConverter<ConflictPolicy> {
    @Override
    public ConflictPolicy convert(String value) {
      try {
        return ConflictPolicy.valueOf(value.trim().toUpperCase().replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("expected fail, source-wins or target-wins, not '" + value + "'");
      }
    }
  }
}
