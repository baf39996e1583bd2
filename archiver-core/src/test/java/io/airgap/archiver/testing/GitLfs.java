package io.airgap.archiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs C git with the real git-lfs client under a private global config (GIT_CONFIG_GLOBAL) in which
 * {@code git lfs install} wrote its filters, and a credential helper answers with the test server's
 * user and password — so no credentials appear in URLs or command lines.
 */
public final class GitLfs {
  private final Path home;
  private final Path config;

  private GitLfs(Path home) {
    this.home = home;
    this.config = home.resolve("gitconfig");
  }

  /** A private git-lfs setup under {@code home}; {@code user}/{@code password} may be null (no server). */
  public static GitLfs setUp(Path home, String user, String password) {
    try {
      Files.createDirectories(home);
      StringBuilder cfg = new StringBuilder("[lfs]\n\tlocksverify = false\n");
      if (user != null) {
        Path helper = home.resolve("credential-helper.sh");
        Files.writeString(helper, "#!/bin/sh\ntest \"$1\" = get || exit 0\necho username=" + user
            + "\necho password=" + password + "\n", StandardCharsets.UTF_8);
        helper.toFile().setExecutable(true);
        cfg.append("[credential]\n\thelper = ").append(helper.toAbsolutePath()).append('\n');
      }
      Files.writeString(home.resolve("gitconfig"), cfg.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GitLfs lfs = new GitLfs(home);
    lfs.git(home, "lfs", "install", "--skip-repo");
    return lfs;
  }

  /** Runs git in {@code dir}, failing the test if it fails; returns stdout. */
  public String git(Path dir, String... args) {
    CGit.Result result = run(dir, args);
    if (result.exitCode() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
          + result.stderr() + result.stdout());
    }
    return result.stdout();
  }

  public CGit.Result run(Path dir, String... args) {
    return CGit.run(dir, Map.of("HOME", home.toString(), "GIT_CONFIG_GLOBAL", config.toString()), args);
  }
}
