package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.CreateResult;
import io.airgap.archiver.api.InvalidRequestException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archiver create}: build a signed archive of a repository. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a signed archive of a Git repository (every branch, tag and note by default).")
final class CreateCli implements Callable<Integer>, HasCommonOptions {
  @Mixin CommonOptions common = new CommonOptions();
  @Mixin DependencyOptions deps = new DependencyOptions();

  @Option(names = "--source", paramLabel = "URL|PATH", description = "Repository to archive: path, file://, http(s)://, ssh://, user@host:path. Default: $SOURCE_REPO_URL. Credentials: $SOURCE_TOKEN, $SOURCE_USERNAME, $SOURCE_SSH_KEY.")
  String source;

  @Option(names = "--output", paramLabel = "DIR", description = "Folder to write the archive to. Default: $ARCHIVE_OUTPUT_PATH, else the current folder.")
  Path output;

  @Option(names = "--name", paramLabel = "NAME", description = "Archive name prefix. Default: the repository's name.")
  String name;

  @Option(names = "--cache", paramLabel = "DIR", description = "Where source mirrors are kept between runs. Default: $ARCHIVER_CACHE, else ~/.cache/airgap-archiver.")
  Path cache;

  @Option(names = "--include-refs", paramLabel = "GLOB", description = "Refs to carry ('*' matches across '/'). Default: refs/heads/*, refs/tags/*, refs/notes/*.")
  List<String> includeRefs = new ArrayList<>();

  @Option(names = "--exclude-refs", paramLabel = "GLOB", description = "Refs to leave out, applied after --include-refs.")
  List<String> excludeRefs = new ArrayList<>();

  @Option(names = "--incremental", description = "Carry only what is new since a base archive: give --base, or --since-last. Default: $ARCHIVE_TYPE=incremental.")
  boolean incremental;

  @Option(names = "--base", paramLabel = "ARCHIVE|MANIFEST|ID", description = "The archive this one applies on top of: the archive file, its manifest.json, or its archive id in the catalog.")
  String base;

  @Option(names = "--since-last", description = "Incremental on top of the last archive of this source in the catalog; a full archive (with a warning) if there is none.")
  boolean sinceLast;

  @Option(names = "--allow-empty", description = "With an incremental archive, write it even when nothing changed.")
  boolean allowEmpty;

  @Option(names = "--no-lfs", description = "Do not collect Git LFS objects.")
  boolean noLfs;

  @Option(names = "--no-deps", description = "Do not vendor third-party dependencies.")
  boolean noDeps;

  @Option(names = "--sign-key", paramLabel = "FILE", description = "Armoured OpenPGP secret key to sign with. Default: $ARCHIVER_SIGN_KEY. Passphrase: $ARCHIVER_KEY_PASSPHRASE or --passphrase-file.")
  Path signKey;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File whose first line is the signing key's passphrase.")
  Path passphraseFile;

  @Option(names = "--timestamp", paramLabel = "TIME", description = "Creation time (ISO-8601 or epoch seconds); default $SOURCE_DATE_EPOCH, else now. Fixed time + same source state = byte-identical archive.")
  String timestamp;

  private final CliContext context;

  CreateCli(CliContext context) {
    this.context = context;
  }

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Integer call() throws ArchiverException {
    if (source == null) {
      throw new InvalidRequestException("no source given: pass --source or set SOURCE_REPO_URL");
    }
    String type = context.env.getOrDefault("ARCHIVE_TYPE", "full");
    if (incremental && base == null && !sinceLast && !"incremental".equalsIgnoreCase(type)) {
      throw new InvalidRequestException("--incremental needs --base ARCHIVE|MANIFEST|ID or --since-last");
    }
    boolean useCatalog = sinceLast || (base == null && (incremental || "incremental".equalsIgnoreCase(type)));
    CreateResult result = Archiver.create()
        .source(source)
        .outputDir(output != null ? output : Path.of("."))
        .name(name)
        .cacheDir(cache)
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .lfs(!noLfs)
        .dependencies(!noDeps)
        .dependencySpec(deps.toSpec())
        .signKey(signKey, signKey == null ? null : Passphrases.read(passphraseFile, context.env))
        .timestamp(parseTimestamp(timestamp))
        .base(base)
        .sinceLast(useCatalog)
        .allowEmpty(allowEmpty)
        .environment(context.env)
        .progress(new ConsoleProgress(context.err, common))
        .call();
    if (result.unchanged()) {
      if (common.json) {
        JsonOutput.print(context.out, Map.of("ok", true, "unchanged", true));
      } else {
        context.out.println("Nothing changed since the base archive; no archive written.");
      }
      return ArchiverCli.OK;
    }
    if (common.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", true);
      doc.put("unchanged", false);
      doc.put("base_id", result.manifest().base() == null ? null : result.manifest().base().archiveId());
      doc.put("archive", result.archive().toAbsolutePath().toString());
      doc.put("archive_id", result.archiveId());
      doc.put("type", result.manifest().type().label());
      doc.put("size", result.size());
      doc.put("refs", result.manifest().refs().size());
      doc.put("head", result.manifest().head());
      doc.put("signer", result.manifest().signer());
      JsonOutput.print(context.out, doc);
    } else {
      context.out.println("Created " + result.archive());
      context.out.println("  archive id: " + result.archiveId());
      context.out.println("  type:       " + result.manifest().type() + ", " + result.manifest().refs().size()
          + " refs, " + Format.bytes(result.size()));
      if (result.manifest().base() != null) {
        context.out.println("  base:       " + result.manifest().base().archiveId());
      }
      context.out.println("  signed by:  " + (result.manifest().signer() == null ? "(unsigned)" : result.manifest().signer()));
    }
    return ArchiverCli.OK;
  }

  static Instant parseTimestamp(String value) throws InvalidRequestException {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return value.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidRequestException("--timestamp must be ISO-8601 (2026-01-31T12:00:00Z) or epoch seconds, not '"
          + value + "'");
    }
  }
}
