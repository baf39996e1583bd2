package io.airgap.archiver.restore;

import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.InputStream;
import java.util.UUID;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.PublishConflictException;
import io.airgap.archiver.internal.FileTrees;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.publish.DependencyPublisher;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes the applied archives' vendored dependencies to the internal registries named with
 * {@code --publish-deps} — after every archive verified and applied and the content policy passed,
 * and <em>before</em> the push: a CI build the push triggers resolves its new dependencies from
 * the registries at once, and a registry conflict (exit 4) stops the run before any ref moves, so
 * the re-run after the operator resolves it publishes what is left and pushes. A dry run only reads
 * the registries and says what would be published.
 */
final class PublishDepsStep implements Step<RestoreContext> {
  @Override
  public String title(RestoreContext c) {
    return "Publishing dependencies to " + c.options.publishTargets().size() + " internal registr"
        + (c.options.publishTargets().size() == 1 ? "y" : "ies");
  }

  @Override
  public boolean enabled(RestoreContext c) {
    return c.publishes();
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(RestoreContext c) throws ArchiverException {
    publish(c, false);
  }

  @Override
  public void describe(RestoreContext c) throws ArchiverException {
    publish(c, true);
  }

  private static void publish(RestoreContext c, boolean dryRun) throws ArchiverException {
    try {
      for (ArchiveHeader h : c.options.archives()) {
        if (!c.applied.contains(h.archiveId())) {
          restage(c, h);
        }
      }
      Path dir = c.publishDir();
      c.published = Files.isDirectory(dir)
          ? new DependencyPublisher(c.options.publishTargets(), Retry.standard(), c.progress).publish(dir, dryRun)
          : c.published;
      if (!Files.isDirectory(dir)) {
        c.progress.info("the archives carry no vendored dependencies: nothing to publish");
      }
    } finally {
      FileTrees.deleteQuietly(c.publishDir());
    }
    PublishConflictException conflict = DependencyPublisher.conflictOf(c.published);
    if (conflict != null) {
      throw conflict;
    }
  }

  /**
   * An archive an earlier run applied (so this run's apply step skipped it) is verified again and
   * its dependencies gathered too: a re-run after a conflict or a failed registry publishes what the
   * earlier run could not.
   */
  private static void restage(RestoreContext c, ArchiveHeader header) throws ArchiverException {
    Path staging = c.workspace.dir().resolve("staging").resolve(UUID.randomUUID().toString());
    try (InputStream in = header.input().open();
        StagedArchive staged = new ArchiveStager(c.options.trust(), c.progress).withDependencies(true)
            .stage(in, header.input().size(), staging)) {
      if (!staged.verified().archiveId().equals(header.archiveId())) {
        throw new UntrustedArchiveException(header.input().name() + " changed while it was being read");
      }
      gather(staged.file(ArchiveLayout.DEPENDENCIES), c.publishDir());
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + header.input().name() + ": " + e.getMessage(), e);
    }
  }

  /** Moves one staged archive's {@code dependencies/} into {@code into}, a later archive's file replacing an earlier's. */
  static void gather(Path stagedDependencies, Path into) throws OperationFailedException {
    if (!Files.isDirectory(stagedDependencies)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(stagedDependencies)) {
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      for (Path f : files) {
        Path target = into.resolve(stagedDependencies.relativize(f).toString()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("refusing to write outside " + into + ": " + f);
        }
        Files.createDirectories(target.getParent());
        Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot gather the dependencies to publish in " + into + ": " + e.getMessage(), e);
    }
  }
}
