package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains belong to the place they are written: {@code --since-last} builds only on an archive at the
 * output folder, so a second USB stick (or a mirror's own backup folder) starts with a full archive
 * and restores alone.
 */
class ChainPlacesTest {
  @TempDir Path tmp;

  private JsonNode create(CliRunner cli, Path src, Path out, String timestamp, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--timestamp", timestamp, "--json"));
    args.addAll(List.of(extra));
    CliRunner.Run run = cli.run(args.toArray(String[]::new)).expect(0);
    JsonNode json = Json.mapper().readTree(run.out());
    return ((ObjectNode) json).put("stderr", run.err());
  }

  @Test
  void sinceLastToASecondStick_writesAFullArchive_thatRestoresAlone() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.rich(tmp.resolve("src"));
    Path usb1 = tmp.resolve("usb1");
    Path usb2 = tmp.resolve("usb2");
    assertEquals("full", create(cli, src, usb1, "2026-01-01T00:00:00Z", "--since-last").get("type").asText());
    SampleRepos.commit(src, "one.txt", "one\n", "first nightly change");
    assertEquals("incremental", create(cli, src, usb1, "2026-01-02T00:00:00Z", "--since-last").get("type").asText());

    SampleRepos.commit(src, "two.txt", "two\n", "second nightly change");
    CliRunner.Run second = cli.run("create", "--source", src.toString(), "--output", usb2.toString(),
        "--timestamp", "2026-01-03T00:00:00Z", "--since-last").expect(0);
    assertTrue(second.err().contains("no earlier archive of " + src + " at " + usb2.toRealPath()
        + ": writing a full archive"), second.err());
    assertTrue(Fixtures.onlyArchive(usb2).getFileName().toString().contains("-full-"), second.all());

    JsonNode chains = Json.mapper().readTree(cli.run("list", usb2.toString(), "--chains", "--json").expect(0).out());
    assertEquals(1, chains.get("chains").size(), chains.toString());
    assertTrue(chains.get("chains").get(0).get("complete").asBoolean(), chains.toString());

    Path restored = tmp.resolve("restored.git");
    CGit.git(tmp, "init", "-q", "--bare", restored.toString());
    cli.run("restore", usb2.toString(), "--target", restored.toString(), "--workspace", tmp.resolve("ws").toString(),
        "--allow-unsigned").expect(0);
    assertEquals(CGit.refs(src), CGit.refs(restored));

    SampleRepos.commit(src, "three.txt", "three\n", "third nightly change");
    JsonNode back = create(cli, src, usb1, "2026-01-04T00:00:00Z", "--since-last");
    assertEquals("incremental", back.get("type").asText(), "the first stick's chain goes on: " + back);
  }

  @Test
  void sinceLastWhenTheLastArchiveThereWasRemoved_writesAFullArchive_notAGap() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("src"));
    Path usb = tmp.resolve("usb");
    create(cli, src, usb, "2026-01-01T00:00:00Z", "--since-last");
    Files.delete(Fixtures.onlyArchive(usb));
    SampleRepos.commit(src, "one.txt", "one\n", "one");
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", usb.toString(),
        "--timestamp", "2026-01-02T00:00:00Z", "--since-last").expect(0);
    assertTrue(run.err().contains("is no longer there; creating a full archive instead"), run.err());
    assertTrue(Fixtures.onlyArchive(usb).getFileName().toString().contains("-full-"), run.all());
  }

  @Test
  void mirrorBackupWithASharedCache_startsItsOwnChainWithAFullArchive() throws Exception {
    CliRunner cli = new CliRunner(tmp);
    Path src = SampleRepos.rich(tmp.resolve("src"));
    create(cli, src, tmp.resolve("elsewhere"), "2026-01-01T00:00:00Z", "--since-last");
    Path backups = tmp.resolve("backups");
    Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
        mirrors:
          - name: app
            source: %s
            backup-to: [ "%s" ]
            interval: 1h
        """.formatted(src, backups));
    cli.run("mirror", "run", "--config", config.toString(), "--once").expect(0);
    List<Path> written = Fixtures.listAll(backups).stream().filter(p -> p.toString().endsWith(".tar.gz")).toList();
    assertEquals(1, written.size(), "the mirror's first backup is written: " + Fixtures.listAll(backups));
    String inspected = cli.run("inspect", written.get(0).toString(), "--json").expect(0).out();
    assertTrue(inspected.contains("\"type\" : \"full\""), inspected);
  }
}
