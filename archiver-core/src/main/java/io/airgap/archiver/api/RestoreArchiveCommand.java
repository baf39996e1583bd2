package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.TrustPolicy;
import io.airgap.archiver.git.ConflictPolicy;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.internal.Defaults;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.restore.RestoreRunner;
import io.airgap.archiver.signing.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Verifies archives (a full one and/or a chain of incrementals), applies them in chain order to a
 * workspace and pushes the resulting refs to the target, checking each ref's outcome. Re-running
 * it is a no-op. Single use.
 */
public final class RestoreArchiveCommand {
  private List<Path> archives = List.of();
  private String target;
  private List<Path> trustedKeyFiles = List.of();
  private boolean allowUnsigned;
  private Path workspace;
  private Path dependenciesDir;
  private boolean prune;
  private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  RestoreArchiveCommand() {}

  public RestoreArchiveCommand archive(Path file) { this.archives = List.of(file); return this; }
  /** Archive files, or folders whose {@code *.tar.gz} files are all taken; order does not matter. */
  public RestoreArchiveCommand archives(List<Path> files) { this.archives = List.copyOf(files); return this; }
  public RestoreArchiveCommand target(String location) { this.target = location; return this; }
  public RestoreArchiveCommand trustedKeys(List<Path> files) { this.trustedKeyFiles = List.copyOf(files); return this; }
  /** Accepts archives whose signature is absent or cannot be checked. */
  public RestoreArchiveCommand allowUnsigned(boolean allow) { this.allowUnsigned = allow; return this; }
  public RestoreArchiveCommand workspace(Path dir) { this.workspace = dir; return this; }
  /** Lays out the archives' vendored dependencies (and their setup scripts) in {@code dir}. */
  public RestoreArchiveCommand dependenciesDir(Path dir) { this.dependenciesDir = dir; return this; }
  /** Deletes target refs that the archive does not carry. */
  public RestoreArchiveCommand prune(boolean enabled) { this.prune = enabled; return this; }
  public RestoreArchiveCommand onConflict(ConflictPolicy policy) { this.conflictPolicy = policy; return this; }
  public RestoreArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public RestoreArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  public RestoreResult call() throws ArchiverException {
    List<ArchiveHeader> headers = new ArrayList<>();
    for (Path file : expand(archives)) {
      headers.add(ArchiveHeader.read(file));
    }
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
    TargetRepository targetRepo = new TargetRepository(RemoteAccess.of(remote, env, "TARGET_", progress), progress);
    RestoreRunner.Outcome outcome = new RestoreRunner(trust, progress).dependenciesDir(dependenciesDir)
        .run(headers, workspace, Defaults.workspacesDir(env), targetRepo, conflictPolicy, prune);
    String head = outcome.state().head();
    if (!outcome.headSet() && head != null && remote.localPath() == null) {
      progress.info("make " + Repository.shortenRefName(head) + " the default branch of " + remote.display()
          + " in the server's settings");
    }
    return new RestoreResult(outcome.applied(), remote.display(), outcome.workspace(), outcome.actions(),
        head, outcome.headSet());
  }

  private static List<Path> expand(List<Path> given) throws InvalidRequestException {
    if (given.isEmpty()) {
      throw new InvalidRequestException("no archive given");
    }
    List<Path> files = new ArrayList<>();
    for (Path p : given) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> list = Files.list(p)) {
          list.filter(f -> f.getFileName().toString().endsWith(".tar.gz") && Files.isRegularFile(f))
              .sorted().forEach(files::add);
        } catch (IOException e) {
          throw new InvalidRequestException("cannot list " + p + ": " + e.getMessage());
        }
      } else {
        files.add(p);
      }
    }
    if (files.isEmpty()) {
      throw new InvalidRequestException("no .tar.gz archives in " + given);
    }
    return files;
  }
}
