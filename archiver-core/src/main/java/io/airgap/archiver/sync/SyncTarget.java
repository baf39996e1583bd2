package io.airgap.archiver.sync;

import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.TargetRepository;
import io.airgap.archiver.lfs.LfsTarget;

/** One repository sync brings to the source's refs: how to reach it, push to it, and where its LFS objects go. */
public record SyncTarget(RemoteAccess access, TargetRepository repository, LfsTarget lfs) {
  public String display() {
    return access.remote().display();
  }
}
