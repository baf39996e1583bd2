package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.testing.GitLfs;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people read is words, not program internals: the text outputs of {@code inspect}, {@code review},
 * {@code verify}, {@code restore} and {@code list} over real archives made by the CLI (a full one with Git
 * LFS objects and an incremental one on top of it) show no {@code null}, no Java collection rendering
 * ({@code {added=2}}, {@code [a, b]}), no size without a unit, and counts whose nouns agree with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputInWordsTest {
  /** A Java map or list printed with toString: {@code {added=2, ...}}, {@code {}}, {@code [a, b]}, {@code []}. */
  private static final Pattern JAVA_COLLECTION = Pattern.compile("\\{\\w[\\w-]*=|\\{\\}|\\[\\]|\\[[^\\]\\s]+, [^\\]]*\\]");
  /** "null" as a word (a value nobody filled in). */
  private static final Pattern NULL = Pattern.compile("(?i)\\bnull\\b");
  /** A number of 1000 or more standing alone, not followed by a unit: a raw byte count. */
  private static final Pattern BARE_NUMBER =
      // a session id is hex, so now and then all digits: it is a name, not an amount
      Pattern.compile("(?<![\\w.:/@-])(?<!session )\\d{4,}(?![\\w.:/-])(?!\\s*(?:B|KiB|MiB|GiB|TiB|bytes?)\\b)");
  /** A size field whose value has no unit: "size: 1234", "archive_size 1234". */
  private static final Pattern SIZE_WITHOUT_UNIT =
      Pattern.compile("(?i)size\\W{1,3}\\d+(?![\\d.])(?!\\s*(?:B|KiB|MiB|GiB|TiB|bytes?)\\b)");
  /** One of a thing with a plural noun: "1 refs", "1 LFS objects", "1 new commits". */
  private static final Pattern ONE_PLURAL = Pattern.compile(
      "(?<![\\w.,/-])1 (?:(?:LFS|Git LFS|new|changed) )?(refs|objects|archives|commits|files|entries|dependencies"
          + "|findings|repositories|chains)\\b");
  /** Several of a thing with a singular noun: "2 ref", "0 archive". */
  private static final Pattern MANY_SINGULAR = Pattern.compile(
      "(?<![\\w.,/-])(?:0|[2-9]|\\d{2,}) (?:(?:LFS|Git LFS|new|changed) )?(ref|object|archive|commit|file|entry"
          + "|dependency|finding|repository|chain)\\b(?!\\()");
  /** A progress line off a terminal: "  task: 40% 1.2 MiB/3.0 MiB" or "  task: 17". */
  private static final Pattern PROGRESS_LINE = Pattern.compile("  ([^:]+): +(\\d+|\\s*\\d+% .*)");
  /** A hedge instead of agreement: "object(s)", "file(s)". */
  private static final Pattern HEDGED_PLURAL = Pattern.compile("\\w\\(s\\)");

  @TempDir static Path tmp;
  CliRunner cli;
  Fixtures.Keys keys;
  Path full;
  Path incremental;
  Path folder;

  @BeforeAll
  void archives() throws Exception {
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home"), null, null);
    LfsSampleRepo repo = LfsSampleRepo.create(lfs, tmp.resolve("work"));
    cli = new CliRunner(tmp);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    folder = tmp.resolve("archives");
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("full").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    full = Fixtures.onlyArchive(tmp.resolve("full"));
    Files.write(repo.dir.resolve("added.bin"), "a new LFS object\n".repeat(200).getBytes(StandardCharsets.UTF_8));
    Files.writeString(repo.dir.resolve("notes.txt"), "plain text\n");
    lfs.git(repo.dir, "add", "added.bin", "notes.txt");
    lfs.git(repo.dir, "commit", "-q", "-m", "one more LFS file");
    Fixtures.awaitNextSecond();
    cli.run("create", "--source", repo.dir.toString(), "--output", tmp.resolve("incr").toString(),
        "--sign-key", keys.secret().toString(), "--incremental", "--base", full.toString()).expect(0);
    incremental = Fixtures.onlyArchive(tmp.resolve("incr"));
    Files.createDirectories(folder);
    Files.copy(full, folder.resolve(full.getFileName()));
    Files.copy(incremental, folder.resolve(incremental.getFileName()));
  }

  @Test
  void textOutputs_showNoNullNoJavaCollectionsNoBareSizes_andCountsAgreeWithTheirNouns() throws Exception {
    Map<String, CliRunner.Run> runs = new LinkedHashMap<>();
    runs.put("inspect full", cli.run("inspect", full.toString(), "--verbose").expect(0));
    runs.put("inspect incremental", cli.run("inspect", incremental.toString()).expect(0));
    runs.put("review incremental", cli.run("review", incremental.toString(), "--base", full.toString(), "--verbose",
        "--trust", keys.pub().toString())
        .expect(0));
    runs.put("review full", cli.run("review", full.toString()).expect(0));
    runs.put("verify", cli.run("verify", full.toString()).expect(0));
    runs.put("verify trusted", cli.run("verify", incremental.toString(), "--trust", keys.pub().toString()).expect(0));
    runs.put("list", cli.run("list", folder.toString()).expect(0));
    runs.put("list chains", cli.run("list", folder.toString(), "--chains").expect(0));
    runs.put("restore", cli.run("restore", full.toString(), incremental.toString(), "--target",
        "file://" + tmp.resolve("target.git"), "--trust", keys.pub().toString(), "--workspace",
        tmp.resolve("ws").toString()).expect(0));
    runs.put("restore folder", cli.run("restore", folder.toString(), "--target", "file://" + tmp.resolve("folder.git"),
        "--trust", keys.pub().toString(), "--workspace", tmp.resolve("ws-folder").toString()).expect(0));
    runs.put("restore again", cli.run("restore", full.toString(), incremental.toString(), "--target",
        "file://" + tmp.resolve("target.git"), "--trust", keys.pub().toString(), "--workspace",
        tmp.resolve("ws").toString()).expect(0));

    List<String> problems = new ArrayList<>();
    StringBuilder transcript = new StringBuilder();
    runs.forEach((name, run) -> {
      transcript.append("== ").append(name).append("\n-- stdout\n").append(run.out()).append("-- stderr\n")
          .append(run.err());
      for (String line : run.all().lines().toList()) {
        check(problems, name, line, NULL, "null");
        check(problems, name, line, JAVA_COLLECTION, "Java collection");
        check(problems, name, line, BARE_NUMBER, "number without a unit");
        check(problems, name, line, SIZE_WITHOUT_UNIT, "size without a unit");
        check(problems, name, line, ONE_PLURAL, "1 with a plural");
        check(problems, name, line, MANY_SINGULAR, "several with a singular");
        check(problems, name, line, HEDGED_PLURAL, "(s) instead of agreement");
      }
    });
    Files.writeString(Path.of("target", "output-in-words.txt"), transcript);
    assertEquals(List.of(), problems, transcript.toString());

    String review = runs.get("review incremental").out();
    assertTrue(review.contains("signature: good"), review);
    assertTrue(review.contains("refs: 1 fast-forwarded, 2 unchanged; new commits: 1; files: 2 added"), review);
    assertTrue(runs.get("review full").out().contains("signature: NOT CHECKED; pass --trust KEYFILE to check it"),
        runs.get("review full").out());
    String header = runs.get("restore").err().lines().findFirst().orElseThrow();
    assertTrue(header.contains(" · from 2 archives · target "), header);
    String folderHeader = runs.get("restore folder").err().lines().findFirst().orElseThrow();
    assertTrue(folderHeader.contains(" · from " + folder + " · target "), "a folder of 2 is not 'archives 1': "
        + folderHeader);
    assertTrue(runs.get("restore folder").err().contains("Ordering 2 archives by their chain"),
        runs.get("restore folder").err());
    assertTrue(runs.get("restore").out().startsWith("Restored 2 archives to "), runs.get("restore").out());
    String inspected = runs.get("inspect incremental").out();
    assertTrue(inspected.contains("\nbase:          " + archiveId(full) + "\n"), inspected);
    assertTrue(inspected.contains("\nchanges:       1 updated (refs/heads/main)\n"), inspected);
    assertTrue(inspected.contains("\nGit LFS:       1 object\n"), inspected);
    assertTrue(runs.get("inspect full").out().contains("\nbase:          none"), runs.get("inspect full").out());
    assertTrue(runs.get("inspect full").out().matches("(?s).*\nsize:          [\\d.]+ KiB \\(content [\\d.]+ KiB in 16 "
        + "entries\\)\n.*"), runs.get("inspect full").out());
  }

  @Test
  void verifyWithoutTrust_endsSayingTheSignatureWasNotChecked_andHowToCheckIt() {
    CliRunner.Run run = cli.run("verify", full.toString()).expect(0);
    List<String> lines = run.out().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("Signature: NOT CHECKED"), last);
    assertTrue(last.contains("--trust KEYFILE") && last.contains("gpgv"), "how to check it: " + last);

    CliRunner.Run trusted = cli.run("verify", full.toString(), "--trust", keys.pub().toString()).expect(0);
    List<String> good = trusted.out().lines().toList();
    assertTrue(good.get(good.size() - 1).startsWith("Signature: good, made by trusted key "), trusted.out());
  }

  @Test
  void requireSignature_withoutTrust_exits3_fromTheFlagTheConfigFileOrTheEnvironment() throws Exception {
    CliRunner.Run flag = cli.run("verify", full.toString(), "--require-signature").expect(ArchiverCli.UNTRUSTED);
    assertTrue(flag.err().contains("error: the signature was not checked") && flag.err().contains("--trust"),
        flag.err());
    CliRunner.Run json = cli.run("verify", full.toString(), "--require-signature", "--json").expect(ArchiverCli.UNTRUSTED);
    JsonNode doc = Json.mapper().readTree(json.out());
    assertEquals("UntrustedArchiveException", doc.get("error_type").asText(), json.out());

    cli.run("verify", full.toString(), "--require-signature", "--trust", keys.pub().toString()).expect(0);

    Path config = Files.writeString(tmp.resolve("verify.yaml"), "require-signature: true\n");
    cli.run("verify", full.toString(), "--config", config.toString()).expect(ArchiverCli.UNTRUSTED);
    cli.run("verify", full.toString(), "--config", config.toString(), "--trust", keys.pub().toString()).expect(0);

    CliRunner env = new CliRunner(tmp).env("ARCHIVER_REQUIRE_SIGNATURE", "true");
    env.run("verify", full.toString()).expect(ArchiverCli.UNTRUSTED);

    cli.run("create", "--source", tmp.resolve("work").toString(), "--output", tmp.resolve("unsigned").toString())
        .expect(0);
    Path unsigned = Fixtures.onlyArchive(tmp.resolve("unsigned"));
    CliRunner.Run none = cli.run("verify", unsigned.toString(), "--require-signature").expect(ArchiverCli.UNTRUSTED);
    assertTrue(none.err().contains("error: the archive is not signed"), none.err());
    cli.run("verify", unsigned.toString()).expect(0);

    String help = cli.run("verify", "--help").expect(0).out();
    assertTrue(help.replaceAll("\\s+", " ").contains("--require-signature Exit 3 unless the signature was checked"),
        help);
  }

  @Test
  void nonTerminalProgress_atMostOneLinePerTenthPerTask_noEmptyCounters_no100PercentTwice() throws Exception {
    Path big = tmp.resolve("big-src");
    GitLfs lfs = GitLfs.setUp(tmp.resolve("lfs-home-big"), null, null);
    lfs.git(tmp, "init", "-q", "-b", "main", big.toString());
    lfs.git(big, "lfs", "track", "*.dat");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 12; i++) { // separate archive entries, so that verifying them moves in steps
      byte[] data = new byte[512 * 1024];
      random.nextBytes(data);
      Files.write(big.resolve("data-" + i + ".dat"), data);
    }
    lfs.git(big, "add", "-A");
    lfs.git(big, "commit", "-q", "-m", "data");
    CliRunner.Run create = cli.run("create", "--source", big.toString(), "--output", tmp.resolve("big").toString(),
        "--verbose").expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("big"));
    CliRunner.Run verify = cli.run("verify", archive.toString(), "--verbose").expect(0);
    CliRunner.Run review = cli.run("review", incremental.toString(), "--base", full.toString(), "--verbose").expect(0);

    for (CliRunner.Run run : List.of(create, verify, review)) {
      Map<String, Integer> perTask = new LinkedHashMap<>();
      String step = "";
      for (String line : run.err().lines().toList()) {
        if (line.startsWith("Step ")) {
          step = line;
        }
        Matcher progress = PROGRESS_LINE.matcher(line);
        if (progress.matches()) {
          assertTrue(!progress.group(2).matches("0|\\s*0% .*"), "an empty counter: " + line + "\n" + run.err());
          perTask.merge(step + " / " + progress.group(1), 1, Integer::sum);
        }
      }
      perTask.forEach((task, n) -> assertTrue(n <= 11, n + " lines for " + task + ":\n" + run.err()));
      assertTrue(!run.err().contains("\u001b"), "no escape codes off a terminal");
    }
    long hundred = verify.err().lines().filter(l -> l.startsWith("  verify: 100%")).count();
    assertEquals(1, hundred, verify.err());
    assertTrue(verify.err().lines().filter(l -> l.startsWith("  verify: ")).count() >= 3,
        "twelve 512 KiB LFS objects show the progress in tenths: " + verify.err());
    assertEquals(2, review.err().lines().filter(l -> l.startsWith("  verify: 100%")).count(),
        "one 100% per archive verified (the incremental and its base): " + review.err());
  }

  @Test
  void usageErrorsWithJson_printAJsonErrorWithItsType_andExit2() throws Exception {
    for (String[] args : List.of(new String[] {"verify", "--json"}, new String[] {"verify", "x.tar.gz", "--jsn", "--json"},
        new String[] {"bogus", "--json"}, new String[] {"inspect", "--json", "--deep"})) {
      CliRunner.Run run = cli.run(args).expect(ArchiverCli.USAGE);
      JsonNode doc = Json.mapper().readTree(run.out());
      assertEquals(false, doc.get("ok").asBoolean(), run.out());
      assertEquals(2, doc.get("exit_code").asInt(), run.out());
      assertEquals("usage", doc.get("error_type").asText(), run.out());
      assertTrue(doc.get("error").asText().length() > 5 && run.err().startsWith("error: "), run.all());
    }
    CliRunner.Run typo = cli.run("verify", "x.tar.gz", "--jsn", "--json").expect(ArchiverCli.USAGE);
    assertEquals("--json", Json.mapper().readTree(typo.out()).get("did_you_mean").get(0).asText(), typo.out());
    assertEquals("", cli.run("verify").expect(ArchiverCli.USAGE).out(), "without --json, stdout stays empty");
  }

  @Test
  void everyErrorJson_hasTheErrorTypeTheLogRecords() throws Exception {
    Path log = tmp.resolve("refused.jsonl");
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "max-file-size: 1K\n");
    CliRunner.Run refused = cli.run("create", "--source", tmp.resolve("work").toString(), "--output",
        tmp.resolve("refused").toString(), "--policy", policy.toString(), "--json", "--log-file", log.toString())
        .expect(ArchiverCli.POLICY);
    JsonNode doc = Json.mapper().readTree(refused.out());
    List<String> lines = Files.readAllLines(log);
    JsonNode logged = Json.mapper().readTree(lines.get(lines.size() - 1));
    assertTrue(doc.hasNonNull("error_type"), refused.out());
    assertEquals(logged.get("error_type").asText(), doc.get("error_type").asText(), refused.out() + "\n" + logged);

    // a sync reports its refused target instead of throwing: its JSON and its log name the same type all the same
    Path syncLog = tmp.resolve("sync.jsonl");
    CliRunner.Run sync = cli.run("sync", "--source", tmp.resolve("work").toString(), "--target",
        "file://" + tmp.resolve("sync-target.git"), "--policy", policy.toString(), "--json", "--log-file",
        syncLog.toString()).expect(ArchiverCli.POLICY);
    JsonNode syncDoc = Json.mapper().readTree(sync.out());
    List<String> syncLines = Files.readAllLines(syncLog);
    JsonNode syncLogged = Json.mapper().readTree(syncLines.get(syncLines.size() - 1));
    assertEquals("PolicyViolationException", syncDoc.path("error_type").asText(), sync.out());
    assertEquals("PolicyViolationException", syncLogged.path("error_type").asText(), syncLogged.toString());
  }

  @Test
  void json_keepsExactNumbers() throws Exception {
    JsonNode doc = Json.mapper().readTree(cli.run("inspect", full.toString(), "--json").expect(0).out());
    assertEquals(Files.size(full), doc.get("archive_size").asLong());
    assertTrue(doc.get("content_size").isIntegralNumber(), doc.toString());
    assertTrue(doc.has("base_id") && doc.get("base_id").isNull(), doc.toString());
  }

  private String archiveId(Path archive) throws Exception {
    return Json.mapper().readTree(cli.run("inspect", archive.toString(), "--json").expect(0).out()).get("archive_id")
        .asText();
  }

  private static void check(List<String> problems, String run, String line, Pattern pattern, String what) {
    Matcher m = pattern.matcher(line);
    if (m.find()) {
      problems.add(run + ": " + what + " '" + m.group() + "' in: " + line);
    }
  }
}
