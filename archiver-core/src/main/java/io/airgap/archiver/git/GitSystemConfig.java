package io.airgap.archiver.git;

import io.airgap.archiver.internal.ChildProcesses;
import io.airgap.archiver.internal.Defaults;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.util.FS;

/**
 * JGit finds C git's system-wide config file by running {@code git --version} and {@code git config
 * --system --show-origin} itself, with this process's whole environment (tokens, passphrases, cloud
 * keys). This makes that one lookup through {@link ChildProcesses} instead and hands JGit the answer,
 * so JGit starts no process of its own for it; what JGit reads stays the same.
 *
 * <p>JGit's home folder (for {@code ~/.gitconfig}, and {@code ~/.config/jgit/config}, which JGit itself
 * writes) is the JVM's {@code user.home}, from the password file; this sets it to {@code $HOME}, where
 * C git looks. JGit's home is one per process, so it comes from the process's own environment.
 */
public final class GitSystemConfig {
  private static boolean installed;

  private GitSystemConfig() {}

  /** Once per process, before JGit first reads a configuration. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    FS.DETECTED.setUserHome(Defaults.home(System.getenv()).toFile());
    if (System.getenv("GIT_CONFIG_NOSYSTEM") != null) {
      return; // JGit then reads no system config and asks git nothing
    }
    FS.DETECTED.setGitSystemConfig(find());
  }

  /** The file C git reads as its system config, or null (no git, no such file). */
  private static File find() {
    ChildProcesses.Command git = ChildProcesses.command(List.of("git", "config", "--system", "--show-origin", "--list",
        "-z")).timeout(Duration.ofSeconds(30));
    String path = System.getenv("GIT_CONFIG_SYSTEM");
    if (path != null) {
      git.set("GIT_CONFIG_SYSTEM", path); // a path the operator chose, as JGit would have passed it on
    }
    try {
      ChildProcesses.Result r = git.run();
      String out = r.output();
      if (r.timedOut() || r.exitCode() != 0 || !out.startsWith("file:") || out.indexOf('\0') < 0) {
        return null;
      }
      return new File(out.substring("file:".length(), out.indexOf('\0')));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
