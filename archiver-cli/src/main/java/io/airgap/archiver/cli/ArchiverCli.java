package io.airgap.archiver.cli;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.PolicyViolationException;
import io.airgap.archiver.base.PublishConflictException;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.NearMiss;
import io.airgap.archiver.internal.ToolVersion;
import io.airgap.archiver.manifest.Manifest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code archiver} command: subcommands, exit codes, and the one place errors are printed. */
@Command(
    name = "archiver",
    mixinStandardHelpOptions = true,
    versionProvider = ArchiverCli.Version.class,
    description = "Moves Git repositories into air-gapped networks as signed, verifiable archives.",
    footer = {"",
        "Where to start: 'archiver keygen --out keys' makes a signing key pair; 'archiver create --source URL"
            + " --sign-key keys/archiver-signing-secret.asc' archives a repository; on the far side, with the public"
            + " key, 'archiver verify ARCHIVE --trust archiver-signing-public.asc' checks it and 'archiver restore"
            + " ARCHIVE --trust archiver-signing-public.asc --target URL' pushes it to the internal Git server.",
        "",
        "Try it first: samples/quickstart.sh in the release folder takes a sample repository through keygen, create,"
            + " verify and restore in a scratch folder; README.md is the operator's guide.",
        "",
        "'archiver COMMAND --help' describes each command and ends with examples; 'archiver man --out DIR' writes"
            + " the man pages."})
public final class ArchiverCli implements Callable<Integer> {
  /** In the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(CreateCli.class, VerifyCli.class, RestoreCli.class,
      InspectCli.class, KeygenCli.class, SyncCli.class, MirrorCli.class, ReviewCli.class, ApproveCli.class, PushCli.class,
      PullCli.class, ListCli.class, PruneCli.class, PublishDepsCli.class, SelfcheckCli.class, CompletionCli.class, ManPageCli.class);
  /** These describe the whole command line, so they need every subcommand's model. */
  private static final Set<Class<?>> WHOLE_CLI = Set.of(CompletionCli.class, ManPageCli.class);

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNTRUSTED = 3;
  static final int CONFLICT = 4;
  static final int POLICY = 5;

  @CommandLine.Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv(), System.out, System.err, System.console() != null));
  }

  /** Runs one command line with the given environment; returns the exit code. */
  public static int execute(String[] args, Map<String, String> env, PrintStream rawOut, PrintStream rawErr,
      boolean terminal) {
    // every command prints through these: URLs redacted, control characters from data made visible
    PrintStream out = SafePrintStream.of(rawOut);
    PrintStream err = SafePrintStream.of(rawErr);
    ConfigFile config;
    try {
      Path configFile = configArgument(args);
      config = configFile == null ? ConfigFile.empty() : ConfigFile.load(configFile, env);
    } catch (InvalidRequestException e) {
      err.println(errorLine(e.getMessage()));
      if (jsonRequested(args)) {
        JsonOutput.print(out, errorDocument(USAGE, errorType(e), e.getMessage()));
      }
      return USAGE;
    }
    CliContext context = new CliContext(env, out, err, terminal, config);
    CommandLine cli = new CommandLine(new ArchiverCli(), new ContextFactory(context));
    for (Class<?> sub : subcommandsFor(args)) {
      cli.addSubcommand(sub);
    }
    HelpLayout.install(cli);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setDefaultValueProvider(new EnvironmentDefaults(env, config));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine, context));
    cli.setParameterExceptionHandler((e, args1) -> {
      err.println(errorLine(usageMessage(e)));
      List<String> near = suggestions(e);
      if (!near.isEmpty()) {
        err.println("Did you mean: " + String.join(" or ", near) + "?");
      }
      String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
      err.println("Run '" + help + "' for usage.");
      if (jsonRequested(args1)) {
        Map<String, Object> doc = errorDocument(USAGE, USAGE_ERROR, errorLine(usageMessage(e)).substring(7));
        if (!near.isEmpty()) {
          doc.put("did_you_mean", near);
        }
        doc.put("help", help);
        JsonOutput.print(out, doc);
      }
      return USAGE;
    });
    cli.setExecutionStrategy(parseResult -> {
      requireKnownConfigKeys(parseResult, config);
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli.execute(args);
  }

  /**
   * Unknown keys in the {@code --config} file are a usage error naming the key (thrown as picocli's, so it is
   * reported as every usage error is, JSON included). Not for {@code mirror run/status}: their --config is the
   * mirror file, which {@code MirrorFile} reads strictly itself.
   */
  private static void requireKnownConfigKeys(CommandLine.ParseResult parseResult, ConfigFile config) {
    CommandLine.ParseResult leaf = parseResult;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    CommandSpec command = leaf.commandSpec();
    if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested() || command.parent() != null
        && command.parent().name().equals("mirror")) {
      return;
    }
    List<String> options = command.options().stream().flatMap(o -> List.of(o.names()).stream())
        .filter(n -> n.startsWith("--")).toList();
    String unknown = config.unknownKey(command.qualifiedName(), options, command.name().equals("create"));
    if (unknown != null) {
      throw new CommandLine.ParameterException(command.commandLine(), unknown);
    }
  }

  /** The {@code error_type} of a command line picocli could not parse (an exception of ours names its class). */
  static final String USAGE_ERROR = "usage";

  /**
   * Whether {@code --json} is among the options, looked for in the raw arguments: a command line that does
   * not parse has no options object to ask, and a script that asked for JSON must get its error as JSON too.
   */
  static boolean jsonRequested(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** The error as the {@code --json} result document: {@code error_type} is what the JSON log records too. */
  static Map<String, Object> errorDocument(int code, String type, String message) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", false);
    doc.put("exit_code", code);
    doc.put("error_type", type);
    doc.put("error", message);
    return doc;
  }

  /** One name for an error's type, in the {@code --json} result and in the JSON log alike: its class's simple name. */
  static String errorType(Throwable e) {
    return e.getClass().getSimpleName();
  }

  /**
   * The type of a run that ended with {@code code} without an exception (a sync whose target the policy refused,
   * a fleet with a failed repository): the exception that exit code stands for, so that a script sees one
   * vocabulary whether the command threw or reported.
   */
  static String errorType(int code) {
    return switch (code) {
      case USAGE -> InvalidRequestException.class.getSimpleName();
      case UNTRUSTED -> UntrustedArchiveException.class.getSimpleName();
      case CONFLICT -> RefConflictException.class.getSimpleName();
      case POLICY -> PolicyViolationException.class.getSimpleName();
      default -> io.airgap.archiver.base.OperationFailedException.class.getSimpleName();
    };
  }

  @Override
  public Integer call() {
    return overview(spec);
  }

  /**
   * A command of commands given none ({@code archiver}, {@code archiver mirror}): a first contact,
   * or a script whose command word came out empty. Either way it is not a run: the overview (the
   * commands, and for {@code archiver} where to start) goes to stderr, and the exit is 2.
   */
  static int overview(CommandSpec command) {
    command.commandLine().usage(command.commandLine().getErr());
    return USAGE;
  }

  /** Picocli's message, except that an unknown word where a command is expected is called that. */
  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
        && !e.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()) {
      return "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    return e.getMessage();
  }

  /**
   * The "did you mean" of a misspelt command or option: picocli's {@code UnmatchedArgumentException}
   * names the word, and {@link NearMiss} (the rule mirror-file keys use too) picks the near names
   * among the command's subcommands or options. Picocli's own {@code printSuggestions} offers any
   * option sharing the first two letters and always three commands, near or not.
   */
  static List<String> suggestions(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return List.of();
    }
    String word = u.getUnmatched().get(0);
    CommandSpec command = e.getCommandLine().getCommandSpec();
    if (word.startsWith("-")) {
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      List<String> options = command.options().stream().filter(o -> !o.hidden())
          .flatMap(o -> List.of(o.names()).stream()).toList();
      return NearMiss.of(name, options);
    }
    return NearMiss.of(word, command.subcommands().keySet());
  }

  /**
   * Only the named subcommand's model is built when the first argument names one: picocli builds a
   * model by reflection over every option, and all fifteen cost every run about 40 ms. Anything else
   * (help, a typo to suggest a name for, completion, man pages) gets them all.
   */
  static List<Class<?>> subcommandsFor(String[] args) {
    if (args.length > 0) {
      for (Class<?> sub : SUBCOMMANDS) {
        Command command = sub.getAnnotation(Command.class);
        if ((command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0]))
            && !WHOLE_CLI.contains(sub)) {
          return List.of(sub);
        }
      }
    }
    return SUBCOMMANDS;
  }

  /** {@code --config} must be known before parsing, since it supplies defaults for the other options. */
  private static Path configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /**
   * One style for every error: lower case after {@code error:}. Picocli's own messages ("Missing
   * required option…") start capitalised; names and acronyms ({@code SHA256SUMS}, {@code S3}) stay.
   */
  static String errorLine(String message) {
    String text = String.valueOf(message);
    boolean word = text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1));
    return "error: " + (word ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text);
  }

  static int exitCode(Throwable e) {
    if (e instanceof RefConflictException || e instanceof PublishConflictException) {
      return CONFLICT;
    }
    if (e instanceof PolicyViolationException) {
      return POLICY;
    }
    if (e instanceof UntrustedArchiveException) {
      return UNTRUSTED;
    }
    if (e instanceof InvalidRequestException) {
      return USAGE;
    }
    return FAILED;
  }

  private static int report(Exception e, CommandLine commandLine, CliContext context) {
    int code = exitCode(e);
    boolean json = false;
    boolean stacktrace = false;
    Object command = commandLine.getCommand();
    if (command instanceof HasCommonOptions c) {
      json = c.common().json;
      stacktrace = c.common().stacktrace;
    }
    String message = e instanceof ArchiverException ? e.getMessage()
        : "internal error: " + e + " (please report it, with the output of --stacktrace)";
    context.err.println(errorLine(message));
    if (stacktrace) {
      e.printStackTrace(context.err);
    }
    if (json) {
      Map<String, Object> doc = errorDocument(code, errorType(e), message);
      if (e instanceof RefConflictException conflict) {
        doc.put("conflicts", conflict.refs());
      }
      if (e instanceof PublishConflictException conflict) {
        doc.put("conflicts", conflict.names());
      }
      if (e instanceof PolicyViolationException violation) {
        doc.put("findings", violation.findings());
      }
      JsonOutput.print(context.out, doc);
    }
    return code;
  }

  /** Gives subcommands their context through their constructor. */
  record ContextFactory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  /** {@code --version}: the tool's version and the archive format it writes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"archiver " + ToolVersion.get(), "writes archive format " + Manifest.FORMAT};
    }
  }
}
