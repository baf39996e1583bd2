package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.archive.ArchiveLimits;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.custody.Approval;
import io.airgap.archiver.custody.Approvals;
import io.airgap.archiver.git.JGitCaches;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.policy.PolicyFile;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.review.ArchiveReviewer;
import io.airgap.archiver.review.Review;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reviews archives exactly as {@link ReviewArchiveCommand} does (with the policy, if given) and, when every review is
 * complete and passes, writes for each a clearsigned {@link Approval} ({@code NAME.approval.asc}) beside it or
 * where asked. A policy violation writes nothing. Single use.
 */
public final class ApproveArchiveCommand {
  private String archive;
  private List<String> bases = List.of();
  private List<Path> trustedKeyFiles = List.of();
  private Path policyFile;
  private Path signKey;
  private char[] signPassphrase;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private String note = "";
  private Path out;
  private StoreOptions storeOptions;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  ApproveArchiveCommand() {}

  /** An archive, or a folder or store prefix whose every archive is approved. */
  public ApproveArchiveCommand archive(String location) { this.archive = location; return this; }
  /** As {@link ReviewArchiveCommand#bases}; for a folder, its own archives serve as bases too. */
  public ApproveArchiveCommand bases(List<String> locations) { this.bases = List.copyOf(locations); return this; }
  public ApproveArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  public ApproveArchiveCommand policy(Path file) { this.policyFile = file; return this; }
  /** The approver's secret key; null passphrase for an unprotected key. */
  public ApproveArchiveCommand signKey(Path secretKeyFile, char[] passphrase) {
    this.signKey = secretKeyFile;
    this.signPassphrase = passphrase;
    return this;
  }
  public ApproveArchiveCommand decryptKey(Path secretKeyFile, char[] passphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = passphrase;
    return this;
  }
  public ApproveArchiveCommand note(String text) { this.note = text == null ? "" : text; return this; }
  /** The approval file (one archive), or the folder the approvals go to; null: beside each archive. */
  public ApproveArchiveCommand out(Path fileOrFolder) { this.out = fileOrFolder; return this; }
  public ApproveArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  public ApproveArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public ApproveArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  /** One approval written: the archive, where the approval went, and what it says. */
  public record Approved(String archive, Path file, Approval approval, boolean selfApproval) {}

  public List<Approved> call() throws ArchiverException {
    if (archive == null) {
      throw new InvalidRequestException("no archive given");
    }
    if (signKey == null) {
      throw new InvalidRequestException("approve needs the approver's secret key (--sign-key KEYFILE)");
    }
    if (note.length() > 1000 || note.chars().anyMatch(ch -> Character.isISOControl(ch))) {
      throw new InvalidRequestException("--note must be one line of at most 1000 characters");
    }
    ArchiveSigner signer = ArchiveSigner.load(signKey, signPassphrase);
    JGitCaches.sizeToHeap();
    TrustPolicy trust = new TrustPolicy(trustedKeyFiles.isEmpty() ? null : TrustedKeys.load(trustedKeyFiles),
        trustedKeyFiles.isEmpty(), List.of(), ArchiveLimits.fromEnvironment(env));
    ArchiveReviewer reviewer = new ArchiveReviewer(trust, policyFile == null ? null : PolicyFile.load(policyFile),
        progress);
    try (ArchiveLocations locations = new ArchiveLocations(
        storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build(),
        decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase))) {
      List<ArchiveInput> inputs = locations.all(List.of(archive));
      boolean many = inputs.size() > 1 || !ArchiveLocations.isStore(archive) && Files.isDirectory(Path.of(archive));
      List<ArchiveInput> baseInputs = new ArrayList<>(bases.isEmpty() ? List.of() : locations.all(bases));
      if (many) {
        baseInputs.addAll(inputs);
      }
      List<Path> targets = new ArrayList<>();
      for (ArchiveInput input : inputs) {
        targets.add(target(input, many));
      }
      List<Approval> approvals = new ArrayList<>();
      List<Boolean> self = new ArrayList<>();
      List<String> violations = new ArrayList<>();
      for (ArchiveInput input : inputs) {
        String fileSha256 = Approvals.sha256(input);
        Path scratch;
        try {
          scratch = Files.createTempDirectory("archiver-approve-");
        } catch (IOException e) {
          throw new OperationFailedException("cannot create a scratch folder for the review: " + e.getMessage(), e);
        }
        Review review = reviewer.review(input, baseInputs, scratch);
        if (review.policyNotChecked() != null) {
          throw new OperationFailedException("nothing was approved: the policy could not be checked on "
              + input.name() + ": " + review.policyNotChecked());
        }
        if (!review.unresolved().isEmpty()) {
          throw new OperationFailedException("nothing was approved: the review of " + input.name()
              + " is incomplete: " + String.join("; ", review.unresolved()));
        }
        if (review.violatesPolicy()) {
          review.policy().findings().stream().filter(f -> !f.allowed()).forEach(f -> violations.add(input.fileName()
              + ": " + f.rule() + " at " + f.path() + (f.commit() == null ? "" : " in " + f.commit())));
        }
        byte[] reviewJson;
        try {
          reviewJson = Json.mapper().writeValueAsBytes(review);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        approvals.add(new Approval(review.archiveId(), input.fileName(), fileSha256, Sha256.of(reviewJson),
            review.policy() == null ? null : review.policy().sha256(), signer.fingerprint(), signer.userId(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS), note));
        self.add(signer.fingerprint().equalsIgnoreCase(String.valueOf(review.signer())));
        if (self.get(self.size() - 1)) {
          progress.warn(input.fileName() + " was signed by the approver's own key " + signer.fingerprint()
              + ": restore --require-approval counts this approval only with --allow-self-approval");
        }
      }
      if (!violations.isEmpty()) {
        throw new PolicyViolationException("the content policy is violated, so nothing was approved:\n  "
            + String.join("\n  ", violations), violations);
      }
      List<Approved> written = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        Approval approval = approvals.get(i);
        write(targets.get(i), approval.sign(signer));
        progress.info("approved " + inputs.get(i).fileName() + " (archive " + approval.archiveId() + "): "
            + targets.get(i));
        written.add(new Approved(inputs.get(i).name(), targets.get(i), approval, self.get(i)));
      }
      return written;
    }
  }

  private Path target(ArchiveInput input, boolean many) throws InvalidRequestException {
    String name = input.fileName() + Approvals.SUFFIX;
    if (out != null) {
      if (many || Files.isDirectory(out)) {
        if (many && Files.exists(out) && !Files.isDirectory(out)) {
          throw new InvalidRequestException("--out " + out + " must be a folder when approving several archives");
        }
        return out.resolve(name);
      }
      return out;
    }
    if (ArchiveLocations.isStore(archive) || input.besideLocation() == null) {
      throw new InvalidRequestException(input.name() + " is in a store: give --out FILE|DIR for the approval, then"
          + " copy it beside the archive (same prefix) or give it to restore with --approvals DIR");
    }
    return Path.of(input.besideLocation()).resolve(name);
  }

  private static void write(Path target, byte[] content) throws OperationFailedException {
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (AtomicFileWriter writer = AtomicFileWriter.open(target.toAbsolutePath())) {
        writer.stream().write(content);
        writer.commitReplacing();
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot write the approval " + target + ": " + e.getMessage(), e);
    }
  }
}
