package io.airgap.archiver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgeRepository;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A forge's answer is data: every forge adapter, run against its FIXTURE (testing/forge: the REST API
 * written from the forge's public documentation, in front of JGit's real smart-HTTP server) answering
 * forge paths a compromised forge could send, makes discovery fail (exit 1) naming the path, before
 * any repository is archived, synced or created.
 */
class HostileForgePathsTest {
  private static final String TOKEN = "tok-hostile-paths-42";
  private static final List<String> HOSTILE = List.of("../../escaped-sync", "%s/..%%2F..%%2Fx", "%s/app#x",
      "%s/app?x=1", "%s/.", "%s//app", "%s/-app", "%s/a\u001b[2Jb", "%s/a%%252e%%252e", "%s/a b", "%s/app/", "/%s/app");

  @TempDir Path tmp;

  private static String group(ForgeKind kind) {
    return kind == ForgeKind.BITBUCKET ? "PROJ" : "team";
  }

  @ParameterizedTest
  @EnumSource(ForgeKind.class)
  void discovery_refusesEveryHostilePath_namingIt_escaped(ForgeKind kind) throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("src"));
    String g = group(kind);
    try (ForgeFixture f = ForgeFixture.start(kind, tmp.resolve("forge"), TOKEN)) {
      f.add(g + "/app", repo, null, "private").add(g + "/good", repo, null, "private");
      DiscoverRepositoriesCommand discover = Archiver.discover().forge(kind).apiUrl(f.apiUrl()).group(g)
          .environment(Map.of("SOURCE_TOKEN", TOKEN));
      assertEquals(List.of(g + "/app", g + "/good"), discover.call().stream().map(ForgeRepository::path).sorted().toList());

      for (String pattern : HOSTILE) {
        String hostile = pattern.formatted(g);
        f.claims(g + "/app", hostile);
        OperationFailedException e = assertThrows(OperationFailedException.class, () -> Archiver.discover().forge(kind)
            .apiUrl(f.apiUrl()).group(g).environment(Map.of("SOURCE_TOKEN", TOKEN)).call(), hostile);
        String shown = hostile.replace("\u001b", "\\x1b");
        assertTrue(e.getMessage().contains("\"" + shown + "\"") && e.getMessage().contains("is not a forge path"),
            e.getMessage());
        assertFalse(e.getMessage().contains("\u001b"), "control characters are escaped");
      }
    }
  }
}
