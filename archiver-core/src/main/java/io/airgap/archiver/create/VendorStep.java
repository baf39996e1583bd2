package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.deps.DependencyVendor;
import io.airgap.archiver.steps.Step;
import java.util.Set;

/** Vendors the third-party dependencies the selected refs build with, except those the base chain carried. */
final class VendorStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Vendoring dependencies";
  }

  @Override
  public boolean enabled(CreateContext c) {
    return c.options.dependencies();
  }

  @Override
  public boolean writes() {
    return true; // downloads into the dependency cache, and reads the fetched trees
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    c.dependencies = new DependencyVendor(c.options.cacheRoot(), c.options.env(), c.options.dependencySpec(), c.progress)
        .vendor(c.state, c.options.archiveName(), c.options.createdAt(),
            c.base.map(BaseArchive::dependencyFiles).orElse(Set.of()));
    c.payload.addAll(c.dependencies.payload());
  }

  @Override
  public void describe(CreateContext c) {
    c.progress.info("dry run: would vendor the dependencies the lock files of the selected refs pin");
  }
}
