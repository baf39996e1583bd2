package io.airgap.archiver.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} and the man pages present each command, in one place: a short synopsis, the
 * options in groups by purpose (in the order given here), examples, the exit codes the command can
 * give, and the environment variables it reads. The options themselves stay where they are declared
 * (their fields, names and descriptions); this only places them. An option no group names is still
 * shown, under "Other options", and {@code HelpTextTest} fails until it is placed.
 */
final class HelpLayout {
  static final String OTHER = "Other options";

  /** A heading and the long names (picocli's longest name) of the options under it, in order. */
  record Group(String title, List<String> options) {
    Group(String title, String... options) {
      this(title, List.of(options));
    }
  }

  /** What an example does, and the command line. */
  record Example(String what, String command) {}

  /**
   * One command's page: synopsis lines (without "archiver"), its own groups (the shared ones follow),
   * examples, exit codes with this command's meaning, and description overrides for shared options.
   */
  record Page(List<String> synopsis, List<Group> groups, List<Example> examples, Map<Integer, String> exitCodes,
      Map<String, String> descriptions) {}

  /** The exit codes and what they mean in general (DESIGN.md). */
  static final Map<Integer, String> EXIT_CODES = ordered(
      0, "Success.",
      1, "The operation failed (network, server, disk); the error line says what failed.",
      2, "Usage error: a bad option or value, a missing file, an unknown key in a file the tool reads.",
      3, "The archive is not trustworthy: an integrity or signature check failed.",
      4, "Refs conflict at the target under --on-conflict fail; the target is left as it was.",
      5, "Content policy violated: nothing was written, pushed or uploaded.");

  private static final Group LOGGING = new Group("Logging and output",
      "--json", "--quiet", "--verbose", "--log-file", "--metrics-file", "--stacktrace");
  private static final Group COMMON = new Group("Common", "--config", "--help", "--version");
  private static final Group S3 = new Group("S3 storage (for s3:// locations)",
      "--s3-endpoint", "--s3-region", "--s3-virtual-hosted", "--s3-checksums", "--s3-sse", "--s3-kms-key-id",
      "--s3-part-size");
  private static final Group DECRYPTION = new Group("Decryption", "--decrypt-key", "--passphrase-file");

  private static final Map<String, Page> PAGES = new LinkedHashMap<>();

  static {
    page("", List.of("COMMAND [OPTIONS]", "COMMAND --help"), List.of(),
        List.of(
            new Example("Make a signing key pair (keys/archiver-signing-secret.asc and -public.asc)",
                "archiver keygen --out keys"),
            new Example("Archive a repository, signed, onto a USB drive",
                "archiver create --source https://git.example.com/team/app.git"
                    + " --sign-key keys/archiver-signing-secret.asc --output /media/usb"),
            new Example("On the air-gapped side, check it with the public key",
                "archiver verify /media/usb/app-full-20261121T120000Z.tar.gz --trust archiver-signing-public.asc"),
            new Example("Push it to the internal Git server",
                "archiver restore /media/usb --trust archiver-signing-public.asc"
                    + " --target https://git.internal/team/app.git")),
        codes(0, 1, 2, 3, 4, 5));
    page("create",
        List.of("create --source URL|PATH [--output DIR|s3://BUCKET/PREFIX] [--sign-key FILE] [OPTIONS]",
            "create --source URL|PATH --incremental (--base ARCHIVE | --since-last) [OPTIONS]",
            "create --sources-file FILE [--parallel N] [--shard I/N] [OPTIONS]",
            "create --discover FORGE --api-url URL --group GROUP [OPTIONS]"),
        List.of(
            new Group("Source", "--source", "--credential-origin", "--cache", "--lfs-url", "--lfs-transfers",
                "--lock-timeout", "--recurse-submodules"),
            new Group("Output", "--output", "--name", "--split", "--timestamp", "--dry-run"),
            new Group("Selection", "--include-refs", "--exclude-refs", "--incremental", "--base", "--since-last",
                "--since-receipt", "--trust-receipts", "--allow-empty", "--no-lfs", "--lfs-scope",
                "--allow-missing-lfs"),
            new Group("Signing and encryption", "--sign-key", "--passphrase-file", "--encrypt-to", "--decrypt-key"),
            new Group("Dependencies", "--no-deps", "--deps-refs", "--deps-best-effort", "--maven-repo",
                "--maven-versions", "--npm-registry", "--pip-index", "--python-version", "--python-platform",
                "--goproxy"),
            new Group("Policy", "--policy"),
            new Group("Fleets", "--sources-file", "--parallel", "--shard",
                "--discover", "--api-url", "--group", "--include", "--exclude", "--skip-archived", "--skip-forks"),
            S3),
        List.of(
            new Example("A full archive of every branch, tag and note, signed",
                "archiver create --source https://git.example.com/team/app.git"
                    + " --sign-key keys/archiver-signing-secret.asc --output /media/usb"),
            new Example("Next time, only what is new since the last archive in that folder",
                "archiver create --source https://git.example.com/team/app.git --incremental --since-last"
                    + " --sign-key keys/archiver-signing-secret.asc --output /media/usb"),
            new Example("Split into 4 GiB parts for a FAT32 drive, checked against a content policy",
                "archiver create --source git@git.example.com:team/app.git --split 4G --policy policy.yaml"
                    + " --sign-key keys/archiver-signing-secret.asc --output /media/usb"),
            new Example("Each repository of a GitLab group (SOURCE_TOKEN set), one archive each, to S3",
                "archiver create --discover gitlab --api-url https://gitlab.example.com --group backend"
                    + " --sign-key keys/archiver-signing-secret.asc --output s3://transfer/nightly")),
        codes(0, 1, 2, 3, 5, 2, "Usage error, or a source that does not exist.",
            3, "A --base archive (or receipt) fails its integrity or signature check."));
    page("verify",
        List.of("verify ARCHIVE [--trust KEYFILE|KEYDIR] [--require-signer FINGERPRINT]... [OPTIONS]"),
        List.of(
            new Group("Trust", "--trust", "--require-signer", "--require-signature"),
            new Group("Checks", "--deep"),
            DECRYPTION, S3),
        List.of(
            new Example("Integrity and signature, with the public key from the connected side",
                "archiver verify app-full-20261121T120000Z.tar.gz --trust archiver-signing-public.asc"),
            new Example("Also unbundle the history, as restore would, and accept only one signer",
                "archiver verify app-full-20261121T120000Z.tar.gz --deep --trust keys/"
                    + " --require-signer 0123456789ABCDEF0123456789ABCDEF01234567"),
            new Example("A split archive, an encrypted one, or one in S3",
                "archiver verify s3://transfer/app/app-full-20261121T120000Z.tar.gz.gpg"
                    + " --decrypt-key archiver-encryption-secret.asc --trust archiver-signing-public.asc")),
        codes(0, 1, 2, 3, 0, "The archive is intact and, with --trust, signed by a trusted key."));
    page("restore",
        List.of("restore ARCHIVE... --target URL|PATH --trust KEYFILE|KEYDIR [OPTIONS]",
            "restore DIR|s3://BUCKET/PREFIX --target-template URL-TEMPLATE [--create-repos FORGE --api-url URL]"
                + " [OPTIONS]"),
        List.of(
            new Group("Target", "--target", "--on-conflict", "--prune", "--lfs-url", "--lfs-transfers", "--dry-run"),
            new Group("Trust", "--trust", "--require-signer", "--allow-unsigned", "--allow-rollback",
                "--require-approval", "--approvals", "--allow-self-approval"),
            new Group("Policy", "--policy", "--require-policy"),
            new Group("Workspace and dependencies", "--workspace", "--lock-timeout", "--deps-dir", "--publish-deps"),
            new Group("Receipts", "--receipt-key", "--receipt-out"),
            new Group("Fleets", "--target-template", "--create-repos", "--api-url",
                "--parallel"),
            DECRYPTION, S3),
        List.of(
            new Example("A full archive and its incrementals, in any order (TARGET_TOKEN set)",
                "archiver restore /media/usb/app-*.tar.gz --trust archiver-signing-public.asc"
                    + " --target https://git.internal/team/app.git"),
            new Example("See first what would be pushed, changing nothing",
                "archiver restore /media/usb --trust archiver-signing-public.asc"
                    + " --target https://git.internal/team/app.git --dry-run"),
            new Example("A fleet: each source to its own repository, created on GitLab if missing",
                "archiver restore /media/usb/nightly --trust archiver-signing-public.asc"
                    + " --target-template 'https://git.internal/{group}/{name}.git' --create-repos gitlab"
                    + " --api-url https://git.internal")),
        codes(0, 1, 2, 3, 4, 5, 3, "An archive fails its integrity or signature check, or is older than what the"
            + " workspace applied (rollback); nothing is pushed.",
            4, "Refs conflict at the target under --on-conflict fail, or (--publish-deps) a registry holds a dependency"
            + " with other content; nothing is pushed or overwritten."));
    page("inspect", List.of("inspect ARCHIVE [OPTIONS]"),
        List.of(new Group("Approvals", "--require-approval"), DECRYPTION, S3),
        List.of(
            new Example("What an archive holds: id, type, source, refs, sizes, signer",
                "archiver inspect app-full-20261121T120000Z.tar.gz"),
            new Example("The same as JSON, for scripts",
                "archiver inspect app-incremental-20261122T120000Z.tar.gz --json")),
        codes(0, 1, 2, 3, 3, "The archive cannot be read as a well-formed archive."));
    page("keygen", List.of("keygen --out DIR [--purpose sign|encrypt] [--uid USER-ID] [OPTIONS]"),
        List.of(new Group("Key", "--out", "--purpose", "--uid", "--passphrase-file")),
        List.of(
            new Example("A signing key pair for create (secret) and verify/restore (public)",
                "archiver keygen --out keys"),
            new Example("An encryption key pair for the air-gapped side, passphrase from a file",
                "archiver keygen --out keys --purpose encrypt --passphrase-file passphrase.txt")),
        codes(0, 1, 2));
    page("sync",
        List.of("sync --source URL --target URL [--target URL]... [OPTIONS]",
            "sync --source URL --target URL --bidirectional [--on-conflict POLICY] [OPTIONS]",
            "sync --discover FORGE --api-url URL --group GROUP --target-template URL-TEMPLATE [OPTIONS]"),
        List.of(
            new Group("Source and targets", "--source", "--target", "--bidirectional", "--on-conflict", "--prune",
                "--dry-run", "--credential-origin", "--cache"),
            new Group("Selection", "--include-refs", "--exclude-refs", "--no-lfs", "--lfs-url", "--target-lfs-url",
                "--lfs-transfers"),
            new Group("Backup archive", "--backup-to", "--sign-key", "--passphrase-file"),
            new Group("Policy", "--policy"),
            new Group("Fleets", "--discover", "--api-url", "--group", "--include", "--exclude",
                "--skip-archived", "--skip-forks", "--target-template", "--create-repos", "--target-api-url",
                "--parallel"),
            S3),
        List.of(
            new Example("Mirror to two targets (SOURCE_TOKEN, TARGET_TOKEN set)",
                "archiver sync --source https://gitlab.example.com/team/app.git"
                    + " --target https://github.example.com/org/app.git --target /srv/git/app.git"),
            new Example("Keep two servers in step both ways; on divergence the source wins",
                "archiver sync --source https://a.example.com/app.git --target https://b.example.com/app.git"
                    + " --bidirectional --on-conflict source-wins"),
            new Example("Mirror, then write a signed backup archive (full first, incremental after)",
                "archiver sync --source https://gitlab.example.com/team/app.git --target /srv/git/app.git"
                    + " --backup-to s3://backups/app --sign-key keys/archiver-signing-secret.asc")),
        codes(0, 1, 2, 4, 5));
    page("mirror", List.of("mirror run --config MIRROR-FILE [--once | --all] [--http HOST:PORT]",
        "mirror status --config MIRROR-FILE [--json]"), List.of(),
        List.of(
            new Example("Run the mirrors of a mirror file as a service", "archiver mirror run --config mirrors.yaml"),
            new Example("Show each mirror's state", "archiver mirror status --config mirrors.yaml")),
        codes(0, 1, 2));
    String mirrorFile = "The mirror file (YAML, required): the mirrors (name, source, targets, interval, policy, …)"
        + " and notifications; values may use environment variables as ${VAR} or ${VAR:-default}.";
    page("mirror run", List.of("mirror run --config MIRROR-FILE [--once | --all] [--http HOST:PORT] [OPTIONS]"),
        List.of(new Group("Mirror file", "--config"), new Group("When", "--once", "--all", "--stop-timeout"),
            new Group("HTTP API and status page", "--http")),
        List.of(
            new Example("As a service (systemd, Kubernetes): each mirror when its interval is due",
                "archiver mirror run --config /etc/archiver/mirrors.yaml --http 127.0.0.1:8080"),
            new Example("From cron or a systemd timer: what is due now, then exit",
                "archiver mirror run --config /etc/archiver/mirrors.yaml --once"),
            new Example("Every mirror now, whatever its interval",
                "archiver mirror run --config /etc/archiver/mirrors.yaml --all")),
        codes(0, 1, 2, 1, "With --once or --all: a mirror failed (the others still ran). As a service: it could"
            + " not start.", 143, "Stopped by SIGTERM (service mode), once running syncs finished or --stop-timeout"
            + " passed."),
        Map.of("--config", mirrorFile));
    page("mirror status", List.of("mirror status --config MIRROR-FILE [--json] [OPTIONS]"),
        List.of(new Group("Mirror file", "--config")),
        List.of(
            new Example("Each mirror's state, last success, next due and last error",
                "archiver mirror status --config /etc/archiver/mirrors.yaml"),
            new Example("The same as JSON, for monitoring", "archiver mirror status --config mirrors.yaml --json")),
        codes(0, 1, 2), Map.of("--config", mirrorFile));
    page("review",
        List.of("review ARCHIVE [--base ARCHIVE|FOLDER]... [--trust KEYFILE] [--policy FILE] [--html FILE] [OPTIONS]"),
        List.of(
            new Group("Review", "--base", "--html"),
            new Group("Trust", "--trust", "--require-approval"),
            new Group("Policy", "--policy"),
            DECRYPTION, S3),
        List.of(
            new Example("What an incremental archive brings, with its chain beside it",
                "archiver review app-incremental-20261122T120000Z.tar.gz --base /media/usb"
                    + " --trust archiver-signing-public.asc"),
            new Example("A page for the reviewer, and the content policy's findings",
                "archiver review app-incremental-20261122T120000Z.tar.gz --base /media/usb --policy policy.yaml"
                    + " --html review.html")),
        codes(0, 1, 2, 3, 5, 1, "The review cannot be made, e.g. the base chain down to a full archive is not all"
            + " given."));
    page("push", List.of("push ARCHIVE LOCATION [OPTIONS]"),
        List.of(S3, DECRYPTION),
        List.of(
            new Example("Upload to S3, checksum verified",
                "archiver push app-full-20261121T120000Z.tar.gz s3://transfer/app"),
            new Example("To an S3-compatible store (MinIO)",
                "archiver push app-full-20261121T120000Z.tar.gz s3://transfer/app"
                    + " --s3-endpoint https://minio.internal:9000"),
            new Example("A split archive (its index, any part, or its folder): every part, then the index",
                "archiver push /media/usb/app-full-20261121T120000Z.tar.gz.parts.json s3://transfer/app")),
        codes(0, 1, 2, 3, 3, "The uploaded bytes do not match the archive's checksum, or a split archive's parts"
            + " index is malformed, names a part that is missing, altered or not a plain file name."));
    page("pull", List.of("pull LOCATION/NAME DIR [OPTIONS]"),
        List.of(S3, DECRYPTION),
        List.of(
            new Example("Download an archive into a folder, checksum verified",
                "archiver pull s3://transfer/app/app-full-20261121T120000Z.tar.gz /srv/incoming"),
            new Example("From an S3-compatible store",
                "archiver pull s3://transfer/app/app-full-20261121T120000Z.tar.gz /srv/incoming"
                    + " --s3-endpoint https://minio.internal:9000"),
            new Example("A split archive: every part checked against its index, the index last",
                "archiver pull s3://transfer/app/app-full-20261121T120000Z.tar.gz.parts.json /media/usb")),
        codes(0, 1, 2, 3, 3, "The downloaded bytes do not match the archive's checksum, or a split archive's parts"
            + " index is malformed, names a part that is missing, altered or not a plain file name."));
    page("list", List.of("list LOCATION [--chains] [OPTIONS]"),
        List.of(new Group("Listing", "--chains", "--receipts", "--trust-receipts"), S3, DECRYPTION),
        List.of(
            new Example("The archives in a folder", "archiver list /media/usb"),
            new Example("In S3, grouped into chains per source", "archiver list s3://transfer/nightly --chains"),
            new Example("Encrypted archives' sealed facts and chains",
                "archiver list s3://transfer/nightly --chains --decrypt-key archiver-encryption-secret.asc")),
        codes(0, 1, 2, "bad options, or --chains over encrypted archives whose facts are sealed and no key opens them",
            3, "a sealed sidecar is damaged (does not decrypt or fails its integrity check)"));
    page("prune", List.of("prune LOCATION --keep-chains N [--dry-run] [OPTIONS]"),
        List.of(new Group("Retention", "--keep-chains", "--dry-run"), S3, DECRYPTION),
        List.of(
            new Example("See what would go, keeping each source's 4 newest chains",
                "archiver prune s3://transfer/nightly --keep-chains 4 --dry-run"),
            new Example("Then delete it", "archiver prune s3://transfer/nightly --keep-chains 4")),
        codes(0, 1, 2, "bad options, or encrypted archives whose facts are sealed and no --decrypt-key opens them"
            + " (nothing deleted)", 3, "a sealed sidecar is damaged"));
    page("selfcheck", List.of("selfcheck [OPTIONS]"), List.of(),
        List.of(
            new Example("For a support ticket", "archiver selfcheck"),
            new Example("The same as JSON", "archiver selfcheck --json")),
        codes(0, 1, 2, 1, "A check failed: a jar or release file does not match, or a tool is missing."));
    page("completion", List.of("completion"), List.of(),
        List.of(
            new Example("For every new bash of this user",
                "archiver completion > ~/.local/share/bash-completion/completions/archiver"),
            new Example("For every user (bash-completion installed)",
                "archiver completion > /etc/bash_completion.d/archiver")),
        codes(0, 2));
    page("man", List.of("man --out DIR"), List.of(new Group("Output", "--out")),
        List.of(
            new Example("Write the pages, then read one", "archiver man --out man && man -l man/archiver-create.1"),
            new Example("Install them for man(1)", "archiver man --out ~/.local/share/man/man1")),
        codes(0, 2, 2, "Usage error, or the folder cannot be written."));
    // commands other helpers are adding (DESIGN.md): placed here so they arrive grouped
    page("approve", List.of("approve ARCHIVE|DIR --sign-key KEY [--base ARCHIVE] [--policy FILE] [--note TEXT]"
            + " [--out FILE] [OPTIONS]"),
        List.of(new Group("Approval", "--sign-key", "--passphrase-file", "--note", "--out", "--base", "--trust"),
            new Group("Policy", "--policy"), DECRYPTION, S3),
        List.of(
            new Example("Approve an archive after review: NAME.tar.gz.approval.asc beside it",
                "archiver approve app-incremental-20261122T120000Z.tar.gz --sign-key reviewer-secret.asc"
                    + " --base /media/usb --policy policy.yaml"),
            new Example("With a note for the record",
                "archiver approve app-incremental-20261122T120000Z.tar.gz --sign-key reviewer-secret.asc"
                    + " --note 'reviewed in CHG-1234'")),
        codes(0, 1, 2, 3, 5));
    page("publish-deps", List.of("publish-deps ARCHIVE|DIR... ECOSYSTEM=URL... --trust KEYFILE|KEYDIR [OPTIONS]"),
        List.of(new Group("Trust", "--trust", "--require-signer", "--allow-unsigned"),
            new Group("Publishing", "--dry-run"), DECRYPTION, S3),
        List.of(
            new Example("Publish the vendored Maven and npm packages to internal registries",
                "archiver publish-deps /media/usb --trust archiver-signing-public.asc"
                    + " maven=https://nexus.internal/repository/maven-releases/"
                    + " npm=https://nexus.internal/repository/npm/"),
            new Example("Go modules and Python wheels to a web server with WebDAV; first only see what would change",
                "archiver publish-deps app-full-20261121T120000Z.tar.gz --trust archiver-signing-public.asc"
                    + " go=https://repo.internal/goproxy/ python-dir=https://repo.internal/simple/ --dry-run")),
        codes(0, 1, 2, 3, 4, 3, "An archive fails its integrity or signature check; nothing is published.",
            4, "A registry holds a dependency of the same name with other content; nothing was overwritten."));
  }

  /** The environment variables the tool reads, and what for (EnvironmentDefaults, RemoteAccess, Defaults, …). */
  static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();
  /** Which variables a command reads because it has an option (its default, or credentials for it). */
  private static final Map<String, List<String>> ENVIRONMENT_OF_OPTION = new LinkedHashMap<>();
  /** Variables a command reads without an option naming them (the mirror file's sources and targets). */
  private static final Map<String, List<String>> ENVIRONMENT_OF_PAGE = new LinkedHashMap<>();

  static {
    for (String side : List.of("SOURCE", "TARGET")) {
      String which = side.equals("SOURCE") ? "source" : "target";
      ENVIRONMENT.put(side + "_REPO_URL", "Default for --" + which + ".");
      ENVIRONMENT.put(side + "_TOKEN", "Token for the " + which + " over HTTPS (and for its forge's API with "
          + (side.equals("SOURCE") ? "--discover" : "--create-repos") + "). Sent only to the " + which
          + "'s own origin.");
      ENVIRONMENT.put(side + "_USERNAME", "User name for the " + which + " over HTTPS, with " + side + "_PASSWORD.");
      ENVIRONMENT.put(side + "_PASSWORD", "Password for the " + which + " over HTTPS.");
      ENVIRONMENT.put(side + "_SSH_KEY", "Private key file for the " + which + " over SSH.");
      ENVIRONMENT.put(side + "_SSH_PASSPHRASE", "Passphrase of " + side + "_SSH_KEY.");
      ENVIRONMENT.put(side + "_SSH_KNOWN_HOSTS", "known_hosts file for the " + which + " over SSH.");
    }
    ENVIRONMENT.put("ARCHIVE_OUTPUT_PATH", "Default for --output.");
    ENVIRONMENT.put("ARCHIVE_NAME", "Default for --name.");
    ENVIRONMENT.put("ARCHIVE_TYPE", "'incremental' makes --incremental the default.");
    ENVIRONMENT.put("ARCHIVER_SIGN_KEY", "Default for --sign-key.");
    ENVIRONMENT.put("ARCHIVER_KEY_PASSPHRASE", "Passphrase of the secret key (signing, or decryption with"
        + " --decrypt-key), unless --passphrase-file is given. Never put it on the command line.");
    ENVIRONMENT.put("ARCHIVER_TRUSTED_KEYS", "Default for --trust: public key file(s) or a folder of them.");
    ENVIRONMENT.put("ARCHIVER_CACHE", "The cache folder (default for --cache).");
    ENVIRONMENT.put("ARCHIVER_WORKSPACE", "One restore workspace (default for --workspace).");
    ENVIRONMENT.put("ARCHIVER_WORKSPACE_ROOT", "The folder holding one restore workspace per source.");
    ENVIRONMENT.put("ARCHIVER_LOG_DIR", "The folder for run logs.");
    ENVIRONMENT.put("XDG_CACHE_HOME", "Base of the cache folder when ARCHIVER_CACHE is unset.");
    ENVIRONMENT.put("XDG_DATA_HOME", "Base of the workspaces folder when ARCHIVER_WORKSPACE_ROOT is unset.");
    ENVIRONMENT.put("XDG_STATE_HOME", "Base of the log folder when ARCHIVER_LOG_DIR is unset.");
    ENVIRONMENT.put("SOURCE_DATE_EPOCH", "Default for --timestamp (seconds since 1970).");
    ENVIRONMENT.put("MAVEN_REPO_URL", "Default for --maven-repo.");
    ENVIRONMENT.put("NPM_REGISTRY_URL", "Default for --npm-registry.");
    ENVIRONMENT.put("PIP_INDEX_URL", "Default for --pip-index.");
    ENVIRONMENT.put("GOPROXY", "Its first URL is the default for --goproxy.");
    for (String ecosystem : List.of("MAVEN", "NPM", "PYTHON", "GO")) {
      if (ecosystem.equals("NPM")) {
        ENVIRONMENT.put("DEPS_NPM_TOKEN", "Token for the npm registry (else DEPS_NPM_USERNAME and _PASSWORD).");
      }
      ENVIRONMENT.put("DEPS_" + ecosystem + "_USERNAME", "User name for the " + ecosystem.toLowerCase()
          + " registry, with DEPS_" + ecosystem + "_PASSWORD.");
      ENVIRONMENT.put("DEPS_" + ecosystem + "_PASSWORD", "Password for the " + ecosystem.toLowerCase() + " registry.");
    }
    ENVIRONMENT.put("JOB_COMPLETION_INDEX", "With --shard /N: the shard, counted from 0 (Kubernetes indexed Jobs).");
    ENVIRONMENT.put("AWS_ACCESS_KEY_ID", "S3 credentials, with AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); else"
        + " AWS_PROFILE and the rest of the AWS default credential chain.");
    ENVIRONMENT.put("AWS_SECRET_ACCESS_KEY", "See AWS_ACCESS_KEY_ID.");
    ENVIRONMENT.put("AWS_SESSION_TOKEN", "See AWS_ACCESS_KEY_ID.");
    ENVIRONMENT.put("AWS_PROFILE", "The AWS profile to take S3 credentials from.");
    ENVIRONMENT.put("AWS_REGION", "Default for --s3-region.");
    ENVIRONMENT.put("AWS_ENDPOINT_URL", "Default for --s3-endpoint.");
    ENVIRONMENT.put("PUBLISH_<ECOSYSTEM>_TOKEN", "Credentials for --publish-deps (or PUBLISH_<ECOSYSTEM>_USERNAME"
        + " and _PASSWORD), e.g. PUBLISH_MAVEN_TOKEN.");
    ENVIRONMENT.put("ARCHIVER_MIRROR_TOKEN", "Bearer token that requests to --http must carry.");
    ENVIRONMENT.put("ARCHIVER_MAX_EXPANSION", "Most bytes an archive may expand to when read (e.g. 2T; default 1T).");
    ENVIRONMENT.put("ARCHIVER_MAX_EXPANSION_RATIO", "Most times an archive may expand over its compressed size"
        + " (default 100; 0 for no limit).");
    ENVIRONMENT.put("ARCHIVER_SHA1_COLLISION_DETECTION", "1: keep SHA-1 collision detection while indexing an"
        + " archive's objects too (slower; fetches from a source always keep it).");
    ENVIRONMENT.put("HOME", "Base of the default folders when the XDG variables are unset.");
    ENVIRONMENT.put("ARCHIVER_JAVA_OPTS", "Extra JVM options for bin/archiver (after bin/jvm.options), e.g. -Xmx8g.");

    List<String> source = List.of("SOURCE_REPO_URL", "SOURCE_TOKEN", "SOURCE_USERNAME", "SOURCE_PASSWORD",
        "SOURCE_SSH_KEY", "SOURCE_SSH_PASSPHRASE", "SOURCE_SSH_KNOWN_HOSTS");
    List<String> target = source.stream().map(v -> v.replace("SOURCE", "TARGET")).toList();
    List<String> reading = List.of("ARCHIVER_MAX_EXPANSION", "ARCHIVER_MAX_EXPANSION_RATIO",
        "ARCHIVER_SHA1_COLLISION_DETECTION");
    List<String> aws = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_REGION", "AWS_ENDPOINT_URL");
    ENVIRONMENT_OF_OPTION.put("--source", source);
    ENVIRONMENT_OF_OPTION.put("--discover", List.of("SOURCE_TOKEN"));
    ENVIRONMENT_OF_OPTION.put("--target", target);
    ENVIRONMENT_OF_OPTION.put("--target-template", target.subList(1, target.size()));
    ENVIRONMENT_OF_OPTION.put("--create-repos", List.of("TARGET_TOKEN"));
    ENVIRONMENT_OF_OPTION.put("--output", List.of("ARCHIVE_OUTPUT_PATH"));
    ENVIRONMENT_OF_OPTION.put("--name", List.of("ARCHIVE_NAME"));
    ENVIRONMENT_OF_OPTION.put("--incremental", List.of("ARCHIVE_TYPE"));
    ENVIRONMENT_OF_OPTION.put("--sign-key", List.of("ARCHIVER_SIGN_KEY", "ARCHIVER_KEY_PASSPHRASE"));
    ENVIRONMENT_OF_OPTION.put("--passphrase-file", List.of("ARCHIVER_KEY_PASSPHRASE"));
    ENVIRONMENT_OF_OPTION.put("--decrypt-key", List.of("ARCHIVER_KEY_PASSPHRASE"));
    ENVIRONMENT_OF_OPTION.put("--trust", concat(List.of("ARCHIVER_TRUSTED_KEYS"), reading));
    ENVIRONMENT_OF_OPTION.put("--cache", List.of("ARCHIVER_CACHE", "XDG_CACHE_HOME"));
    ENVIRONMENT_OF_OPTION.put("--workspace", List.of("ARCHIVER_WORKSPACE", "ARCHIVER_WORKSPACE_ROOT", "XDG_DATA_HOME"));
    ENVIRONMENT_OF_OPTION.put("--timestamp", List.of("SOURCE_DATE_EPOCH"));
    ENVIRONMENT_OF_OPTION.put("--maven-repo", List.of("MAVEN_REPO_URL", "DEPS_MAVEN_USERNAME", "DEPS_MAVEN_PASSWORD"));
    ENVIRONMENT_OF_OPTION.put("--npm-registry", List.of("NPM_REGISTRY_URL", "DEPS_NPM_TOKEN", "DEPS_NPM_USERNAME",
        "DEPS_NPM_PASSWORD"));
    ENVIRONMENT_OF_OPTION.put("--pip-index", List.of("PIP_INDEX_URL", "DEPS_PYTHON_USERNAME", "DEPS_PYTHON_PASSWORD"));
    ENVIRONMENT_OF_OPTION.put("--goproxy", List.of("GOPROXY", "DEPS_GO_USERNAME", "DEPS_GO_PASSWORD"));
    ENVIRONMENT_OF_OPTION.put("--shard", List.of("JOB_COMPLETION_INDEX"));
    ENVIRONMENT_OF_OPTION.put("--s3-endpoint", aws);
    ENVIRONMENT_OF_OPTION.put("--publish-deps", List.of("PUBLISH_<ECOSYSTEM>_TOKEN"));
    ENVIRONMENT_OF_OPTION.put("--http", List.of("ARCHIVER_MIRROR_TOKEN"));
    ENVIRONMENT_OF_OPTION.put("--log-file", List.of("ARCHIVER_LOG_DIR", "XDG_STATE_HOME"));
    ENVIRONMENT_OF_PAGE.put("mirror run", concat(source.subList(1, source.size()), target.subList(1, target.size()),
        List.of("ARCHIVER_CACHE", "XDG_CACHE_HOME", "ARCHIVER_KEY_PASSPHRASE"), aws)); // the sign-key is in the file
    ENVIRONMENT_OF_PAGE.put("mirror status", List.of("ARCHIVER_CACHE", "XDG_CACHE_HOME"));
    ENVIRONMENT_OF_PAGE.put("inspect", reading);
    ENVIRONMENT_OF_PAGE.put("publish-deps", List.of("PUBLISH_<ECOSYSTEM>_TOKEN"));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  /**
   * The variables a command reads, in the order of {@link #ENVIRONMENT}, with what each is for; the
   * tool itself ({@code archiver}) lists them all.
   */
  static Map<String, String> environment(CommandSpec command) {
    Set<String> names = new LinkedHashSet<>();
    if (command.parent() == null) {
      names.addAll(ENVIRONMENT.keySet());
    } else {
      for (OptionSpec option : command.options()) {
        names.addAll(ENVIRONMENT_OF_OPTION.getOrDefault(option.longestName(), List.of()));
      }
      command.subcommands().values().forEach(sub -> names.addAll(environment(sub.getCommandSpec()).keySet()));
      names.addAll(ENVIRONMENT_OF_PAGE.getOrDefault(key(command), List.of()));
      names.add("HOME");
      names.add("ARCHIVER_JAVA_OPTS");
    }
    Map<String, String> result = new LinkedHashMap<>();
    ENVIRONMENT.forEach((name, text) -> {
      if (names.contains(name)) {
        result.put(name, text);
      }
    });
    return result;
  }

  /** A file or folder the tool reads or writes by default, and which option or variable moves it. */
  record FileEntry(String path, String text, String option) {}

  static final List<FileEntry> FILES = List.of(
      new FileEntry("$HOME/.cache/airgap-archiver/", "The cache: source mirrors, the LFS cache, the archive catalog,"
          + " sync state, and the mirror service's state in mirrors/ (unless the mirror file sets state-dir). Else"
          + " $XDG_CACHE_HOME/airgap-archiver, or $ARCHIVER_CACHE, or --cache.", "--cache"),
      new FileEntry("$HOME/.local/share/airgap-archiver/workspaces/", "Restore workspaces, one per source (what was"
          + " applied, for chains and rollback checks). Else under $XDG_DATA_HOME, or $ARCHIVER_WORKSPACE_ROOT;"
          + " --workspace or $ARCHIVER_WORKSPACE names one.", "--workspace"),
      new FileEntry("$HOME/.local/state/airgap-archiver/logs/", "One structured log (JSON lines) per run. Else under"
          + " $XDG_STATE_HOME, or $ARCHIVER_LOG_DIR, or --log-file.", "--log-file"),
      new FileEntry("FILE of --config", "YAML defaults for the command's options (for mirror run and mirror status:"
          + " the mirror file). Unknown keys are exit 2.", "--config"),
      new FileEntry("bin/jvm.options", "In the release: JVM options bin/archiver starts Java with.", null));

  /** The files a command uses: those of its options, or all for the tool itself. */
  static List<FileEntry> files(CommandSpec command) {
    Set<String> options = new LinkedHashSet<>();
    command.options().forEach(o -> options.add(o.longestName()));
    command.subcommands().values().forEach(sub -> sub.getCommandSpec().options()
        .forEach(o -> options.add(o.longestName())));
    Map<String, String> environment = environment(command);
    return FILES.stream().filter(f -> command.parent() == null || (f.option() != null && options.contains(f.option()))
        || (f.option() != null && f.option().equals("--cache") && environment.containsKey("ARCHIVER_CACHE")))
        .toList();
  }

  /** For the man pages' DESCRIPTION: paragraphs beyond the one-line description, for the commands that need them. */
  private static final Map<String, List<String>> ABOUT = Map.of(
      "", List.of("On the connected side, archiver create writes one .tar.gz per repository: a git bundle of every"
          + " selected ref, the Git LFS objects they need, the vendored third-party dependencies, restore scripts"
          + " and a manifest, bound together by SHA256SUMS and an OpenPGP signature over it. The archive crosses"
          + " the gap on removable media (split into parts for FAT32 if need be) or through S3. On the air-gapped"
          + " side, archiver verify checks it against a trusted public key, and archiver restore verifies it again,"
          + " applies it (and the incrementals after it) to a workspace and pushes every ref and LFS object to the"
          + " internal Git server.",
          "A security officer can check an archive with stock tools only: after tar -xzf, gpg --verify SHA256SUMS.asc"
              + " SHA256SUMS, then sha256sum -c SHA256SUMS. Everything an archive, a repository, a forge or a server"
              + " says is treated as hostile input; a check that cannot be made fails."),
      "create", List.of("A full archive carries everything the selected refs reach; an incremental archive"
          + " (--incremental with --base or --since-last) carries only what is new since its base, and restores on"
          + " top of it. The archive is signed with --sign-key; without one it is written unsigned, and restore"
          + " refuses it unless told --allow-unsigned. With --encrypt-to it is then encrypted to the air-gapped"
          + " side's public key (NAME.tar.gz.gpg).",
          "A content policy (--policy) is checked before anything is written: a violation writes nothing and exits"
              + " 5. Batches (--sources-file, --discover) write one archive per repository and exit 1 if any failed,"
              + " naming each."),
      "verify", List.of("Checks that every entry is listed in SHA256SUMS with the right digest, that nothing else is"
          + " in the archive, and that the manifest and bundle agree; with --trust, that SHA256SUMS.asc is a valid"
          + " signature by one of the trusted keys. Without --trust the signature is not checked, and the output"
          + " says so.", "Exit 3 means the archive must not be used: it was altered, truncated, re-signed with"
          + " another key, or crafted to escape its extraction folder."),
      "restore", List.of("Each archive is verified first (integrity, and the signature against --trust); a chain of"
          + " incrementals is applied in order onto the workspace of its source, which remembers what was applied"
          + " so that an older archive is refused (rollback, exit 3). Every ref is then pushed to --target, and the"
          + " LFS objects uploaded to its LFS server. A target ref that is not an ancestor of the archived one is a"
          + " conflict: with --on-conflict fail (the default) nothing is pushed and the exit is 4.",
          "A folder of archives from many sources restores as a fleet with --target-template, each source to its"
              + " own repository."),
      "review", List.of("For the person who approves a transfer: the refs an archive adds, moves or deletes, the new"
          + " commits and changed files (given the base chain with --base), the LFS objects and dependencies it"
          + " brings, and what a content policy finds. --html writes the same as one self-contained page."),
      "sync", List.of("Fetches the source into the cache and brings each target to the source's refs (Git and"
          + " LFS), without an archive. One way, a target ref that moved elsewhere is a conflict; with"
          + " --bidirectional, refs changed on one side since the last sync go to the other, and refs changed on"
          + " both sides follow --on-conflict."),
      "mirror run", List.of("The mirror file lists mirrors (each a sync with its source, targets, interval, failover"
          + " source and policy) and where to send failure notifications. As a service the command runs each mirror"
          + " when its interval is due until SIGTERM; with --once or --all it runs them once and exits, for cron"
          + " or systemd timers. State (last attempt, last success, failures) is kept between runs for mirror"
          + " status."));

  /** The paragraphs of a command's man page DESCRIPTION after its one-line description. */
  static List<String> about(CommandSpec command) {
    return ABOUT.getOrDefault(key(command), List.of());
  }

  private HelpLayout() {}

  private static void page(String name, List<String> synopsis, List<Group> groups, List<Example> examples,
      Map<Integer, String> exitCodes) {
    page(name, synopsis, groups, examples, exitCodes, Map.of());
  }

  private static void page(String name, List<String> synopsis, List<Group> groups, List<Example> examples,
      Map<Integer, String> exitCodes, Map<String, String> descriptions) {
    PAGES.put(name, new Page(synopsis, groups, examples, exitCodes, descriptions));
  }

  /** The exit codes listed (their general meaning), then pairs of code and this command's own meaning. */
  private static Map<Integer, String> codes(Object... spec) {
    Map<Integer, String> codes = new LinkedHashMap<>();
    int i = 0;
    while (i < spec.length && !(i + 1 < spec.length && spec[i + 1] instanceof String)) {
      codes.put((Integer) spec[i], EXIT_CODES.get((Integer) spec[i]));
      i++;
    }
    for (; i + 1 < spec.length; i += 2) {
      codes.put((Integer) spec[i], (String) spec[i + 1]);
    }
    return codes;
  }

  private static Map<Integer, String> ordered(Object... pairs) {
    Map<Integer, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((Integer) pairs[i], (String) pairs[i + 1]);
    }
    return map;
  }

  /** A command's name under archiver: "" for archiver itself, "create", "mirror run". */
  static String key(CommandSpec command) {
    String name = command.qualifiedName(" ");
    int space = name.indexOf(' ');
    return space < 0 ? "" : name.substring(space + 1);
  }

  /** The command's page, or null if none is written for it (then help shows the options ungrouped). */
  static Page page(CommandSpec command) {
    return PAGES.get(key(command));
  }

  /** A group resolved against a command: its title and the command's options in it. */
  record Placed(String title, List<OptionSpec> options) {}

  /**
   * The command's options in their groups: its own groups, then logging and the common options,
   * then "Other options" for any the layout does not place. Empty groups are left out.
   */
  static List<Placed> groups(CommandSpec command) {
    Page page = page(command);
    List<Group> groups = new ArrayList<>(page == null ? List.of() : page.groups());
    groups.add(LOGGING);
    groups.add(COMMON);
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (OptionSpec option : command.options()) {
      if (!option.hidden()) {
        byName.put(option.longestName(), option);
      }
    }
    Set<String> placed = new LinkedHashSet<>();
    List<Placed> result = new ArrayList<>();
    for (Group group : groups) {
      List<OptionSpec> options = new ArrayList<>();
      for (String name : group.options()) {
        OptionSpec option = byName.get(name);
        if (option != null && placed.add(name)) {
          options.add(option);
        }
      }
      if (!options.isEmpty()) {
        result.add(new Placed(group.title(), options));
      }
    }
    List<OptionSpec> other = byName.values().stream().filter(o -> !placed.contains(o.longestName())).toList();
    if (!other.isEmpty()) {
      int shared = 0;
      while (shared < result.size() && !result.get(shared).title().equals(LOGGING.title())
          && !result.get(shared).title().equals(COMMON.title())) {
        shared++;
      }
      result.add(shared, new Placed(OTHER, other));
    }
    return result;
  }

  /** The option's description as this command's help shows it (a page may say more for a shared option). */
  static String[] description(CommandSpec command, OptionSpec option) {
    Page page = page(command);
    String override = page == null ? null : page.descriptions().get(option.longestName());
    return override != null ? new String[] {override} : option.description();
  }

  static List<String> synopsis(CommandSpec command) {
    Page page = page(command);
    String prefix = command.root().name() + " ";
    if (page == null) {
      return List.of(command.qualifiedName() + " [OPTIONS]");
    }
    return page.synopsis().stream().map(s -> prefix + s).toList();
  }

  static List<Example> examples(CommandSpec command) {
    Page page = page(command);
    return page == null ? List.of() : page.examples();
  }

  static Map<Integer, String> exitCodes(CommandSpec command) {
    Page page = page(command);
    return page == null ? EXIT_CODES : page.exitCodes();
  }

  private static final String SECTION_EXAMPLES = "examples";

  /** Puts the layout into picocli's help of this command and its subcommands. */
  static void install(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
    sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> renderSynopsis(help.commandSpec()));
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::renderOptions);
    sections.put(SECTION_EXAMPLES, help -> renderExamples(help.commandSpec()));
    usage.sectionMap(sections);
    List<String> keys = new ArrayList<>(usage.sectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SECTION_EXAMPLES);
    if (!spec.subcommands().isEmpty()) { // a command of commands: its commands first, then its few options
      List<String> commands = List.of(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
          UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
      keys.removeAll(commands);
      keys.addAll(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING), commands);
    }
    usage.sectionKeys(keys);
    if (!spec.positionalParameters().isEmpty()) {
      usage.parameterListHeading("%nArguments:%n");
    }
    usage.commandListHeading("%nCommands:%n");
    usage.descriptionHeading("%n");
    Map<String, String> exit = new LinkedHashMap<>();
    exitCodes(spec).forEach((code, text) -> exit.put(String.valueOf(code), text));
    usage.exitCodeListHeading("%nExit status:%n");
    usage.exitCodeList(exit);
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      install(sub);
    }
  }

  private static String renderSynopsis(CommandSpec command) {
    StringBuilder sb = new StringBuilder();
    String indent = " ".repeat("Usage: ".length());
    String name = command.qualifiedName() + " ";
    List<String> lines = synopsis(command);
    for (int i = 0; i < lines.size(); i++) {
      String rest = lines.get(i).substring(Math.min(name.length(), lines.get(i).length()));
      List<String> wrapped = words(rest, 80 - indent.length() - name.length(), false);
      for (int j = 0; j < wrapped.size(); j++) {
        sb.append(i == 0 && j == 0 ? "" : indent).append(j == 0 ? name : " ".repeat(name.length()))
            .append(wrapped.get(j).strip()).append(System.lineSeparator());
        sb.setLength(sb.length() - System.lineSeparator().length());
        sb.setLength(sb.toString().stripTrailing().length());
        sb.append(System.lineSeparator());
      }
    }
    return sb.toString();
  }

  private static String renderOptions(Help help) {
    CommandSpec command = help.commandSpec();
    StringBuilder sb = new StringBuilder();
    for (Placed group : groups(command)) {
      Help.Layout layout = help.createDefaultLayout();
      for (OptionSpec option : group.options()) {
        layout.addOption(shown(command, option), help.parameterLabelRenderer());
      }
      sb.append(System.lineSeparator()).append(group.title()).append(':').append(System.lineSeparator())
          .append(layout);
    }
    return sb.toString();
  }

  /** The option as help shows it: the same option, with this command's description of it. */
  private static OptionSpec shown(CommandSpec command, OptionSpec option) {
    Page page = page(command);
    String override = page == null ? null : page.descriptions().get(option.longestName());
    return override == null ? option : option.toBuilder().description(override).build();
  }

  private static String renderExamples(CommandSpec command) {
    List<Example> examples = examples(command);
    if (examples.isEmpty() || command.parent() == null) { // archiver's own help says where to start in its footer
      return "";
    }
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder(nl).append("Examples:").append(nl);
    for (Example example : examples) {
      sb.append("  ").append(example.what()).append(':').append(nl);
      wrap(example.command(), 80 - 4).forEach(line -> sb.append("    ").append(line).append(nl));
    }
    return sb.toString();
  }

  /** A command line as shell lines of at most width characters (where words allow), joined by backslashes. */
  static List<String> wrap(String command, int width) {
    return words(command, width, true);
  }

  /**
   * Words as lines of at most width characters where they allow; an option stays on the line of its
   * value, quoted text is one word. Shell lines end in a backslash and go on indented.
   */
  /**
   * The words of a synopsis or command line that belong on one line: an option with its value, a
   * bracketed or parenthesised part, quoted text.
   */
  static List<String> units(String text) {
    List<String> units = new ArrayList<>();
    String[] words = text.split(" (?=(?:[^']*'[^']*')*[^']*$)"); // not inside quotes
    for (int i = 0; i < words.length; i++) {
      int depth = depth(words[i]);
      if (depth > 0) {
        StringBuilder unit = new StringBuilder(words[i]);
        while (depth > 0 && i + 1 < words.length) {
          unit.append(' ').append(words[++i]);
          depth += depth(words[i]);
        }
        units.add(unit.toString());
        continue;
      }
      boolean takesValue = (words[i].startsWith("-") || words[i].equals(">")) && !words[i].contains("=")
          && i + 1 < words.length && !words[i + 1].startsWith("-") && !words[i + 1].startsWith("[")
          && words[i + 1].length() > 0 && !words[i].endsWith("]");
      if (takesValue) {
        units.add(words[i] + " " + words[++i]);
      } else {
        units.add(words[i]);
      }
    }
    return units;
  }

  private static int depth(String word) {
    int depth = 0;
    for (char c : word.toCharArray()) {
      depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
    }
    return depth;
  }

  private static List<String> words(String text, int width, boolean shell) {
    List<String> units = units(text);
    List<String> lines = new ArrayList<>();
    String continuation = shell ? " \\" : "";
    StringBuilder line = new StringBuilder();
    for (String unit : units) {
      if (!line.toString().isBlank() && line.length() + 1 + unit.length() + continuation.length() > width) {
        lines.add(line.append(continuation).toString());
        line = new StringBuilder(shell ? "  " : "");
      }
      if (!line.toString().isBlank()) {
        line.append(' ');
      }
      line.append(unit);
    }
    lines.add(line.toString());
    return lines;
  }
}
