package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.policy.PolicyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples an operator copies: the systemd units pass {@code systemd-analyze verify} and carry the
 * hardening and exit-status settings the guide promises; the mirror and policy files load as the tool
 * reads them. (The quickstart runs in ReleaseTarballIT, from the unpacked release.)
 */
class SamplesTest {
  private static final Path SAMPLES = DocumentationTest.ROOT.resolve("samples");
  private static final String INSTALLED_LAUNCHER = "/usr/local/bin/archiver";

  @TempDir Path tmp;

  @Test
  void systemdUnits_passSystemdAnalyzeVerify() throws Exception {
    Path units = Files.createDirectories(tmp.resolve("units"));
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
    try (Stream<Path> files = Files.list(SAMPLES.resolve("systemd"))) {
      for (Path unit : files.filter(p -> p.toString().matches(".*\\.(service|timer)")).sorted().toList()) {
        // verify checks that ExecStart's program exists: the launcher where the guide installs it is this one
        String text = Files.readString(unit).replace(INSTALLED_LAUNCHER,
            DocumentationTest.ROOT.resolve("bin/archiver").toString());
        Files.writeString(units.resolve(unit.getFileName()), text);
        command.add(units.resolve(unit.getFileName()).toString());
      }
    }
    assertTrue(command.size() >= 3 + 5, "the units: " + command);
    Process p = new ProcessBuilder(command).directory(units.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze finished");
    // unknown keys and bad values are only warnings (exit 0): no output at all is the pass
    assertEquals(0, p.exitValue(), out);
    assertEquals("", out.strip(), "systemd-analyze verify has no complaint");
  }

  @Test
  void systemdUnits_runAsADedicatedHardenedUser_secretsFromAnEnvironmentFile_mirrorStopIs143() throws Exception {
    Map<String, Map<String, List<String>>> units = new TreeMap<>();
    try (Stream<Path> files = Files.list(SAMPLES.resolve("systemd"))) {
      for (Path unit : files.filter(p -> p.toString().matches(".*\\.(service|timer)")).toList()) {
        units.put(unit.getFileName().toString(), UnitFile.parse(Files.readString(unit)));
      }
    }
    assertTrue(units.keySet().containsAll(List.of("airgap-archiver-nightly.service", "airgap-archiver-nightly.timer",
        "airgap-archiver-mirror.service")), units.keySet().toString());
    for (Map.Entry<String, Map<String, List<String>>> unit : units.entrySet()) {
      String name = unit.getKey();
      Map<String, List<String>> keys = unit.getValue();
      if (name.endsWith(".timer")) {
        assertTrue(units.containsKey(name.replace(".timer", ".service")), name + " starts a unit that is here");
        continue;
      }
      for (String hardening : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "User=airgap",
          "EnvironmentFile=/etc/airgap-archiver/secrets.env")) {
        String key = hardening.substring(0, hardening.indexOf('='));
        assertEquals(List.of(hardening.substring(key.length() + 1)), keys.get(key), name + ": " + hardening);
      }
      String exec = String.join(" ", keys.get("ExecStart"));
      assertTrue(exec.startsWith(INSTALLED_LAUNCHER + " "), name + ": " + exec);
      assertTrue(!exec.matches(".*(TOKEN|PASSPHRASE|PASSWORD)=.*"), name + ": no secret on the command line");
    }
    Map<String, List<String>> mirror = units.get("airgap-archiver-mirror.service");
    String exec = String.join(" ", mirror.get("ExecStart"));
    assertTrue(exec.matches(".* mirror run --config \\S+ --http 127\\.0\\.0\\.1:\\d+"), exec);
    assertEquals(List.of("on-failure"), mirror.get("Restart"));
    assertEquals(List.of("143"), mirror.get("SuccessExitStatus"), "SIGTERM's exit 143 is a clean stop");
    assertEquals(List.of("multi-user.target"), mirror.get("WantedBy"));
    String secrets = Files.readString(SAMPLES.resolve("systemd/secrets.env.example"));
    assertTrue(secrets.contains("install -m 0600"), "the secrets file is installed with mode 0600");
    assertTrue(secrets.lines().noneMatch(l -> l.matches("[A-Z_]+=.*")), "no variable is set, even empty, until filled in");
  }

  @Test
  void mirrorFileSample_loads_andNamesItsMirrors() throws Exception {
    CliRunner.Run status = new CliRunner(tmp).run("mirror", "status", "--config",
        SAMPLES.resolve("config/mirrors.yaml").toString(), "--json").expect(0);
    JsonNode doc = new ObjectMapper().readTree(status.out());
    List<String> names = new ArrayList<>();
    doc.get("mirrors").forEach(m -> names.add(m.get("name").asText()));
    assertEquals(List.of("app", "docs"), names, status.out());
  }

  @Test
  void policySample_loads() throws Exception {
    assertTrue(PolicyFile.load(SAMPLES.resolve("config/policy.yaml")).secrets(), "the sample scans for secrets");
  }

  @Test
  void configSamples_useOnlyOptionsOfTheCommandTheyAreFor() throws Exception {
    // a config file's keys are option names, and a misspelt one would be ignored: check each against --help
    Pattern command = Pattern.compile("(?m)^#\\s+bin/archiver (\\w+) .*--config ");
    Pattern key = Pattern.compile("(?m)^(?:  - |    )?([a-z][a-z0-9_-]*):(?=\\s|$)");
    int checked = 0;
    try (Stream<Path> files = Files.list(SAMPLES.resolve("config"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.equals("mirrors.yaml") || name.equals("policy.yaml")) {
          continue; // the mirror file and the policy have keys of their own, checked as they load
        }
        String text = Files.readString(file);
        Matcher m = command.matcher(text);
        assertTrue(m.find(), name + " says which command reads it ('#   bin/archiver COMMAND --config …')");
        String help = new CliRunner(tmp).run(m.group(1), "--help").expect(0).out();
        Matcher k = key.matcher(text);
        while (k.find()) {
          String option = k.group(1).replace('_', '-'); // sign_key is sign-key
          if (option.equals("repositories")) {
            continue; // the batch list, whose entries are options too
          }
          checked++;
          assertTrue(Pattern.compile("--" + Pattern.quote(option) + "(?![a-z0-9-])").matcher(help).find(), name + ": '" + option + "' is not an option of " + m.group(1));
        }
      }
    }
    assertTrue(checked >= 15, "keys checked: " + checked);
  }

  /** A systemd unit file as key → values (all sections; a repeated key keeps every value). */
  static final class UnitFile {
    static Map<String, List<String>> parse(String text) {
      Map<String, List<String>> keys = new TreeMap<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
          continue;
        }
        int eq = line.indexOf('=');
        assertTrue(eq > 0, "a key=value line: " + line);
        keys.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
      }
      return keys;
    }
  }
}
