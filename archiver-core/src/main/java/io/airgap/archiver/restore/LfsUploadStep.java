package io.airgap.archiver.restore;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.lfs.LfsUploader;
import io.airgap.archiver.steps.Step;

/** Puts the restored state's Git LFS objects on the target's LFS server before any ref that needs them. */
final class LfsUploadStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Uploading Git LFS objects";
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    LfsUploader.beforePush(c.options.lfsTarget(), c.workspace.dir(), c.state.lfs(), c.progress);
  }

  @Override
  public void describe(RestoreContext c) {
    c.progress.info("dry run: would make sure the target's LFS server holds " + Plural.of(c.state.lfs().size(), "object"));
  }
}
