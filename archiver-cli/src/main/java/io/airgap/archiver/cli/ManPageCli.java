package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.ToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code archiver man}: troff man pages for the command and each subcommand (archiver-mirror-run.1
 * too), from picocli's model laid out as {@code --help} lays it out ({@link HelpLayout}): NAME,
 * SYNOPSIS, DESCRIPTION, OPTIONS in their groups, EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO.
 */
@Command(name = "man", mixinStandardHelpOptions = true,
    description = "Write man pages (archiver.1, archiver-create.1, ...) to a folder; view with man -l.")
final class ManPageCli implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .1 files.")
  Path out;

  @Spec CommandSpec spec;

  private final CliContext context;

  ManPageCli(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InvalidRequestException {
    CommandSpec root = spec.root();
    List<CommandSpec> commands = new ArrayList<>();
    collect(root, commands);
    try {
      Files.createDirectories(out);
      for (CommandSpec command : commands) {
        Files.writeString(out.resolve(pageName(command) + ".1"), page(command, commands), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new InvalidRequestException("cannot write man pages to " + out + ": " + e.getMessage());
    }
    context.out.println("Wrote " + commands.size() + " man pages to " + out);
    return ArchiverCli.OK;
  }

  private static void collect(CommandSpec command, List<CommandSpec> into) {
    into.add(command);
    for (CommandLine sub : command.subcommands().values()) {
      collect(sub.getCommandSpec(), into);
    }
  }

  /** archiver, archiver-create, archiver-mirror-run. */
  static String pageName(CommandSpec command) {
    return command.qualifiedName("-");
  }

  static String page(CommandSpec command, List<CommandSpec> all) {
    String page = pageName(command);
    StringBuilder sb = new StringBuilder();
    sb.append(".TH \"").append(page.toUpperCase()).append("\" 1 \"\" \"archiver ").append(ToolVersion.get())
        .append("\" \"Air-Gap Archiver\"\n");
    // left-aligned, not hyphenated: option names and URLs read as typed
    sb.append(".nr HY 0\n.ds AD l\n.ad l\n.nh\n");
    sb.append(".SH NAME\n").append(escape(page)).append(" \\- ").append(escape(description(command))).append('\n');

    sb.append(".SH SYNOPSIS\n");
    for (String line : HelpLayout.synopsis(command)) { // each form a paragraph, wrapped lines indented
      String name = command.qualifiedName();
      List<String> units = HelpLayout.units(line.substring(name.length()).strip()).stream()
          .map(unit -> escape(unit).replace(" ", "\\ ")).toList(); // an option stays with its value
      sb.append(".PP\n.in +4n\n.ti -4n\n\\fB").append(escape(name).replace(" ", "\\ ")).append("\\fR ")
          .append(String.join(" ", units)).append("\n.in -4n\n");
    }

    sb.append(".SH DESCRIPTION\n").append(escape(description(command))).append('\n');
    for (String paragraph : HelpLayout.about(command)) {
      sb.append(".PP\n").append(escape(paragraph)).append('\n');
    }
    if (command.parent() == null) {
      sb.append(".PP\nEach command has its own page, e.g. \\fBarchiver\\-create\\fR(1);"
          + " \\fBarchiver\\fR \\fICOMMAND\\fR"
          + " \\fB\\-\\-help\\fR shows the same text. Credentials come from environment variables or files, never"
          + " from the command line (see ENVIRONMENT).\n");
    }
    if (!command.subcommands().isEmpty()) {
      sb.append(".SS Commands\n");
      command.subcommands().forEach((name, sub) -> sb.append(".TP\n.B ").append(escape(name)).append('\n')
          .append(escape(description(sub.getCommandSpec()))).append(" See \\fB")
          .append(escape(pageName(sub.getCommandSpec()))).append("\\fR(1).\n"));
    }
    if (!command.positionalParameters().isEmpty()) {
      sb.append(".SS Arguments\n");
      for (PositionalParamSpec p : command.positionalParameters()) {
        sb.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
            .append(escape(String.join(" ", p.description()))).append('\n');
      }
    }

    sb.append(".SH OPTIONS\n");
    for (HelpLayout.Placed group : HelpLayout.groups(command)) {
      sb.append(".SS \"").append(escape(group.title()).replace("\"", "\"\"")).append("\"\n");
      for (OptionSpec o : group.options()) {
        sb.append(".TP\n");
        List<String> names = new ArrayList<>();
        for (String name : o.names()) {
          names.add("\\fB" + escape(name) + "\\fR");
        }
        sb.append(String.join(", ", names));
        if (o.arity().max() > 0) {
          sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        sb.append('\n').append(escape(String.join(" ", HelpLayout.description(command, o)))).append('\n');
      }
    }

    sb.append(".SH EXIT STATUS\n");
    HelpLayout.exitCodes(command).forEach((code, text) ->
        sb.append(".TP\n.B ").append(code).append('\n').append(escape(text)).append('\n'));

    sb.append(".SH ENVIRONMENT\n");
    Map<String, String> environment = HelpLayout.environment(command);
    environment.forEach((name, text) ->
        sb.append(".TP\n.B ").append(escape(name)).append('\n').append(escape(text)).append('\n'));

    sb.append(".SH FILES\n");
    List<HelpLayout.FileEntry> files = HelpLayout.files(command);
    if (files.isEmpty()) {
      sb.append("This command keeps no files of its own; see \\fBarchiver\\fR(1).\n");
    }
    for (HelpLayout.FileEntry file : files) {
      sb.append(".TP\n.I ").append(escape(file.path())).append('\n').append(escape(file.text())).append('\n');
    }

    sb.append(".SH EXAMPLES\n");
    for (HelpLayout.Example example : HelpLayout.examples(command)) {
      sb.append(".PP\n").append(escape(example.what())).append(":\n.PP\n.RS 4\n.nf\n");
      for (String line : HelpLayout.wrap(example.command(), 78)) {
        sb.append(escape(line)).append('\n');
      }
      sb.append(".fi\n.RE\n");
    }

    sb.append(".SH SEE ALSO\n");
    List<String> related = new ArrayList<>();
    for (CommandSpec other : all) {
      if (other != command) {
        related.add("\\fB" + escape(pageName(other)) + "\\fR(1)");
      }
    }
    sb.append(String.join(",\n", related)).append('\n');
    return sb.toString();
  }

  private static String description(CommandSpec command) {
    return String.join(" ", command.usageMessage().description());
  }

  /** Text for troff: backslashes and minus signs as such, no control line, other than ASCII by code point. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c == '\\') {
        sb.append("\\e");
      } else if (c == '-') {
        sb.append("\\-");
      } else if (c > 126) {
        sb.append(String.format("\\[u%04X]", c));
      } else {
        sb.append((char) c);
      }
    });
    String t = sb.toString();
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
