package io.airgap.archiver.cli;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.ToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code archiver man}: troff man pages for the command and each subcommand, from picocli's model. */
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
    try {
      Files.createDirectories(out);
      write(root, "archiver");
      for (CommandLine sub : root.subcommands().values()) {
        write(sub.getCommandSpec(), "archiver-" + sub.getCommandName());
      }
    } catch (IOException e) {
      throw new InvalidRequestException("cannot write man pages to " + out + ": " + e.getMessage());
    }
    context.out.println("Wrote " + (root.subcommands().size() + 1) + " man pages to " + out);
    return ArchiverCli.OK;
  }

  private void write(CommandSpec command, String page) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(".TH \"").append(page.toUpperCase()).append("\" 1 \"\" \"archiver ").append(ToolVersion.get())
        .append("\" \"Air-Gap Archiver\"\n");
    sb.append(".SH NAME\n").append(escape(page)).append(" \\- ")
        .append(escape(String.join(" ", command.usageMessage().description()))).append('\n');
    sb.append(".SH SYNOPSIS\n.B ").append(escape(command.qualifiedName())).append('\n');
    for (PositionalParamSpec p : command.positionalParameters()) {
      sb.append(".I ").append(escape(p.paramLabel())).append('\n');
    }
    sb.append("[OPTIONS]\n");
    if (!command.positionalParameters().isEmpty()) {
      sb.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : command.positionalParameters()) {
        sb.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
            .append(escape(String.join(" ", p.description()))).append('\n');
      }
    }
    sb.append(".SH OPTIONS\n");
    for (OptionSpec o : command.options()) {
      sb.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
      if (o.arity().max() > 0) {
        sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      sb.append('\n').append(escape(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
          String.valueOf(o.defaultValue())))).append('\n');
    }
    if (command.parent() == null) {
      sb.append(".SH COMMANDS\n");
      command.subcommands().forEach((name, sub) -> sb.append(".TP\n.B ").append(escape(name)).append('\n')
          .append(escape(String.join(" ", sub.getCommandSpec().usageMessage().description()))).append('\n'));
      sb.append(".SH EXIT STATUS\n0 success, 1 operation failed, 2 usage error, 3 archive not trustworthy,"
          + " 4 refs conflict at the target.\n");
    }
    Files.writeString(out.resolve(page + ".1"), sb.toString(), StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    String t = s.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
