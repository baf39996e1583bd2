package io.airgap.archiver.git;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.RefChange;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.CraftedBundles;
import io.airgap.archiver.testing.GitHttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first archive's pack, proven to hold exactly what its refs reach, goes to an empty target as it
 * is. Against a real smart-HTTP server (JGit's receive-pack, which indexes and checks what it gets):
 * every ref arrives, C git's {@code fsck --full --strict} finds the target clean, and the target
 * holds the pack's objects and no others. A target that turns out to hold refs when the push starts
 * (planned as empty, then pushed to) gets an ordinary push instead, which the output says; so does
 * a workspace whose pack holds an object no ref reaches.
 */
class WholePackPushTest {
  private static final String USER = "operator";
  private static final String TOKEN = "push-token";

  @TempDir
  Path tmp;

  private Path src;
  private GitHttpServer server;
  private Path target;
  private final List<String> said = new CopyOnWriteArrayList<>();
  private final List<ProgressEvent.Progress> sending = new CopyOnWriteArrayList<>();
  private final ProgressListener progress = e -> {
    if (e instanceof ProgressEvent.Message m) {
      said.add(m.text());
    } else if (e instanceof ProgressEvent.Progress p && p.task().equals(WholePackPush.TASK)) {
      sending.add(p);
    }
  };

  @BeforeEach
  void setUp() throws Exception {
    src = SampleRepos.rich(tmp.resolve("src"));
    Path served = Files.createDirectories(tmp.resolve("served"));
    target = served.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    server = GitHttpServer.start(served, USER, TOKEN);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  @Test
  void anEmptyTarget_receivesTheVerifiedPackAsItIs_andEndsExact() throws Exception {
    long body;
    try (Workspace ws = unbundled(stockBundle())) {
      assertNotNull(ws.wholePack(), "the pack was proven to hold exactly what the refs reach");
      body = Files.size(ws.wholePack()) - 12 - 20;
      push(ws);
    }
    assertTrue(said.stream().anyMatch(s -> s.startsWith("sent the verified pack to ")), said.toString());
    ProgressEvent.Progress last = sending.get(sending.size() - 1);
    assertEquals(List.of(body, body), List.of(last.done(), last.total()), "every byte after the pack's header reported");
    assertExact();
    assertEquals(reachable(src), allObjects(target), "the pack's objects and no others");
  }

  @Test
  void aTargetThatHoldsRefsWhenThePushStarts_getsAnOrdinaryPush() throws Exception {
    try (Workspace ws = unbundled(stockBundle())) {
      List<RefChange> plannedWhileEmpty = createsOf(ws);
      // someone pushes between the plan and the push: the target now has history the pack also holds
      git(src, "push", "-q", target.toString(), "main~1:refs/heads/elsewhere");
      target(ws).push(ws.repository(), plannedWhileEmpty, new RestoredPacks(List.of(ws.wholePack()), true,
          ws.wholePack()));
    }
    assertTrue(said.contains("could not send the verified pack as it is (the target advertised refs; it is not"
        + " empty); pushing the objects the target lacks instead"), said.toString());
    String elsewhere = git(src, "rev-parse", "main~1").trim();
    List<String> expected = new ArrayList<>(CGit.refs(src).lines().toList());
    expected.add(elsewhere + " commit refs/heads/elsewhere");
    assertEquals(expected.stream().sorted().toList(), CGit.refs(target).lines().sorted().toList());
    git(target, "fsck", "--full", "--strict", "--no-dangling");
  }

  @Test
  void aPackHoldingAnObjectNoRefReaches_isNotOfferedWhole() throws Exception {
    List<String> objects = new ArrayList<>(reachable(src));
    Path strayFile = Files.writeString(tmp.resolve("stray.txt"), "a blob no commit holds\n");
    objects.add(git(src, "hash-object", "-w", strayFile.toString()).trim());
    Map<String, String> refs = new TreeMap<>();
    CGit.refs(src).lines().map(l -> l.split(" ")).forEach(f -> refs.put(f[2], f[0]));
    try (Workspace ws = unbundled(CraftedBundles.of(src, objects, refs, tmp))) {
      assertNull(ws.wholePack(), "a pack with more than the refs reach is not sent whole");
      push(ws);
    }
    assertTrue(said.stream().noneMatch(s -> s.contains("verified pack")), said.toString());
    assertExact();
  }

  private Path stockBundle() {
    Path bundle = tmp.resolve("all-" + System.nanoTime() + ".bundle");
    git(src, "bundle", "create", "-q", bundle.toString(), "--all");
    return bundle;
  }

  private Workspace unbundled(Path bundle) throws Exception {
    Workspace ws = Workspace.open(tmp.resolve("ws-" + System.nanoTime()));
    ws.applyBundle(bundle, true, ProgressListener.NONE, null);
    return ws;
  }

  private TargetRepository target(Workspace ws) throws Exception {
    RemoteAccess access = RemoteAccess.of(GitRemote.parse(server.url("target.git")),
        Map.of("TARGET_USERNAME", USER, "TARGET_TOKEN", TOKEN), "TARGET_", progress);
    return new TargetRepository(access, progress);
  }

  private void push(Workspace ws) throws Exception {
    target(ws).push(ws.repository(), createsOf(ws), new RestoredPacks(List.of(), true, ws.wholePack()));
  }

  /** What a restore plans for a target that holds nothing: every workspace ref created. */
  private static List<RefChange> createsOf(Workspace ws) throws Exception {
    List<RefChange> creates = new ArrayList<>();
    for (Ref ref : ws.repository().getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
      creates.add(new RefChange(ref.getName(), null, ref.getObjectId().name(), RefChange.Kind.CREATE));
    }
    return creates;
  }

  private void assertExact() {
    assertEquals(CGit.refs(src), CGit.refs(target));
    git(target, "fsck", "--full", "--strict", "--no-dangling");
  }

  private static List<String> reachable(Path repo) {
    return git(repo, "rev-list", "--objects", "--all").lines().map(l -> l.split(" ", 2)[0]).sorted().toList();
  }

  private static List<String> allObjects(Path repo) {
    return git(repo, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)").lines().sorted().toList();
  }
}
