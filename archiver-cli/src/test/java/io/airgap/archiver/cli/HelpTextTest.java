package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help and man pages an operator reads, as rendered: {@code --help} of every command (through
 * the real CLI) grouped by purpose and ending with examples and exit codes; the man pages as
 * {@code man -l} shows them. The command model is read from picocli, so an option or command added
 * later without a place in {@link HelpLayout} fails here.
 */
class HelpTextTest {
  /** A picocli variable left in a text ("${DEFAULT-VALUE}"), or one it replaced by "null". */
  private static final Pattern LEAKED_VARIABLE = Pattern.compile("\\$\\{(?!VAR[}:])|null substituted");
  /** A heading of the help: a line at column 0 ending in a colon. */
  private static final Pattern HEADING = Pattern.compile("^([A-Z][^ ].*):$");

  @TempDir Path tmp;
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp);
  }

  @Test
  void everyOptionOfEveryCommand_isShownInANamedGroup_notInOtherOptions() {
    Map<String, CommandSpec> commands = commands();
    assertTrue(commands.keySet().containsAll(List.of("create", "verify", "restore", "mirror run", "mirror status")),
        commands.keySet().toString());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
      String help = help(command.getKey());
      for (OptionSpec option : command.getValue().options()) {
        String group = groupOf(help, option.longestName());
        if (group == null) {
          problems.add(command.getKey() + " " + option.longestName() + ": under no group heading");
        } else if (group.equals("Other options")) {
          problems.add(command.getKey() + " " + option.longestName() + ": not placed in a group (HelpLayout)");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void createHelp_groupsByPurpose_andEndsWithExamplesAndExitStatus() {
    String help = help("create");
    List<String> headings = headings(help);
    for (String group : List.of("Source", "Output", "Selection", "Signing and encryption", "Dependencies", "Policy",
        "Fleets", "Logging and output", "Common", "Examples", "Exit status")) {
      assertTrue(headings.contains(group), group + " in " + headings + "\n" + help);
    }
    assertEquals("Exit status", headings.get(headings.size() - 1), help);
    assertEquals("Examples", headings.get(headings.size() - 2), help);
    assertEquals("--source", groupMembers(help, "Source").get(0), help);
    assertTrue(groupMembers(help, "Signing and encryption").containsAll(List.of("--sign-key", "--encrypt-to")), help);
    assertEquals("Logging and output", groupOf(help, "--json"), help);
    assertTrue(help.lines().count() < 250, "create --help is " + help.lines().count() + " lines");
    assertTrue(help.startsWith("Usage: archiver create --source URL|PATH"), help);
    String exit = section(help, "Exit status");
    for (String code : List.of("0", "1", "2", "5")) {
      assertTrue(Pattern.compile("(?m)^ +" + code + " +\\S").matcher(exit).find(), code + " in\n" + exit);
    }
  }

  @Test
  void everyCommandsHelp_hasTwoToFourExamples_theExitCodesItCanGive_andNoLeakedVariable() {
    List<String> problems = new ArrayList<>();
    for (String command : commands().keySet()) {
      String help = help(command);
      Matcher leaked = LEAKED_VARIABLE.matcher(help);
      if (leaked.find()) {
        int end = Math.min(help.length(), leaked.start() + 30);
        problems.add(command + ": '" + help.substring(leaked.start(), end) + "'");
      }
      String examples = section(help, "Examples");
      long runs = examples == null ? 0 : examples.lines().filter(l -> l.trim().startsWith("archiver ")).count();
      if (runs < 2 || runs > 4) {
        problems.add(command + ": " + runs + " examples");
      }
      String exit = section(help, "Exit status");
      if (exit == null || !Pattern.compile("(?m)^ +0 +\\S").matcher(exit).find()
          || !Pattern.compile("(?m)^ +2 +\\S").matcher(exit).find()) {
        problems.add(command + ": no exit status 0 and 2");
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(section(help("verify"), "Exit status").contains("3"), help("verify"));
    String archiver = cli.run("--help").expect(0).out();
    for (int code = 0; code <= 5; code++) {
      assertTrue(Pattern.compile("(?m)^ +" + code + " +\\S").matcher(section(archiver, "Exit status")).find(),
          code + " in\n" + archiver);
    }
    assertTrue(section(help("restore"), "Exit status").matches("(?s).*\\b3\\b.*\\b4\\b.*\\b5\\b.*"), help("restore"));
  }

  @Test
  void mirrorRunAndStatus_sayTheirConfigIsTheMirrorFile() {
    for (String command : List.of("mirror run", "mirror status")) {
      String help = help(command);
      String line = optionText(help, "--config");
      assertTrue(line.contains("mirror file"), command + ": " + line);
      assertFalse(line.contains("long option names"), command + ": " + line);
    }
    String create = optionText(help("create"), "--config");
    assertTrue(create.contains("long option names") && create.contains("${VAR}"), create);
  }

  @Test
  void manPages_renderedByManDashL_carryEverySection_examples_andAllExitCodes() throws Exception {
    Path dir = tmp.resolve("man");
    cli.run("man", "--out", dir.toString()).expect(0);
    List<String> pages;
    try (Stream<Path> list = Files.list(dir)) {
      pages = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(pages.containsAll(List.of("archiver.1", "archiver-create.1", "archiver-mirror-run.1",
        "archiver-mirror-status.1")), pages.toString());
    List<String> problems = new ArrayList<>();
    for (String page : pages) {
      String text = man(dir.resolve(page));
      for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES",
          "EXAMPLES")) {
        if (!Pattern.compile("(?m)^" + section + "$").matcher(text).find()) {
          problems.add(page + ": no " + section);
        }
      }
      if (LEAKED_VARIABLE.matcher(text).find()) {
        problems.add(page + ": a leaked variable");
      }
    }
    assertEquals(List.of(), problems);

    String create = man(dir.resolve("archiver-create.1"));
    String examples = manSection(create, "EXAMPLES");
    assertTrue(examples.contains("archiver create --source"), create);
    String options = manSection(create, "OPTIONS");
    assertTrue(options.indexOf("Source") < options.indexOf("--sign-key")
        && options.contains("Signing and encryption") && options.contains("Logging and output"), options);
    assertTrue(manSection(create, "ENVIRONMENT").contains("SOURCE_TOKEN"), create);
    assertTrue(manSection(create, "ENVIRONMENT").contains("ARCHIVER_KEY_PASSPHRASE"), create);
    assertTrue(manSection(create, "FILES").contains(".cache/airgap-archiver"), create);

    String archiver = man(dir.resolve("archiver.1"));
    String exit = manSection(archiver, "EXIT STATUS");
    for (int code = 0; code <= 5; code++) {
      assertTrue(Pattern.compile("(?m)^ +" + code + "\\b").matcher(exit).find(), code + " in\n" + exit);
    }
    assertTrue(exit.contains("policy"), exit);
    assertTrue(manSection(archiver, "ENVIRONMENT").contains("ARCHIVER_TRUSTED_KEYS"), archiver);
    assertTrue(manSection(man(dir.resolve("archiver-restore.1")), "ENVIRONMENT").contains("TARGET_TOKEN"));
    assertTrue(manSection(man(dir.resolve("archiver-mirror-run.1")), "OPTIONS").contains("mirror file"));
  }

  @Test
  void everyExample_parsesAgainstTheCommandItShows() {
    List<String> problems = new ArrayList<>();
    List<CommandSpec> pages = new ArrayList<>(); // archiver, mirror, and every command they hold
    for (List<CommandSpec> next = List.of(root().getCommandSpec()); !next.isEmpty(); ) {
      pages.addAll(next);
      next = next.stream().flatMap(c -> c.subcommands().values().stream()).map(CommandLine::getCommandSpec).toList();
    }
    int parsed = 0;
    for (CommandSpec command : pages) {
      for (HelpLayout.Example example : HelpLayout.examples(command)) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(example.command());
        while (word.find()) {
          String w = word.group(1) != null ? word.group(1) : word.group(2);
          if (w.equals(">") || w.equals("&&")) { // the shell's part of the line
            break;
          }
          words.add(w);
        }
        assertEquals("archiver", words.remove(0), example.command());
        try {
          root().parseArgs(words.toArray(String[]::new)); // a fresh model: a parse fills in the fields
          parsed++;
        } catch (CommandLine.ParameterException e) {
          problems.add(example.command() + ": " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(parsed > 30, parsed + " examples");
  }

  /** Every command and subcommand by its name under archiver ("create", "mirror run"), from picocli's model. */
  private static Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> commands = new LinkedHashMap<>();
    collect(root().getCommandSpec(), commands);
    return commands;
  }

  /** The whole command line's model, as a run that needs every command (help, completion) builds it. */
  private static CommandLine root() {
    CliContext context = new CliContext(Map.of(), System.out, System.err, false, ConfigFile.empty());
    CommandLine root = new CommandLine(new ArchiverCli(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
        } catch (NoSuchMethodException e) {
          return CommandLine.defaultFactory().create(cls);
        }
      }
    });
    ArchiverCli.SUBCOMMANDS.forEach(root::addSubcommand);
    return root;
  }

  private static void collect(CommandSpec spec, Map<String, CommandSpec> into) {
    for (CommandLine sub : spec.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (s.subcommands().isEmpty()) {
        into.put(s.qualifiedName(" ").substring("archiver ".length()), s);
      }
      collect(s, into);
    }
  }

  private String help(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    return cli.run(args.toArray(String[]::new)).expect(0).out();
  }

  private static List<String> headings(String help) {
    return help.lines().map(HEADING::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
  }

  /** The heading an option is listed under, or null if it is under none (the usage lines are no list). */
  private static String groupOf(String help, String option) {
    String heading = null;
    Pattern entry = Pattern.compile("^ +(-\\w, )?" + Pattern.quote(option) + "([= ,]|$)");
    for (String line : help.lines().toList()) {
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        heading = h.group(1);
      } else if (heading != null && entry.matcher(line).find()) {
        return heading;
      }
    }
    return null;
  }

  private static List<String> groupMembers(String help, String group) {
    return section(help, group).lines().map(l -> l.replaceFirst("^ +(-\\w, )?", ""))
        .filter(l -> l.startsWith("--")).map(l -> l.split("[= ]")[0]).toList();
  }

  /** The lines under a heading, up to the next heading; null if there is no such heading. */
  private static String section(String help, String heading) {
    StringBuilder sb = null;
    for (String line : help.lines().toList()) {
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        if (sb != null) {
          return sb.toString();
        }
        if (h.group(1).equals(heading)) {
          sb = new StringBuilder();
        }
      } else if (sb != null) {
        sb.append(line).append('\n');
      }
    }
    return sb == null ? null : sb.toString();
  }

  /** An option's entry: its line and the indented lines of its description that follow. */
  private static String optionText(String help, String option) {
    List<String> lines = help.lines().toList();
    Pattern entry = Pattern.compile("^ +(-\\w, )?" + Pattern.quote(option) + "([= ]|$)");
    for (int i = 0; i < lines.size(); i++) {
      if (entry.matcher(lines.get(i)).find()) {
        StringBuilder sb = new StringBuilder(lines.get(i).trim());
        // its description goes on deeper than any option's name (those start at column 2 or 6)
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" ".repeat(10)); j++) {
          sb.append(' ').append(lines.get(j).trim());
        }
        return sb.toString();
      }
    }
    throw new AssertionError(option + " is not in the help:\n" + help);
  }

  /** A man page as {@code man -l} renders it for a reader: plain text, 100 columns, no pager. */
  private String man(Path page) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("man", "-l", page.toString()).redirectErrorStream(true);
    pb.environment().put("MANWIDTH", "100");
    pb.environment().put("MANPAGER", "cat");
    pb.environment().put("PAGER", "cat");
    pb.environment().put("MAN_KEEP_FORMATTING", "");
    pb.environment().put("LANG", "C.UTF-8");
    Process p = pb.start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), text);
    // man's plain output still overstrikes bold and underlined text when it thinks it may: drop that
    return text.replaceAll(".\b", "");
  }

  /** A man page section's text: from its heading to the next heading at column 0. */
  private static String manSection(String text, String heading) {
    Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(heading) + "$(.*?)(?=^[A-Z][A-Z ]+$|\\z)").matcher(text);
    assertTrue(m.find(), heading + " in\n" + text);
    return m.group(1);
  }
}
