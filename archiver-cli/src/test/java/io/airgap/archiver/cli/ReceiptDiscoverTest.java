package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import io.airgap.archiver.testing.forge.ForgeFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of receipts drives a {@code create --discover} run: each discovered repository finds its own receipt by
 * source id and name, and one new to the group gets a full archive with a warning — even when it shares another's root
 * commit (its source id), as a fork does. The source forge is a FIXTURE (testing/forge:
 * GitLab's REST API from its public documentation, in front of JGit's real smart-HTTP Git server).
 */
class ReceiptDiscoverTest {
  private static final String SOURCE_TOKEN = "src-tok-receipts-51c2";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ForgeFixture source;

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void discoverBatch_fromAFolderOfReceipts_incrementalPerRepository_fullForANewOne() throws Exception {
    CliRunner cli = new CliRunner(tmp).env("SOURCE_TOKEN", SOURCE_TOKEN);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("connected"));
    Fixtures.Keys receiptKeys = Fixtures.Keys.generate(cli, tmp.resolve("receipt-keys"));
    Path alpha = SampleRepos.simple(tmp.resolve("work/alpha"));
    Path beta = SampleRepos.rich(tmp.resolve("work/beta"));
    source = ForgeFixture.start(ForgeKind.GITLAB, tmp.resolve("gitlab"), SOURCE_TOKEN);
    source.add("g/alpha", alpha, null, "private").add("g/beta", beta, null, "private");
    String[] discover = {"create", "--discover", "gitlab", "--api-url", source.apiUrl(), "--group", "g", "--no-deps",
        "--sign-key", keys.secret().toString()};

    Path out = tmp.resolve("out");
    cli.run(concat(discover, "--output", out.toString())).expect(0);
    List<String> fullIds = new ArrayList<>();
    for (Path full : Fixtures.listAll(out)) {
      fullIds.add(JSON.readTree(cli.run("inspect", full.toString(), "--json").expect(0).out())
          .findValue("archive_id").asText());
    }
    assertEquals(2, fullIds.size());
    Path internal = java.nio.file.Files.createDirectories(tmp.resolve("internal"));
    Path receipts = tmp.resolve("receipts");
    String template = internal.toUri() + "{path}.git";
    cli.run("restore", out.toString(), "--target-template", template, "--trust", keys.pub().toString(),
        "--receipt-key", receiptKeys.secret().toString(), "--receipt-out", receipts.toString()).expect(0);
    assertEquals(2, Fixtures.listAll(receipts).size(), Fixtures.listAll(receipts).toString());

    SampleRepos.commit(alpha, "a2.txt", "a2\n", "alpha more");
    git(alpha, "push", "-q", source.repository("g/alpha").toString(), "main");
    SampleRepos.commit(beta, "b2.txt", "b2\n", "beta more");
    git(beta, "push", "-q", source.repository("g/beta").toString(), "main");
    Path gamma = SampleRepos.simple(tmp.resolve("work/gamma")); // the same first commit as alpha: a fork, to archivers
    SampleRepos.commit(gamma, "g.txt", "a history of its own\n", "gamma");
    source.add("g/gamma", gamma, null, "private");
    Fixtures.awaitNextSecond();

    Path next = tmp.resolve("next");
    CliRunner.Run run = cli.run(concat(discover, "--output", next.toString(), "--since-receipt", receipts.toString(),
        "--trust-receipts", receiptKeys.pub().toString())).expect(0);
    assertTrue(run.err().contains("no receipt of this source") && run.err().contains("writing a full archive"),
        run.err());
    int incrementals = 0;
    for (Path archive : Fixtures.listAll(next)) {
      JsonNode info = JSON.readTree(cli.run("inspect", archive.toString(), "--json").expect(0).out());
      if (archive.getFileName().toString().startsWith("g-gamma-")) {
        assertEquals("full", info.findValue("type").asText(), info.toString());
      } else {
        assertEquals("incremental", info.findValue("type").asText(), info.toString());
        assertTrue(fullIds.contains(info.findValue("base_id").asText()), info.toString());
        incrementals++;
      }
    }
    assertEquals(2, incrementals, Fixtures.listAll(next).toString());
    cli.run("restore", next.toString(), "--target-template", template, "--trust", keys.pub().toString()).expect(0);
    for (String name : List.of("alpha", "beta", "gamma")) {
      assertEquals(CGit.refs(source.repository("g/" + name)), CGit.refs(internal.resolve("g/" + name + ".git")), name);
    }
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }
}
