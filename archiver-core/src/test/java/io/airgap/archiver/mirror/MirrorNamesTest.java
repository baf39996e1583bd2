package io.airgap.archiver.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A mirror's name names its state and lock files: the same rule as every repository name, a usage error otherwise. */
class MirrorNamesTest {
  @TempDir Path tmp;

  private MirrorFile load(String... names) throws Exception {
    StringBuilder yaml = new StringBuilder("mirrors:\n");
    for (String name : names) {
      yaml.append("  - name: '").append(name).append("'\n    source: https://git.example.com/a.git\n")
          .append("    targets: [ \"https://git.internal/a.git\" ]\n");
    }
    Path file = Files.writeString(tmp.resolve("mirrors.yaml"), yaml);
    return MirrorFile.load(file, Map.of(), tmp.resolve("state"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "-x", "a/b", "a%2Fb", "a b", "x.git/..", ".git"})
  void nameThatIsNotAPlainSegment_isAUsageError_namingIt(String name) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> load(name));
    assertTrue(e.getMessage().startsWith("the mirror name \"" + name + "\" is not a repository name"), e.getMessage());
  }

  @Test
  void plainNames_load_andNamesDifferingOnlyInCaseCollide() throws Exception {
    assertEquals(2, load("app", "app.v2-mirror_1").mirrors().size());
    assertTrue(assertThrows(InvalidRequestException.class, () -> load("App", "app")).getMessage()
        .contains("are named 'app'"));
  }
}
