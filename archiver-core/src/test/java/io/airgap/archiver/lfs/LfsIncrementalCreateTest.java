package io.airgap.archiver.lfs;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.api.CreateArchiveCommand;
import io.airgap.archiver.api.CreateResult;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.create.Catalog;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.testing.LfsSampleRepo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create's LFS step across a chain, from a local source whose objects sit in .git/lfs/objects: an
 * incremental archive scans only the history its base lacks when the base is known to carry all its
 * LFS objects, and the whole history when it is not (it lacked objects, or scanned no LFS at all).
 */
class LfsIncrementalCreateTest {
  @TempDir Path tmp;
  private Path source;
  private LfsObjectStore sourceObjects;
  private int runs;

  @BeforeEach
  void buildSource() throws IOException {
    source = Files.createDirectories(tmp.resolve("source"));
    git(source, "init", "-q", "-b", "main");
    sourceObjects = new LfsObjectStore(LfsEndpoint.local(source).objectsDir());
  }

  @Test
  void baseThatLackedAnObject_nextArchiveScansTheWholeHistoryAndCarriesIt() throws Exception {
    String a = commitLfs("a.bin", "object a", true);
    String m = commitLfs("m.bin", "object m, not on the server at first", false);

    OperationFailedException refused = assertThrows(OperationFailedException.class, () -> create(c -> c));
    assertTrue(refused.getMessage().contains(m + " (") && refused.getMessage().contains("m.bin"),
        "the bitmap scan knows no paths; the message finds one: " + refused.getMessage());

    CreateResult first = create(c -> c.lfsOptions(new LfsOptions(LfsScope.HISTORY, null, true, 2)));
    assertEquals(Set.of(a), oids(first.manifest().lfs()));
    assertEquals(Set.of(m), oids(first.manifest().lfsMissing()));

    store("object m, not on the server at first");
    String n = commitLfs("n.bin", "object n", true);
    CreateResult second = create(c -> c.sinceLast(true));
    assertEquals(Set.of(m, n), oids(second.manifest().lfs()), "m is picked up now the server has it");

    Catalog catalog = catalogOf(second);
    assertEquals(List.of(m), entry(catalog, first).lfsMissing());
    assertEquals(List.of(), entry(catalog, second).lfsMissing());

    String p = commitLfs("p.bin", "object p", true);
    CreateResult onComplete = create(c -> c.base(second.archive()));
    assertEquals(Set.of(p), oids(onComplete.manifest().lfs()),
        "the second archive's chain carries a: the scan skips the history it reaches");
    CreateResult onIncomplete = create(c -> c.base(first.archive()));
    assertEquals(Set.of(m, n, p), oids(onIncomplete.manifest().lfs()));
  }

  @Test
  void baseMadeWithoutLfs_nextArchiveScansTheWholeHistory() throws Exception {
    String a = commitLfs("a.bin", "object a", true);
    CreateResult first = create(c -> c.lfs(false));
    assertEquals(List.of(), first.manifest().lfsMissing(), "its manifest looks complete, yet carries nothing");
    assertNull(entry(catalogOf(first), first).lfsMissing());

    String n = commitLfs("n.bin", "object n", true);
    assertEquals(Set.of(a, n), oids(create(c -> c.sinceLast(true)).manifest().lfs()));
    assertEquals(Set.of(a, n), oids(create(c -> c.base(first.archive())).manifest().lfs()),
        "the catalog overrules the manifest of an archive made here");
  }

  @Test
  void baseWithTipsScope_nextHistoryArchiveScansTheWholeHistory() throws Exception {
    String old = commitLfs("old.bin", "replaced later", true);
    String current = commitLfs("old.bin", "current", true);
    CreateResult first = create(c -> c.lfsOptions(new LfsOptions(LfsScope.TIPS, null, false, 2)));
    assertEquals(Set.of(current), oids(first.manifest().lfs()));

    String n = commitLfs("n.bin", "object n", true);
    assertEquals(Set.of(old, n), oids(create(c -> c.sinceLast(true)).manifest().lfs()));
  }

  private CreateResult create(UnaryOperator<CreateArchiveCommand> options) throws Exception {
    int run = ++runs;
    CreateArchiveCommand command = Archiver.create()
        .source(source.toString())
        .outputDir(tmp.resolve("out")) // one place: --since-last builds on the archives there
        .cacheDir(tmp.resolve("cache"))
        .dependencies(false)
        .environment(Map.of())
        .timestamp(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(run * 60L));
    return options.apply(command).call();
  }

  /** Commits a pointer file for {@code content}, with the object in the source's LFS store if {@code stored}. */
  private String commitLfs(String file, String content, boolean stored) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String oid = LfsSampleRepo.oid(bytes);
    Files.writeString(source.resolve(file), LfsPointerScannerTest.pointer(oid, bytes.length), StandardCharsets.UTF_8);
    if (stored) {
      store(content);
    }
    git(source, "add", "-A");
    git(source, "commit", "-q", "-m", file);
    return oid;
  }

  private void store(String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    sourceObjects.put(LfsSampleRepo.oid(bytes), bytes.length, new ByteArrayInputStream(bytes));
  }

  private Catalog catalogOf(CreateResult result) throws IOException {
    return Catalog.open(tmp.resolve("cache"), result.manifest().source().id());
  }

  private static Catalog.Entry entry(Catalog catalog, CreateResult result) {
    return catalog.entries().stream().filter(e -> e.archiveId().equals(result.archiveId())).findFirst()
        .orElseThrow();
  }

  private static Set<String> oids(List<Manifest.LfsObject> objects) {
    return objects.stream().map(Manifest.LfsObject::oid).collect(Collectors.toCollection(TreeSet::new));
  }
}
