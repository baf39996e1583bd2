package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code selfcheck} reports the runtime and finds the stock tools on the PATH it is given, as JSON or as lines. */
class SelfcheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void json_namesTheRuntime_andTheToolsOnThePath_withTheirVersions() throws Exception {
    CliRunner cli = new CliRunner(tmp).env("PATH", "/usr/local/bin:/usr/bin:/bin");
    JsonNode doc = JSON.readTree(cli.run("selfcheck", "--json").expect(0).out());
    assertTrue(doc.get("ok").asBoolean());
    assertEquals(System.getProperty("java.home"), doc.at("/runtime/java_home").asText());
    assertTrue(doc.at("/runtime/max_heap_bytes").asLong() > 0);
    assertTrue(doc.at("/runtime/jvm_options").isArray());
    JsonNode git = tool(doc, "git");
    assertTrue(git.get("found").asBoolean(), doc.toString());
    assertTrue(git.get("version").asText().startsWith("git version "), git.toString());
    assertTrue(tool(doc, "gpg").get("version").asText().startsWith("gpg (GnuPG)"), doc.toString());
  }

  @Test
  void toolsMissingFromThePath_areReportedNotFound_andTheCheckStillSucceeds() throws Exception {
    Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
    CliRunner cli = new CliRunner(tmp).env("PATH", emptyBin.toString());
    JsonNode doc = JSON.readTree(cli.run("selfcheck", "--json").expect(0).out());
    for (String name : ExternalTools.TOOLS.keySet()) {
      assertFalse(tool(doc, name).get("found").asBoolean(), name);
    }
    CliRunner.Run lines = cli.run("selfcheck").expect(0);
    assertTrue(lines.out().contains("git        not found on PATH"), lines.out());
    assertTrue(lines.out().contains("runtime:  Java "), lines.out());
  }

  private static JsonNode tool(JsonNode doc, String name) {
    for (JsonNode t : doc.get("tools")) {
      if (t.get("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(name + " not in " + doc);
  }
}
