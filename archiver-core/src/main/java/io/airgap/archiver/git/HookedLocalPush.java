package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.internal.ChildProcesses;
import io.airgap.archiver.internal.TerminalText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A push to a repository on this machine that has server-side hooks ({@code pre-receive}, {@code update},
 * {@code post-receive}, ...), through C git's own {@code receive-pack}: the target's hooks run exactly as for a
 * push over the network, and a hook's refusal is a refused ref. Neither the fast path (packs and refs written
 * straight into the target) nor JGit's in-process receive-pack runs them.
 *
 * <p>What runs is the target's code, which its operator installed; nothing from the archive runs: the workspace
 * the objects come from was made by the archiver (its hooks folder holds no hook) and the push is made with
 * {@code --no-verify}, so not even a workspace {@code pre-push} hook would run. The child gets the allowlisted
 * environment of {@link ChildProcesses} (no credentials, a scratch {@code HOME}).
 */
final class HookedLocalPush {
  /** Hooks that run on the receiving side of a push. */
  private static final Set<String> RECEIVING = Set.of("pre-receive", "update", "post-receive", "post-update",
      "reference-transaction", "push-to-checkout", "proc-receive");

  /** Refs per {@code git push}: each takes two arguments of up to a few hundred bytes. */
  static final int MAX_REFS = 1000;

  private HookedLocalPush() {}

  /**
   * Whether the repository at {@code path} has a receiving-side hook C git would run: an executable file of that
   * name in its hooks folder ({@code core.hooksPath}, else {@code hooks/}).
   */
  static boolean hasHooks(Path path) {
    Path gitDir = Files.isDirectory(path.resolve(Constants.DOT_GIT)) ? path.resolve(Constants.DOT_GIT) : path;
    Path hooks = gitDir.resolve("hooks");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
      String configured = repo.getConfig().getString("core", null, "hooksPath");
      if (configured != null) {
        Path p = Path.of(configured.startsWith("~/") ? System.getProperty("user.home") + configured.substring(1)
            : configured);
        hooks = p.isAbsolute() ? p : (repo.isBare() ? gitDir : gitDir.getParent()).resolve(p);
      }
    } catch (IOException | RuntimeException e) {
      return false; // not a repository JGit opens: the push reports what is wrong
    }
    try (Stream<Path> files = Files.list(hooks)) {
      return files.anyMatch(f -> RECEIVING.contains(f.getFileName().toString()) && Files.isRegularFile(f)
          && Files.isExecutable(f));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Pushes {@code pushing} (at most {@link #MAX_REFS}) from {@code workspace} to {@code target}; returns the refused
   * refs, described. Each ref carries the value the plan expects at the target ({@code --force-with-lease}), as the
   * other routes do.
   */
  static Refused push(Repository workspace, Path target, List<RefChange> pushing) throws ArchiverException {
    List<String> argv = new ArrayList<>(List.of("git", "--git-dir=" + workspace.getDirectory().getAbsolutePath(),
        "push", "--porcelain", "--no-verify", "--no-signed"));
    List<String> refspecs = new ArrayList<>();
    for (RefChange change : pushing) {
      argv.add("--force-with-lease=" + change.ref() + ":" + (change.targetId() == null ? "" : change.targetId()));
      refspecs.add(change.kind() == RefChange.Kind.DELETE ? ":" + change.ref()
          : (change.kind() == RefChange.Kind.FORCE ? "+" : "") + change.archivedId() + ":" + change.ref());
    }
    argv.add("--");
    argv.add(target.toAbsolutePath().toString());
    argv.addAll(refspecs);
    ChildProcesses.Result result;
    try {
      result = ChildProcesses.command(argv).set("GIT_TERMINAL_PROMPT", "0").timeout(Duration.ofHours(6)).run();
    } catch (IOException e) {
      throw new OperationFailedException("could not run git push to " + target + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while pushing to " + target, e);
    }
    List<String> refused = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      if (line.startsWith("!\t")) {
        String[] parts = line.split("\t");
        String ref = parts.length > 1 ? parts[1].substring(parts[1].indexOf(':') + 1) : "?";
        refused.add(TerminalText.line(ref) + " (" + TerminalText.line(parts.length > 2 ? parts[2] : "rejected") + ")");
      } else if (line.startsWith("remote: ")) {
        said.add(line);
      }
    }
    if (result.timedOut()) {
      throw new OperationFailedException("git push to " + target + " did not finish within 6 hours");
    }
    if (result.exitCode() != 0 && refused.isEmpty()) {
      List<String> tail = List.of(result.output().strip().split("\n"));
      throw new OperationFailedException("git push to " + target + " failed (exit " + result.exitCode() + "): "
          + TerminalText.line(String.join(" / ", tail.subList(Math.max(0, tail.size() - 5), tail.size()))));
    }
    return new Refused(refused, ServerMessages.lines(String.join("\n", said)));
  }

  /** The refs the target refused and what its hooks said. */
  record Refused(List<String> refs, List<String> serverLines) {}
}
