package io.airgap.archiver.publish;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.PublishConflictException;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a verified archive's {@code dependencies/} folder to every registry the operator named:
 * one ecosystem after another, each through its {@link RegistryPublisher}, with progress and a
 * summary per ecosystem. Shared by {@code publish-deps} and {@code restore --publish-deps}.
 */
public final class DependencyPublisher {
  private final List<PublishTarget> targets;
  private final Retry retry;
  private final ProgressListener progress;

  public DependencyPublisher(List<PublishTarget> targets, Retry retry, ProgressListener progress) {
    this.targets = List.copyOf(targets);
    this.retry = retry;
    this.progress = progress;
  }

  /** Publishes {@code dependenciesDir/<folder>/} to each target; a missing folder publishes nothing. */
  public PublishReport publish(Path dependenciesDir, boolean dryRun) throws ArchiverException {
    List<PublishedFile> files = new ArrayList<>();
    for (PublishTarget target : targets) {
      RegistryPublisher publisher = Publishers.forKey(target.ecosystem());
      Path dir = dependenciesDir.resolve(publisher.folder());
      if (!Files.isDirectory(dir)) {
        progress.info("the archive carries no " + target.ecosystem() + " dependencies: nothing to publish to "
            + target.shown());
        continue;
      }
      progress.info((dryRun ? "dry run: checking " : "publishing ") + target.ecosystem() + " dependencies "
          + (dryRun ? "against " : "to ") + target.shown());
      PublishReport one = new PublishReport(publisher.publish(dir, new RegistryClient(target, retry, progress), dryRun,
          progress));
      progress.info(target.ecosystem() + " at " + target.shown() + ": " + one.summary());
      files.addAll(one.files());
    }
    return new PublishReport(files);
  }

  /** The exception that stops a restore (exit 4) when {@code report} holds conflicts; null otherwise. */
  public static PublishConflictException conflictOf(PublishReport report) {
    List<PublishedFile> conflicts = report.conflicts();
    if (conflicts.isEmpty()) {
      return null;
    }
    List<String> names = conflicts.stream().map(c -> c.ecosystem() + " " + c.name()).toList();
    StringBuilder m = new StringBuilder(conflicts.size() + " dependenc" + (conflicts.size() == 1 ? "y is" : "ies are")
        + " already in the internal registry with other content; nothing was overwritten:");
    conflicts.stream().limit(20).forEach(c -> m.append("\n  ").append(c.ecosystem()).append(' ').append(c.name())
        .append(c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
    if (conflicts.size() > 20) {
      m.append("\n  … and ").append(conflicts.size() - 20).append(" more");
    }
    m.append("\nRemove or rename the registry's copy if the archive's is the right one, then publish again.");
    return new PublishConflictException(m.toString(), names);
  }
}
