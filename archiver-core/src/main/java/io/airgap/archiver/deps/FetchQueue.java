package io.airgap.archiver.deps;

import io.airgap.archiver.internal.ChecksumMismatchException;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The loop every registry ecosystem runs, written once: declarations of the same dependency are
 * merged by key, each is fetched once with progress reported, and what cannot be fetched is
 * gathered as missing — a checksum mismatch is never gathered, it stops the run.
 */
public final class FetchQueue<T extends WantedDependency> {
  /** Fetches one wanted dependency into the cache. */
  @FunctionalInterface
  public interface Step<T> {
    List<VendoredFile> fetch(T wanted) throws FetchException, ChecksumMismatchException;
  }

  private final String ecosystem;
  private final String label;
  private final ProgressListener progress;
  private final Map<String, T> wanted = new LinkedHashMap<>();
  private final List<MissingDependency> missing = new ArrayList<>();

  /** @param label what the progress bar counts, e.g. {@code npm packages} */
  public FetchQueue(String ecosystem, String label, ProgressListener progress) {
    this.ecosystem = ecosystem;
    this.label = label;
    this.progress = progress;
  }

  /** Adds a dependency, or merges it into the one already wanted under {@code key}. */
  public void add(String key, T dependency, BinaryOperator<T> merge) {
    wanted.merge(key, dependency, merge);
  }

  /** Records a declared dependency that will not be fetched, and why. */
  public void missing(String name, String version, String reason, List<String> foundIn) {
    missing.add(new MissingDependency(ecosystem, name, version, reason, foundIn));
  }

  /** How many distinct dependencies are wanted so far. */
  public int size() {
    return wanted.size();
  }

  /** Fetches every wanted dependency in the order first added. */
  public Fetched fetchAll(Step<T> step) throws ChecksumMismatchException {
    List<VendoredFile> files = new ArrayList<>();
    int done = 0;
    for (T w : wanted.values()) {
      try {
        files.addAll(step.fetch(w));
      } catch (FetchException e) {
        missing(w.name(), w.version(), e.reason(), w.foundIn());
      }
      progress.onEvent(new ProgressEvent.Progress(label, ++done, wanted.size(), ProgressEvent.Unit.ITEMS));
    }
    return new Fetched(files, missing);
  }
}
