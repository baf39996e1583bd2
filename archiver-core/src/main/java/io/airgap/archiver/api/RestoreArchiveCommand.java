package io.airgap.archiver.api;

import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsTarget;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.restore.RestoreRunner;
import io.airgap.archiver.signing.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Verifies an archive, unbundles it into a workspace, uploads its LFS objects and pushes every ref
 * to the target, checking each ref's outcome. Re-running it is a no-op. Single use.
 */
public final class RestoreArchiveCommand {
  private Path archive;
  private String target;
  private List<Path> trustedKeyFiles = List.of();
  private boolean allowUnsigned;
  private Path workspace;
  private boolean prune;
  private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
  private String lfsUrl;
  private int lfsTransfers = LfsOptions.DEFAULT_TRANSFERS;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  RestoreArchiveCommand() {}

  public RestoreArchiveCommand archive(Path file) { this.archive = file; return this; }
  public RestoreArchiveCommand target(String location) { this.target = location; return this; }
  public RestoreArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  /** Accepts archives whose signature is absent or cannot be checked. */
  public RestoreArchiveCommand allowUnsigned(boolean allow) { this.allowUnsigned = allow; return this; }
  public RestoreArchiveCommand workspace(Path dir) { this.workspace = dir; return this; }
  /** Deletes target refs that the archive does not carry. */
  public RestoreArchiveCommand prune(boolean enabled) { this.prune = enabled; return this; }
  public RestoreArchiveCommand onConflict(ConflictPolicy policy) { this.conflictPolicy = policy; return this; }
  /** The target's Git LFS server, instead of the one derived from the target URL. */
  public RestoreArchiveCommand lfsUrl(String url) { this.lfsUrl = url; return this; }
  public RestoreArchiveCommand lfsTransfers(int parallel) { this.lfsTransfers = parallel; return this; }
  public RestoreArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public RestoreArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public RestoreResult call() throws ArchiverException {
    long size = ArchiveSource.size(archive);
    if (target == null || target.isBlank()) {
      throw new InvalidRequestException("no target repository given (--target or TARGET_REPO_URL)");
    }
    if (trustedKeyFiles.isEmpty() && !allowUnsigned) {
      throw new InvalidRequestException("restore needs a trusted public key (--trust KEYFILE) to check the"
          + " archive's signature; --allow-unsigned restores without that check");
    }
    TrustPolicy trust = new TrustPolicy(trustedKeyFiles.isEmpty() ? null : TrustedKeys.load(trustedKeyFiles),
        allowUnsigned);
    GitRemote remote = GitRemote.parse(target);
    RemoteAccess access = RemoteAccess.of(remote, env, "TARGET_", progress);
    TargetRepository targetRepo = new TargetRepository(access, progress);
    LfsTarget lfsTarget = LfsTarget.of(access, lfsUrl, lfsTransfers);
    try (InputStream in = ArchiveSource.open(archive)) {
      RestoreRunner.Outcome outcome = new RestoreRunner(trust, progress).lfsTarget(lfsTarget)
          .run(in, size, workspace, Defaults.workspacesDir(env), targetRepo, conflictPolicy, prune);
      String head = outcome.manifest().head();
      if (!outcome.headSet() && head != null && remote.localPath() == null) {
        progress.info("make " + org.eclipse.jgit.lib.Repository.shortenRefName(head)
            + " the default branch of " + remote.display() + " in the server's settings");
      }
      return new RestoreResult(outcome.archiveId(), remote.display(), outcome.workspace(), outcome.actions(),
          head, outcome.headSet());
    } catch (IOException e) {
      throw new OperationFailedException("restore failed: " + e.getMessage(), e);
    }
  }
}
