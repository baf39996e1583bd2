package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.review.HtmlReport;
import io.airgap.archiver.review.Review;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archiver review}: what an archive brings across the gap, for the person approving the transfer. */
@Command(name = "review", mixinStandardHelpOptions = true,
    description = "Show what an archive brings relative to its base: refs, new commits, files, LFS objects,"
        + " new dependencies and content-policy findings. Exit 5 if --policy finds something not allowed;"
        + " exit 1 if it cannot be checked because the base chain (down to a full archive) is not all given.")
final class ReviewCli extends ArchiverCommand {
  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to review: a file, split archive, or store location.")
  String archive;

  @Option(names = "--base", paramLabel = "ARCHIVE|FOLDER", description = "The archive this one applies on top of, or a folder or s3:// prefix holding its chain down to a full archive (repeatable); needed to list an incremental archive's commits and files and to check --policy.")
  List<String> bases = new ArrayList<>();

  @Option(names = "--trust", split = ",", paramLabel = "KEYFILE", description = "Trusted public key file(s) to check the signature with; without, integrity only. Default: $ARCHIVER_TRUSTED_KEYS.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE", description = "Content policy (YAML) whose findings to list.")
  Path policy;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the review as one self-contained HTML page.")
  Path html;

  @Mixin StoreCliOptions store = new StoreCliOptions();

  @Mixin DecryptionCliOptions decryption = new DecryptionCliOptions();

  @Option(names = "--require-approval", split = ",", paramLabel = "KEYFILE|KEYDIR", description = "Approvers' public keys to check the approvals found beside the archive with (default: the --trust keys); without any keys they are shown as found, not checked.")
  List<Path> approvers = new ArrayList<>();

  ReviewCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "review";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws ArchiverException {
    Review review = Archiver.review().archive(archive).bases(bases).trustedKeys(trust).policy(policy)
        .decryptKey(decryption.key(), decryption.passphrase(context.env))
        .storeOptions(store.toOptions(context.env)).environment(context.env).progress(session.listener()).call();
    if (html != null) {
      writeHtml(review, html);
    }
    if (review.policyNotChecked() != null) {
      // a check that cannot be made fails: never "passed" on a history the review could not read
      throw new OperationFailedException("the policy could not be checked: " + review.policyNotChecked());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = Json.mapper().convertValue(review, Map.class);
    int code = review.violatesPolicy() ? ArchiverCli.POLICY : ArchiverCli.OK;
    doc.put("ok", code == ArchiverCli.OK);
    List<String> lines = new ArrayList<>(ReviewText.lines(review, common.verbose, html));
    addApprovals(review, doc, lines);
    return new CommandOutcome(doc, lines,
        Map.of("review_commits", review.commits().size(), "review_findings", review.policy().findings().size()), code);
  }

  private void addApprovals(Review review, Map<String, Object> doc, List<String> lines) throws ArchiverException {
    ApprovalLines.add(doc, lines, Archiver.findApprovals().archive(archive, review.archiveId(), review.signer())
        .approverKeys(ApprovalLines.keys(approvers, trust)).storeOptions(store.toOptions(context.env))
        .environment(context.env).call());
  }

  private static void writeHtml(Review review, Path file) throws OperationFailedException {
    try (AtomicFileWriter out = AtomicFileWriter.open(file.toAbsolutePath())) {
      out.stream().write(HtmlReport.render(review).getBytes(StandardCharsets.UTF_8));
      out.commitReplacing();
    } catch (IOException e) {
      throw new OperationFailedException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
