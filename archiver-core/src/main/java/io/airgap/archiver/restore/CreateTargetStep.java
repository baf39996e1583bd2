package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.steps.Step;

/**
 * A target that does not exist yet is created only now, once every archive verified and applied and
 * the policy passed: a {@code file://} or path target as an empty bare repository, a forge
 * repository through the forge's API ({@code --create-repos}). A refused archive leaves no empty one.
 */
final class CreateTargetStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Creating the repository " + c.options.target().remote().display() + " if missing";
  }

  @Override
  public boolean enabled(RestoreContext c) {
    return c.options.target().mayCreate();
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    c.options.target().createIfMissing(c.state.head());
  }

  @Override
  public void describe(RestoreContext c) throws ArchiverException {
    if (c.options.target().missing()) {
      c.progress.info("dry run: would create the repository " + c.options.target().remote().display());
    }
  }
}
