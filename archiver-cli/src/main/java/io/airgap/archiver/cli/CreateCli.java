package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.ArchiverException;
import io.airgap.archiver.api.CreateResult;
import io.airgap.archiver.api.InvalidRequestException;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsScope;
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

  @Option(names = "--no-lfs", description = "Do not collect Git LFS objects.")
  boolean noLfs;

  @Option(names = "--lfs-scope", paramLabel = "SCOPE", description = "Git LFS objects to carry: history (default: every commit reachable from the refs) or tips (what the ref tips check out).")
  String lfsScope;

  @Option(names = "--lfs-url", paramLabel = "URL", description = "The source's Git LFS server. Default: lfs.url from .lfsconfig, else the source URL + .git/info/lfs. Credentials: as for --source.")
  String lfsUrl;

  @Option(names = "--allow-missing-lfs", description = "Archive even if the source cannot supply some LFS objects; they are listed as lfs_missing in the manifest.")
  boolean allowMissingLfs;

  @Option(names = "--lfs-transfers", paramLabel = "N", description = "Parallel LFS downloads (default: 4).")
  int lfsTransfers;

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
    CreateResult result = Archiver.create()
        .source(source)
        .outputDir(output != null ? output : Path.of("."))
        .name(name)
        .cacheDir(cache)
        .includeRefs(includeRefs)
        .excludeRefs(excludeRefs)
        .lfs(!noLfs)
        .lfsOptions(new LfsOptions(LfsScope.parse(lfsScope), lfsUrl, allowMissingLfs, lfsTransfers))
        .dependencies(!noDeps)
        .signKey(signKey, signKey == null ? null : Passphrases.read(passphraseFile, context.env))
        .timestamp(parseTimestamp(timestamp))
        .environment(context.env)
        .progress(new ConsoleProgress(context.err, common))
        .call();
    if (common.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", true);
      doc.put("archive", result.archive().toAbsolutePath().toString());
      doc.put("archive_id", result.archiveId());
      doc.put("type", result.manifest().type().label());
      doc.put("size", result.size());
      doc.put("refs", result.manifest().refs().size());
      doc.put("lfs_objects", result.manifest().lfs().size());
      doc.put("lfs_missing", result.manifest().lfsMissing().size());
      doc.put("lfs_missing_oids", result.manifest().lfsMissing().stream().map(o -> o.oid()).toList());
      doc.put("head", result.manifest().head());
      doc.put("signer", result.manifest().signer());
      JsonOutput.print(context.out, doc);
    } else {
      context.out.println("Created " + result.archive());
      context.out.println("  archive id: " + result.archiveId());
      context.out.println("  type:       " + result.manifest().type() + ", " + result.manifest().refs().size()
          + " refs, " + result.manifest().lfs().size() + " LFS objects, " + Format.bytes(result.size()));
      if (!result.manifest().lfsMissing().isEmpty()) {
        context.out.println("  LFS:        " + result.manifest().lfsMissing().size() + " object(s) MISSING (--allow-missing-lfs)");
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
