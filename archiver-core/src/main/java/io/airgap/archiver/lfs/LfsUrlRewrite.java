package io.airgap.archiver.lfs;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * {@code url.<base>.insteadOf} (and, for uploads, {@code url.<base>.pushInsteadOf}) applied to an LFS
 * server's URL as git-lfs does: the longest matching prefix is replaced by its base. The rules come from
 * the operator's own git config files only (see {@code RemoteAccess#operatorGitConfigs}), never from a
 * repository ({@code .lfsconfig} or a repository's config): a repository may not redirect this machine.
 * The credentials then go to the rewritten URL only if its origin lies in their scope, as for any URL.
 * A rewrite to something other than http(s) (an SSH URL) is not taken: the LFS batch API needs HTTP.
 */
final class LfsUrlRewrite {
  private LfsUrlRewrite() {}

  static LfsEndpoint apply(LfsEndpoint endpoint, List<Path> configFiles, boolean push, ProgressListener progress)
      throws InvalidRequestException {
    if (endpoint == null || endpoint.isLocal() || configFiles.isEmpty()) {
      return endpoint;
    }
    Config config = read(configFiles, progress);
    String url = endpoint.url().toString();
    String rewritten = push ? longest(config, "pushinsteadof", url) : null;
    if (rewritten == null) {
      rewritten = longest(config, "insteadof", url);
    }
    if (rewritten == null || rewritten.equals(url)) {
      return endpoint;
    }
    if (!rewritten.matches("(?i)https?://.*")) {
      progress.info("Git LFS: your git config rewrites " + Redaction.url(url) + " to " + Redaction.url(rewritten)
          + ", which is not an http(s) URL; the LFS server is used at " + Redaction.url(url)
          + " (name another with --lfs-url)");
      return endpoint;
    }
    LfsEndpoint parsed = LfsEndpoint.parse(rewritten, "url.<base>.insteadOf in your git config");
    return new LfsEndpoint(parsed.url(), null, endpoint.derivedFrom());
  }

  /** The URL with the longest matching {@code url.<base>.<key>} prefix replaced by its base, or null. */
  private static String longest(Config config, String key, String url) {
    String best = null;
    int bestLength = -1;
    for (String base : config.getSubsections("url")) {
      for (String prefix : config.getStringList("url", base, key)) {
        if (!prefix.isEmpty() && url.startsWith(prefix) && prefix.length() > bestLength) {
          best = base + url.substring(prefix.length());
          bestLength = prefix.length();
        }
      }
    }
    return best;
  }

  /** The files, later ones overriding earlier ones as C git reads them; an unreadable one is said and skipped. */
  private static Config read(List<Path> files, ProgressListener progress) {
    Config merged = new Config();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        Config one = new Config();
        one.fromText(Files.readString(file, StandardCharsets.UTF_8));
        for (String base : one.getSubsections("url")) {
          for (String key : List.of("insteadof", "pushinsteadof")) {
            List<String> values = new java.util.ArrayList<>(List.of(merged.getStringList("url", base, key)));
            values.addAll(List.of(one.getStringList("url", base, key)));
            if (!values.isEmpty()) {
              merged.setStringList("url", base, key, values);
            }
          }
        }
      } catch (IOException | ConfigInvalidException e) {
        progress.warn("could not read url.<base>.insteadOf from " + file + ": " + e.getMessage()
            + "; LFS URLs are used as they are");
      }
    }
    return merged;
  }
}
