package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.steps.Step;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code file://} or path target that does not exist yet becomes an empty bare repository, before anything lands in it. */
final class CreateTargetStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Creating the bare repository " + c.options.target().remote().display();
  }

  @Override
  public boolean enabled(RestoreContext c) {
    Path local = c.options.target().remote().localPath();
    return local != null && !Files.exists(local);
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    c.options.target().createIfLocalAndMissing(c.state.head());
  }

  @Override
  public void describe(RestoreContext c) {
    c.progress.info("dry run: would create the bare repository " + c.options.target().remote().display());
  }
}
