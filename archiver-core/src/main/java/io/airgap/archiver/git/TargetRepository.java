package io.airgap.archiver.git;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RefConflictException;
import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.internal.TerminalText;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import io.airgap.archiver.base.RefChange;

/** The internal Git server (or folder) an archive is restored to: list its refs, push, set HEAD. */
public final class TargetRepository {
  static final int MAX_REFS_PER_PUSH = 5000;

  private final RemoteAccess access;
  private final ProgressListener progress;
  private final RemoteCreator creator;

  public TargetRepository(RemoteAccess access, ProgressListener progress) {
    this(access, progress, null);
  }

  /** @param creator creates the repository when it is missing (e.g. through a forge's API), or null */
  public TargetRepository(RemoteAccess access, ProgressListener progress, RemoteCreator creator) {
    this.access = access;
    this.progress = progress;
    this.creator = creator;
  }

  public GitRemote remote() {
    return access.remote();
  }

  /** Whether the repository does not exist yet: a missing local folder, or one its creator does not find. */
  public boolean missing() throws ArchiverException {
    Path path = remote().localPath();
    return path != null ? !Files.exists(path) : creator != null && !creator.exists();
  }

  /** Whether {@link #createIfMissing} may create something, known without asking a server. */
  public boolean mayCreate() {
    Path path = remote().localPath();
    return path != null ? !Files.exists(path) : creator != null;
  }

  /** The target's refs, or none when it does not exist yet (it is created before the first push). */
  public Map<String, String> refsOrNone(Repository workspace) throws ArchiverException {
    return missing() ? Map.of() : listRefs(workspace);
  }

  /**
   * Creates a missing target: a {@code file://} or path target becomes an empty bare repository,
   * another one is made by its creator, if it has one. True if it was created.
   */
  public boolean createIfMissing(String head) throws ArchiverException {
    Path path = remote().localPath();
    if (path == null) {
      if (creator == null || creator.exists()) {
        return false;
      }
      creator.create();
      return true;
    }
    if (Files.exists(path)) {
      return false;
    }
    try {
      Git.init().setBare(true).setDirectory(path.toFile())
          .setInitialBranch(head == null ? "main" : Repository.shortenRefName(head)).call().close();
      return true;
    } catch (Exception e) {
      throw new OperationFailedException("could not create the target repository " + path + ": " + e.getMessage(), e);
    }
  }

  /** The target's refs (name to object id, peeled values excluded). */
  public Map<String, String> listRefs(Repository workspace) throws ArchiverException {
    try {
      return Retry.standard().run("listing refs of " + remote().display(), GitFailures::isRetryable, progress,
          () -> {
            try (Transport transport = Transport.open(workspace, remote().uri());
                FetchConnection conn = openFetch(transport)) {
              Map<String, String> refs = new TreeMap<>();
              for (Ref ref : conn.getRefs()) {
                if (ref.getName().startsWith(Constants.R_REFS) && ref.getObjectId() != null && !ref.isSymbolic()) {
                  refs.put(ref.getName(), ref.getObjectId().name());
                }
              }
              return refs;
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted", e);
    } catch (Exception e) {
      throw GitFailures.translate("reading refs of", remote(), e);
    }
  }

  private FetchConnection openFetch(Transport transport) throws IOException {
    access.configure(transport);
    return transport.openFetch();
  }

  /** Fetches everything the target holds into the workspace (objects only matter; refs are reset by the next archive). */
  public void fetchInto(Repository workspace) throws ArchiverException {
    try (Git git = new Git(workspace)) {
      Retry.standard().run("fetching from " + remote().display(), GitFailures::isRetryable, progress,
          () -> access.configure(git.fetch())
              .setRemote(remote().uri().toString())
              .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("+refs/*:refs/*"))
              .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
              .setProgressMonitor(new JGitProgress(progress))
              .call());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted", e);
    } catch (Exception e) {
      throw GitFailures.translate("fetching from", remote(), e);
    }
  }

  /** Plans the target's ref changes again, from its refs as they are now. */
  @FunctionalInterface
  public interface Replanner {
    List<RefChange> plan() throws ArchiverException;
  }

  /**
   * Pushes {@code planned}; a connection dropped mid-push is retried from the top: the target's
   * refs are listed and planned again by {@code replan}, so refs the first attempt already moved
   * are simply unchanged the second time, and a conflict that appeared in between (someone pushed)
   * stops the push with the rest untouched. Returns the changes the successful attempt made.
   */
  public List<RefChange> pushRetrying(Repository from, List<RefChange> planned, Replanner replan,
      RestoredPacks packs) throws ArchiverException {
    List<List<RefChange>> attempts = new ArrayList<>();
    try {
      return Retry.standard().run("pushing to " + remote().display(),
          e -> e instanceof OperationFailedException && e.getCause() instanceof Exception cause
              && GitFailures.isRetryable(cause),
          progress, () -> {
            List<RefChange> actions = attempts.isEmpty() ? planned : replan.plan();
            attempts.add(actions);
            List<String> conflicts = actions.stream().filter(a -> a.kind() == RefChange.Kind.CONFLICT)
                .map(RefChange::ref).toList();
            if (!conflicts.isEmpty()) {
              throw new RefConflictException(conflicts.size() + " ref(s) at " + remote().display() + " moved while"
                  + " pushing and have history this side does not contain; not pushed: "
                  + String.join(", ", conflicts), conflicts);
            }
            push(from, actions, packs);
            return actions;
          });
    } catch (ArchiverException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationFailedException("interrupted while pushing", e);
    } catch (Exception e) {
      throw new OperationFailedException("push failed: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the planned changes and checks every ref's outcome; a rejected ref is an error. A bare
   * repository on this machine receives {@code packs} directly where that ends the same as a push; one with
   * server-side hooks is pushed to through C git's receive-pack ({@link HookedLocalPush}), so they run.
   */
  public void push(Repository workspace, List<RefChange> actions, RestoredPacks packs) throws ArchiverException {
    if (actions.stream().noneMatch(a -> a.kind().pushes())) {
      return;
    }
    Path local = remote().localPath();
    if (local != null && Files.isDirectory(local) && HookedLocalPush.hasHooks(local)) {
      progress.info(remote().display() + " has server-side hooks: pushing through git receive-pack, so they run");
      List<RefChange> hooked = actions.stream().filter(a -> a.kind().pushes()).toList();
      // two arguments per ref: batches keep the command line far below the system's limit
      Refusal refusal = Refusal.NONE;
      for (int from = 0; from < hooked.size(); from += HookedLocalPush.MAX_REFS) {
        HookedLocalPush.Refused refused = HookedLocalPush.push(workspace, local,
            hooked.subList(from, Math.min(hooked.size(), from + HookedLocalPush.MAX_REFS)));
        refusal = refusal.and(new Refusal(refused.refs(), refused.serverLines()));
      }
      if (!refusal.refs().isEmpty()) {
        throw rejected(remote().display(), refusal.refs(), refusal.serverLines());
      }
      return;
    }
    if (installLocally(workspace, actions, packs)) {
      progress.info((packs.packs().isEmpty() ? "moved the refs of " : "wrote " + Plural.of(packs.packs().size(),
          "verified pack") + " and the refs straight into ") + remote().display()
          + " (a bare repository on this machine), without re-packing");
      return;
    }
    List<RefChange> pushing = actions.stream().filter(a -> a.kind().pushes()).toList();
    Refusal rejected = Refusal.NONE;
    if (packs.wholePack() != null && createsEveryRef(workspace, actions)
        && pushedWhole(workspace, pushing, packs.wholePack())) {
      return;
    }
    try {
      rejected = pushOnce(workspace, pushing, null);
    } catch (OperationFailedException e) {
      if (!overCommandLimit(e, pushing)) {
        throw e;
      }
      progress.info("the target limits the size of one push; pushing " + pushing.size() + " refs in batches of "
          + MAX_REFS_PER_PUSH);
      for (int from = 0; from < pushing.size(); from += MAX_REFS_PER_PUSH) {
        rejected = rejected.and(pushOnce(workspace,
            pushing.subList(from, Math.min(pushing.size(), from + MAX_REFS_PER_PUSH)), null));
      }
    }
    if (!rejected.refs().isEmpty()) {
      throw rejected(remote().display(), rejected.refs(), rejected.serverLines());
    }
  }

  /**
   * Sends objects as the archive carried them: deltas are reused, and objects stored whole stay whole
   * rather than starting a delta search over the history, which a transfer to a server on the same
   * network does not repay.
   */
  private static PackConfig packConfig(Repository workspace) {
    PackConfig config = new PackConfig(workspace);
    config.setDeltaCompress(false);
    return config;
  }

  /**
   * Pushes {@code pack} as it is ({@link WholePackPush}); false, having changed nothing, where the
   * push needs anything else, or the target refused so many refs in one push.
   */
  private boolean pushedWhole(Repository workspace, List<RefChange> pushing, Path pack) throws ArchiverException {
    Refusal rejected;
    try {
      rejected = pushOnce(workspace, pushing, pack);
    } catch (OperationFailedException e) {
      WholePackPush.NotWhole notWhole = Causes.find(e, WholePackPush.NotWhole.class);
      if (notWhole != null) {
        progress.info("could not send the verified pack as it is (" + notWhole.getMessage() + "); pushing"
            + " the objects the target lacks instead");
        return false;
      }
      if (overCommandLimit(e, pushing)) {
        return false;
      }
      throw e;
    }
    if (!rejected.refs().isEmpty()) {
      throw rejected(remote().display(), rejected.refs(), rejected.serverLines());
    }
    progress.info("sent the verified pack to " + remote().display() + " as it is: every ref is new there");
    return true;
  }

  /**
   * JGit servers cap one push's command list (receive.maxCommandBytes, 3 MB: some 25,000 refs) and
   * refuse it before updating anything; then the refs go in batches, each push paying its own ref
   * advertisement and object count, which is why it is not the first try.
   */
  private static boolean overCommandLimit(OperationFailedException e, List<RefChange> pushing) {
    return pushing.size() > MAX_REFS_PER_PUSH && String.valueOf(e.getMessage()).contains("maxCommandBytes");
  }

  /** Whether {@code actions} create every ref of the workspace, at its value, and do nothing else. */
  private static boolean createsEveryRef(Repository workspace, List<RefChange> actions) throws ArchiverException {
    Map<String, String> creates = new TreeMap<>();
    for (RefChange action : actions) {
      if (action.kind() != RefChange.Kind.CREATE) {
        return false;
      }
      creates.put(action.ref(), action.archivedId());
    }
    Map<String, String> refs = new TreeMap<>();
    try {
      for (Ref ref : workspace.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        refs.put(ref.getName(), ref.getObjectId().name());
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not read the workspace's refs: " + e.getMessage(), e);
    }
    return creates.equals(refs);
  }

  /**
   * One push; returns the refs the target rejected, described, and what its server said (the
   * {@code remote:} lines a hook prints to explain a refusal). With {@code wholePack}, the push
   * sends that pack as it is ({@link WholePackPush}) or fails with a {@link WholePackPush.NotWhole}
   * cause before sending anything.
   */
  private Refusal pushOnce(Repository workspace, List<RefChange> actions, Path wholePack)
      throws ArchiverException {
    List<RemoteRefUpdate> updates = new ArrayList<>();
    try {
      for (RefChange action : actions) {
        ObjectId expectedOld = action.targetId() == null ? ObjectId.zeroId() : ObjectId.fromString(action.targetId());
        if (action.kind() == RefChange.Kind.DELETE) {
          updates.add(new RemoteRefUpdate(workspace, (String) null, action.ref(), true, null, expectedOld));
        } else {
          updates.add(new RemoteRefUpdate(workspace, action.ref(), ObjectId.fromString(action.archivedId()),
              action.ref(), action.kind() == RefChange.Kind.FORCE, null, expectedOld));
        }
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not prepare the push: " + e.getMessage(), e);
    }
    PushResult result;
    Set<ObjectId> tips = new HashSet<>();
    updates.forEach(u -> tips.add(u.getNewObjectId()));
    try (Repository from = wholePack == null ? null : WholePackPush.open(workspace, wholePack, tips, progress);
        Transport transport = Transport.open(from == null ? workspace : from, remote().uri())) {
      access.configure(transport);
      transport.setPushThin(false);
      transport.setPackConfig(packConfig(workspace));
      if (from != null) {
        transport.setPushUseBitmaps(true); // the whole-pack route; a user's push.useBitmaps=false would skip it
      }
      result = transport.push(new JGitProgress(progress), updates);
    } catch (Exception e) {
      throw GitFailures.translate("pushing to", remote(), e);
    }
    List<String> rejected = new ArrayList<>();
    for (RemoteRefUpdate update : result.getRemoteUpdates()) {
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> { }
        default -> rejected.add(TerminalText.line(update.getRemoteName()) + " (" + update.getStatus().name()
            .toLowerCase().replace('_', ' ') + (update.getMessage() == null ? "" : ": "
            + TerminalText.line(update.getMessage())) + ")");
      }
    }
    return new Refusal(rejected, rejected.isEmpty() ? List.of() : ServerMessages.lines(result.getMessages()));
  }

  /** The refs a push was refused, and the server's own words about it (safe to show). */
  private record Refusal(List<String> refs, List<String> serverLines) {
    static final Refusal NONE = new Refusal(List.of(), List.of());

    Refusal {
      refs = List.copyOf(refs);
      serverLines = List.copyOf(serverLines);
    }

    Refusal and(Refusal more) {
      List<String> r = new ArrayList<>(refs);
      r.addAll(more.refs);
      List<String> s = new ArrayList<>(serverLines);
      more.serverLines.stream().filter(line -> !s.contains(line)).forEach(s::add);
      return new Refusal(r, s);
    }
  }

  static OperationFailedException rejected(String target, List<String> rejected) {
    return rejected(target, rejected, List.of());
  }

  /** The refusal, with the {@code remote:} lines the server sent (a hook's reason) when there are any. */
  static OperationFailedException rejected(String target, List<String> rejected, List<String> serverLines) {
    return new OperationFailedException("the target " + target + " rejected " + rejected.size() + " ref update(s): "
        + String.join(", ", rejected.subList(0, Math.min(20, rejected.size()))) + (rejected.size() > 20 ? ", ..." : "")
        + (serverLines.isEmpty() ? "" : "; the server said: " + String.join(" / ", serverLines)));
  }

  private boolean installLocally(Repository workspace, List<RefChange> actions, RestoredPacks packs)
      throws ArchiverException {
    Path path = remote().localPath();
    if (path == null || !Files.isDirectory(path)) {
      return false;
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir(path).toFile()).setMustExist(true).build()) {
      return repo instanceof FileRepository file && new LocalPackInstaller(file, workspace.getDirectory().toPath(), progress)
          .install(packs, actions);
    } catch (IOException e) {
      return false; // not a repository JGit opens directly: the push reports what is wrong
    }
  }

  /** Points a local target's HEAD at the archived default branch; remote servers need their admin. */
  public boolean setHeadIfLocal(String head) throws ArchiverException {
    Path path = remote().localPath();
    if (path == null || head == null) {
      return false;
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir(path).toFile()).setMustExist(true).build()) {
      if (repo.exactRef(head) == null) {
        return false;
      }
      RefUpdate link = repo.updateRef(Constants.HEAD);
      link.disableRefLog();
      link.link(head);
      return true;
    } catch (IOException e) {
      throw new OperationFailedException("could not set HEAD of " + path + ": " + e.getMessage(), e);
    }
  }

  private static Path gitDir(Path path) {
    Path dotGit = path.resolve(Constants.DOT_GIT);
    return Files.isDirectory(dotGit) ? dotGit : path;
  }
}
