package io.airgap.archiver.cli;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.api.CreateArchiveCommand;
import io.airgap.archiver.api.CreateResult;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.api.Shard;
import io.airgap.archiver.lfs.LfsOptions;
import io.airgap.archiver.lfs.LfsScope;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.base.ByteSize;
import io.airgap.archiver.custody.Receipts;
import io.airgap.archiver.signing.TrustedKeys;
import io.airgap.archiver.internal.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archiver create}: build a signed archive of one repository, or of many (batch). */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a signed archive of a Git repository (every branch, tag and note by default).")
final class CreateCli extends ArchiverCommand {
  @Mixin DependencyOptions deps = new DependencyOptions();
  @Mixin DiscoverOptions discover = new DiscoverOptions();
  @Mixin CredentialOriginOptions credentials = new CredentialOriginOptions();

  @Option(names = "--recurse-submodules", description = "Also archive every repository that .gitmodules names at an archived ref tip (same output, same batch); the manifest records the mapping.")
  boolean recurseSubmodules;

  @Option(names = "--source", paramLabel = "URL|PATH", description = "Repository to archive: path, file://, http(s)://, ssh://, user@host:path. Default: $SOURCE_REPO_URL. Credentials: $SOURCE_TOKEN, $SOURCE_USERNAME, $SOURCE_SSH_KEY.")
  String source;

  @Option(names = "--output", paramLabel = "DIR|s3://BUCKET/PREFIX", description = "Where the archive goes: a folder, or a store (uploaded with its checksum verified). Default: $ARCHIVE_OUTPUT_PATH, else the current folder.")
  String output;

  @Option(names = "--split", paramLabel = "SIZE", description = "Write numbered parts of at most SIZE (e.g. 4G, 650M) plus a parts index, for FAT32 media.")
  String split;

  @Mixin StoreCliOptions store = new StoreCliOptions();
  @Mixin LockOptions locks = new LockOptions();

  @Option(names = "--name", paramLabel = "NAME", description = "Archive name prefix. Default: the repository's name.")
  String name;

  @Option(names = "--cache", paramLabel = "DIR", description = "Where source mirrors and the catalog are kept. Default: $ARCHIVER_CACHE, else $XDG_CACHE_HOME/airgap-archiver, else $HOME/.cache/airgap-archiver.")
  Path cache;

  @Option(names = "--include-refs", split = ",", paramLabel = "GLOB", description = "Refs to carry ('*' matches across '/'). Default: refs/heads/*, refs/tags/*, refs/notes/*.")
  List<String> includeRefs = new ArrayList<>();

  @Option(names = "--exclude-refs", split = ",", paramLabel = "GLOB", description = "Refs to leave out, applied after --include-refs.")
  List<String> excludeRefs = new ArrayList<>();

  @Option(names = "--incremental", description = "Carry only what is new since a base archive: give --base, or --since-last. Default: $ARCHIVE_TYPE=incremental.")
  boolean incremental;

  @Option(names = "--base", paramLabel = "ARCHIVE|MANIFEST|ID", description = "The archive this one applies on top of: the archive file, its manifest.json, or its archive id in the catalog.")
  String base;

  @Option(names = "--since-last", description = "Incremental on top of the last archive of this source written to the same --output folder or s3:// prefix (each place holds a chain that restores alone); a full archive, saying why, if there is none there.")
  boolean sinceLast;

  @Option(names = "--since-receipt", paramLabel = "FILE|DIR", description = "Incremental on exactly what a signed receipt of the air-gapped side says it holds, so archives made since and lost are healed. A folder: the newest receipt per source (batches); a source without one gets a full archive. Exit 3 if a receipt fails --trust-receipts or names commits this source never had.")
  Path sinceReceipt;

  @Option(names = "--trust-receipts", split = ",", paramLabel = "KEYFILE|KEYDIR", description = "Public key(s) of the air-gapped side that sign receipts (for --since-receipt).")
  List<Path> trustReceipts = new ArrayList<>();

  @Option(names = "--allow-empty", description = "With an incremental archive, write it even when nothing changed.")
  boolean allowEmpty;

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

  @Option(names = "--encrypt-to", split = ",", paramLabel = "PUBLIC-KEYFILE", description = "Encrypt the archive to this recipient's OpenPGP public key (repeatable): NAME.tar.gz.gpg, which only their secret keys open (stock gpg --decrypt works). Keys from gpg --export or keygen --purpose encrypt.")
  List<Path> encryptTo = new ArrayList<>();

  @Option(names = "--decrypt-key", paramLabel = "SECRET-KEYFILE", description = "Only to read a --base given as an encrypted archive file (an archive id or --since-last needs none). Passphrase: $ARCHIVER_KEY_PASSPHRASE.")
  Path decryptKey;

  @Option(names = "--timestamp", paramLabel = "TIME", description = "Creation time (ISO-8601 or epoch seconds); default $SOURCE_DATE_EPOCH, else now. Fixed time + same source state = byte-identical archive.")
  String timestamp;

  @Option(names = "--policy", paramLabel = "FILE", description = "Content policy (YAML: secrets, allow, deny-paths, max-file-size, max-archive-size, allow-licenses, deny-licenses). A violation exits 5 and writes no archive.")
  Path policy;

  @Option(names = "--dry-run", description = "Say what would be fetched and written; change nothing.")
  boolean dryRun;

  @Option(names = "--sources-file", paramLabel = "FILE", description = "Batch: one repository URL or path per line ('#' comments); one archive each.")
  Path sourcesFile;

  @Option(names = "--parallel", paramLabel = "N", description = "Batch: archives built at once. Default: ${DEFAULT-VALUE}.")
  int parallel = 2;

  @Option(names = "--shard", paramLabel = "I/N", description = "Batch: build only shard I of N (e.g. 2/3), a stable, disjoint split of the repositories for N parallel jobs. '/N' takes I from $JOB_COMPLETION_INDEX + 1 (Kubernetes indexed Jobs).")
  String shard;

  CreateCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "create";
  }

  /** The receipts of --since-receipt, verified once for the whole run (a batch shares them). */
  private Receipts receipts;

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    Shard mine = ShardOption.parse(shard, context.env);
    if (sinceReceipt != null) {
      if (base != null || sinceLast) {
        throw new InvalidRequestException("give one of --since-receipt, --base and --since-last");
      }
      if (trustReceipts.isEmpty()) {
        throw new InvalidRequestException("--since-receipt needs --trust-receipts KEYFILE|KEYDIR: the keys of the"
            + " air-gapped side that sign receipts");
      }
      receipts = Receipts.load(sinceReceipt, TrustedKeys.load(trustReceipts));
      session.listener().info(receipts.all().size() + " receipt(s) verified in " + sinceReceipt);
    } else if (!trustReceipts.isEmpty()) {
      throw new InvalidRequestException("--trust-receipts belongs to --since-receipt");
    }
    List<Map<String, String>> batch = batchRepositories(session);
    if (batch.isEmpty() && discover.requested()) {
      return CommandOutcome.ok(Map.of("ok", true, "results", List.of()),
          List.of("No repositories matched in " + discover.group + "; nothing archived."), Map.of("batch_repositories", 0));
    }
    if (batch.isEmpty() && recurseSubmodules && source != null) {
      batch = List.of(name == null ? Map.of("source", source) : Map.of("source", source, "name", name));
    }
    if (mine != null && batch.isEmpty()) {
      throw new InvalidRequestException("--shard splits a batch: give --sources-file FILE, repositories: in --config, or --discover");
    }
    if (!batch.isEmpty()) {
      return new BatchCreate(this, session).run(batch, parallel, mine);
    }
    if (source == null) {
      throw new InvalidRequestException("no source given: pass --source or set SOURCE_REPO_URL");
    }
    String type = base != null || sinceLast || sinceReceipt != null || incremental || isIncrementalByEnv() ? "incremental" : "full";
    session.header("create " + Redaction.url(source), Map.of("source", Redaction.url(source), "type", type));
    CreateResult result = command(source, name, includeRefs, excludeRefs, output, session.listener()).call();
    auditCreate(session, result, null);
    return outcome(result);
  }

  /** A configured create command for one repository; batch runs call this once per repository. */
  CreateArchiveCommand command(String repoSource, String repoName, List<String> include, List<String> exclude,
      String repoOutput, ProgressListener listener) throws ArchiverException {
    if (incremental && base == null && !sinceLast && !isIncrementalByEnv()) {
      throw new InvalidRequestException("--incremental needs --base ARCHIVE|MANIFEST|ID or --since-last");
    }
    boolean useCatalog = sinceReceipt == null && (sinceLast || (base == null && (incremental || isIncrementalByEnv())));
    CreateArchiveCommand command = Archiver.create();
    if (receipts != null) {
      command.sinceReceipts(receipts, sinceReceipt.toString());
    }
    return command
        .source(repoSource)
        .output(repoOutput != null ? repoOutput : ".")
        .split(split == null ? 0 : ByteSize.parse(split))
        .storeOptions(store.toOptions(context.env))
        .name(repoName)
        .cacheDir(cache)
        .includeRefs(include)
        .excludeRefs(exclude)
        .lfs(!noLfs)
        .lfsOptions(new LfsOptions(LfsScope.parse(lfsScope), lfsUrl, allowMissingLfs, lfsTransfers))
        .dependencies(!noDeps)
        .dependencySpec(deps.toSpec())
        .signKey(signKey, signKey == null ? null : Passphrases.read(passphraseFile, context.env))
        .encryptTo(encryptTo)
        .decryptKey(decryptKey, decryptKey == null ? null : Passphrases.read(null, context.env))
        .timestamp(parseTimestamp(timestamp))
        .base(base)
        .sinceLast(useCatalog)
        .allowEmpty(allowEmpty)
        .dryRun(dryRun)
        .policy(policy)
        .recurseSubmodules(recurseSubmodules)
        .credentialOrigins(credentials.origins)
        .lockTimeout(locks.lockTimeout)
        .environment(context.env)
        .progress(listener);
  }

  /** The audit trail: the archive written, its base, and the receipt it was based on (if any). */
  void auditCreate(RunSession session, CreateResult result, String repository) {
    if (result.archiveId() == null || result.dryRun()) {
      return;
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("message", "archive " + result.archiveId() + " created");
    f.put("archive_id", result.archiveId());
    f.put("type", result.type());
    f.put("base_id", result.baseId());
    f.put("archive", String.valueOf(result.archive()));
    if (result.manifest().source() != null) {
      f.put("source_id", result.manifest().source().id());
    }
    if (repository != null) {
      f.put("repository", repository);
    }
    session.event("archive_created", f);
    if (receipts != null && result.baseId() != null && result.manifest().source() != null) {
      String sourceId = result.manifest().source().id();
      receipts.all().stream().filter(v -> v.receipt().lastArchive().equals(result.baseId())
          && v.receipt().source().id().equals(sourceId)).reduce((a, b) -> b).ifPresent(v -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("message", "receipt " + v.file().getFileName() + " used as the base of archive " + result.archiveId());
        r.put("receipt_file", v.file().toString());
        r.put("archive_id", v.receipt().lastArchive());
        r.put("created_archive_id", result.archiveId());
        r.put("receipt_signer", v.receipt().signer().fingerprint());
        if (repository != null) {
          r.put("repository", repository);
        }
        session.event("receipt_used", r);
      });
    }
  }

  private boolean isIncrementalByEnv() {
    return "incremental".equalsIgnoreCase(context.env.getOrDefault("ARCHIVE_TYPE", "full"));
  }

  private List<Map<String, String>> batchRepositories(RunSession session) throws ArchiverException {
    discover.validate();
    List<Map<String, String>> repos = new ArrayList<>();
    List<Map<String, String>> configured = new ArrayList<>(context.config.repositories());
    if (discover.requested()) {
      configured.add(discover.asEntry());
    }
    for (Map<String, String> entry : configured) {
      if (entry.get("discover") != null) {
        repos.addAll(DiscoverOptions.expand(entry, context.env, session.listener()));
      } else {
        repos.add(entry);
      }
    }
    if (sourcesFile != null) {
      try {
        for (String line : Files.readAllLines(sourcesFile)) {
          String url = line.strip();
          if (!url.isEmpty() && !url.startsWith("#")) {
            repos.add(Map.of("source", url));
          }
        }
      } catch (IOException e) {
        throw new InvalidRequestException("cannot read --sources-file " + sourcesFile + ": " + e.getMessage());
      }
    }
    return repos;
  }

  static CommandOutcome outcome(CreateResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (result.unchanged()) {
      doc.put("unchanged", true);
      return CommandOutcome.ok(doc, List.of("Nothing changed since the base archive; no archive written."),
          Map.of("archive_written", 0));
    }
    if (result.dryRun()) {
      doc.put("dry_run", true);
      doc.put("archive", result.archive());
      doc.put("type", result.type());
      doc.put("base_id", result.baseId());
      doc.put("refs", result.manifest().refs().size());
      doc.put("ref_names", result.manifest().refs().keySet());
      return CommandOutcome.ok(doc, List.of("Dry run: would write " + result.archive() + " (" + result.type() + ", "
          + Plural.of(result.manifest().refs().size(), "ref") + (result.baseId() == null ? "" : ", base " + result.baseId())
          + "); nothing was changed."), Map.of());
    }
    doc.put("unchanged", false);
    doc.put("archive", result.archive());
    doc.put("archive_id", result.archiveId());
    doc.put("type", result.type());
    doc.put("base_id", result.baseId());
    doc.put("size", result.size());
    doc.put("refs", result.manifest().refs().size());
    doc.put("lfs_objects", result.manifest().lfs().size());
    doc.put("lfs_missing", result.manifest().lfsMissing().size());
    doc.put("lfs_missing_oids", result.manifest().lfsMissing().stream().map(o -> o.oid()).toList());
    doc.put("head", result.manifest().head());
    doc.put("signer", result.manifest().signer());
    List<String> lines = new ArrayList<>();
    lines.add("Created " + result.archive());
    lines.add("  archive id: " + result.archiveId());
    lines.add("  type:       " + result.manifest().type() + ", " + Plural.of(result.manifest().refs().size(), "ref") + ", "
        + Plural.of(result.manifest().lfs().size(), "LFS object") + ", " + Format.bytes(result.size()));
    if (!result.manifest().lfsMissing().isEmpty()) {
      lines.add("  LFS:        " + Plural.of(result.manifest().lfsMissing().size(), "object") + " MISSING (--allow-missing-lfs)");
    }
    if (result.manifest().base() != null) {
      lines.add("  base:       " + result.manifest().base().archiveId());
    }
    lines.add("  signed by:  " + (result.manifest().signer() == null ? "nobody: the archive is not signed (--sign-key)" : result.manifest().signer()));
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("archive_written", 1);
    metrics.put("archive_size_bytes", result.size());
    metrics.put("refs", result.manifest().refs().size());
    metrics.put("lfs_objects", result.manifest().lfs().size());
    metrics.put("dependencies", result.manifest().dependencies().size());
    return CommandOutcome.ok(doc, lines, metrics);
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
