package io.airgap.archiver.publish;

import java.util.ArrayList;
import java.util.List;

/** Every file's outcome at every registry one run published to, in the order they were handled. */
public record PublishReport(List<PublishedFile> files) {
  public static final PublishReport EMPTY = new PublishReport(List.of());

  public PublishReport {
    files = List.copyOf(files);
  }

  public long count(PublishedFile.Outcome outcome) {
    return files.stream().filter(f -> f.outcome() == outcome).count();
  }

  public List<PublishedFile> conflicts() {
    return files.stream().filter(f -> f.outcome() == PublishedFile.Outcome.CONFLICT).toList();
  }

  public PublishReport plus(PublishReport other) {
    List<PublishedFile> all = new ArrayList<>(files);
    all.addAll(other.files);
    return new PublishReport(all);
  }

  /** One line: {@code 12 published, 3 already present, 0 conflicts}. */
  public String summary() {
    String s = count(PublishedFile.Outcome.PUBLISHED) + " published, " + count(PublishedFile.Outcome.ALREADY_PRESENT)
        + " already present, " + count(PublishedFile.Outcome.CONFLICT) + " conflict(s)";
    long held = count(PublishedFile.Outcome.HELD_BACK);
    long would = count(PublishedFile.Outcome.WOULD_PUBLISH);
    return s + (held > 0 ? ", " + held + " held back" : "") + (would > 0 ? ", " + would + " would be published" : "");
  }
}
