package io.airgap.archiver.publish;

import io.airgap.archiver.publish.go.GoPublisher;
import io.airgap.archiver.publish.maven.MavenPublisher;
import io.airgap.archiver.publish.npm.NpmPublisher;
import io.airgap.archiver.publish.python.PythonDirPublisher;
import java.util.List;

/** The publishers this version has, by ecosystem key; a new ecosystem slots in here. */
public final class Publishers {
  private static final List<RegistryPublisher> ALL = List.of(new MavenPublisher(), new NpmPublisher(),
      new GoPublisher(), new PythonDirPublisher());

  private Publishers() {}

  public static List<RegistryPublisher> all() {
    return ALL;
  }

  /** The keys {@code --publish-deps} accepts. */
  public static List<String> keys() {
    return ALL.stream().map(RegistryPublisher::ecosystem).toList();
  }

  public static RegistryPublisher forKey(String ecosystem) {
    return ALL.stream().filter(p -> p.ecosystem().equals(ecosystem)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no publisher for " + ecosystem));
  }
}
