package io.airgap.archiver.api;

import io.airgap.archiver.git.GitSystemConfig;

/** Entry point of the library: each method returns a single-use command to configure and {@code call()}. */
public final class Archiver {
  static {
    // before JGit first reads a config: its own lookup would start git with this process's whole environment
    GitSystemConfig.install();
  }

  private Archiver() {}

  public static CreateArchiveCommand create() {
    return new CreateArchiveCommand();
  }

  public static VerifyArchiveCommand verify() {
    return new VerifyArchiveCommand();
  }

  public static RestoreArchiveCommand restore() {
    return new RestoreArchiveCommand();
  }

  /** Verifies archives and publishes their vendored dependencies to internal registries. */
  public static PublishDepsCommand publishDeps() {
    return new PublishDepsCommand();
  }

  /** What an archive brings relative to its base, and the content policy's findings. */
  /** Reviews archives and, when the policy passes, writes a signed approval of each. */
  public static ApproveArchiveCommand approve() {
    return new ApproveArchiveCommand();
  }

  /** The approvals found beside an archive, checked against the approvers' keys when given. */
  public static FindApprovalsCommand findApprovals() {
    return new FindApprovalsCommand();
  }

  public static ReviewArchiveCommand review() {
    return new ReviewArchiveCommand();
  }

  public static InspectArchiveCommand inspect() {
    return new InspectArchiveCommand();
  }

  /** push, pull and list: moving archives between local disk and stores such as S3. */
  public static TransferCommand transfer() {
    return new TransferCommand();
  }

  /** Mirrors a source directly to targets (one way or both ways), optionally with a backup archive. */
  public static SyncCommand sync() {
    return new SyncCommand();
  }

  /** Lists a forge group's repositories: the input of a fleet create. */
  public static DiscoverRepositoriesCommand discover() {
    return new DiscoverRepositoriesCommand();
  }

  /** Restores a folder of archives from many sources, each to its own repository from a URL template. */
  public static FleetRestoreCommand fleetRestore() {
    return new FleetRestoreCommand();
  }

  /** Scheduled mirroring: the mirrors of a mirror file, each a sync on its own interval. */
  public static MirrorCommand mirror() {
    return new MirrorCommand();
  }

  public static KeygenCommand keygen() {
    return new KeygenCommand();
  }
}
