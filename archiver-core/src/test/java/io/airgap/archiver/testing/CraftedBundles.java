package io.airgap.archiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Bundles whose pack C git's {@code pack-objects} wrote of exactly the objects a test chose. */
public final class CraftedBundles {
  private CraftedBundles() {}

  /** "# v2 git bundle", a line per ref of {@code refs} (name to id), then a pack of exactly {@code objects}. */
  public static Path of(Path repo, List<String> objects, Map<String, String> refs, Path dir) throws Exception {
    Path ids = Files.writeString(dir.resolve("ids-" + System.nanoTime()), String.join("\n", objects) + "\n");
    Path pack = dir.resolve("pack-" + System.nanoTime());
    Process p = new ProcessBuilder("git", "pack-objects", "--stdout", "-q").directory(repo.toFile())
        .redirectInput(ids.toFile()).redirectOutput(pack.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    assertEquals(0, p.waitFor(), "git pack-objects");
    StringBuilder header = new StringBuilder("# v2 git bundle\n");
    refs.forEach((name, id) -> header.append(id).append(' ').append(name).append('\n'));
    ByteArrayOutputStream bundle = new ByteArrayOutputStream();
    bundle.writeBytes(header.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
    bundle.writeBytes(Files.readAllBytes(pack));
    return Files.write(dir.resolve("crafted-" + System.nanoTime() + ".bundle"), bundle.toByteArray());
  }
}
