package io.airgap.archiver.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Laying out dependencies removes what a killed earlier layout left under the tool's temporary names, and only that. */
class DependencyLayoutTest {
  @TempDir Path tmp;

  @Test
  void aKilledLayoutsTemporaryCopy_isRemovedByTheNextOne_whichSaysSo_andOthersFilesStay() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path staged = Files.createDirectories(tmp.resolve("staging/npm"));
    Files.writeString(staged.resolve("left-pad-1.3.0.tgz"), "package");
    Path dir = tmp.resolve("deps");
    Path npm = Files.createDirectories(dir.resolve("npm"));
    String killed = ".left-pad-1.3.0.tgz.partial-" + gone.pid() + "-0123456789ab";
    Files.writeString(npm.resolve(killed), "half a pack");
    Files.writeString(npm.resolve(".cache.partial"), "someone else's");
    List<String> said = new ArrayList<>();
    ProgressListener listener = e -> {
      if (e instanceof ProgressEvent.Message m) {
        said.add(m.text());
      }
    };

    new DependencyLayout(dir, listener).install(tmp.resolve("staging"), Manifest.builder().dependencies(List.of())
        .build());

    assertTrue(said.stream().anyMatch(s -> s.startsWith("removed 1 leftover file(s) of an interrupted earlier run from "
        + dir) && s.contains("npm/" + killed)), said.toString());
    try (Stream<Path> files = Files.list(npm)) {
      assertEquals(List.of(".cache.partial", "left-pad-1.3.0.tgz"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals("package", Files.readString(npm.resolve("left-pad-1.3.0.tgz")));
  }
}
