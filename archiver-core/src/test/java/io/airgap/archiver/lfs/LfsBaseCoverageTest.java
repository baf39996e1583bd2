package io.airgap.archiver.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.create.BaseArchive;
import io.airgap.archiver.create.BaseResolver;
import io.airgap.archiver.create.Catalog;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a base lets the LFS scan skip its history: only when it is known to carry every LFS object
 * its refs need — its manifest lacks none and, for archives made here, the catalog says the scan
 * covered the history. Anything else (an old catalog entry, --no-lfs, --lfs-scope tips) scans it all.
 */
class LfsBaseCoverageTest {
  private static final String SOURCE = "git-root-0123456789abcdef0123456789abcdef01234567";
  private static final String MAIN = "1111111111111111111111111111111111111111";
  private static final String OID = "a".repeat(64);

  @TempDir Path tmp;

  @Test
  void manifestBase_lackingNothing_coversItsTips() throws Exception {
    BaseArchive base = resolveManifest("complete", List.of(), catalog());
    assertTrue(base.lfsComplete());
    assertEquals(List.of(MAIN), List.copyOf(base.lfsCoveredTips()));
  }

  @Test
  void manifestBase_withLfsMissing_coversNothing() throws Exception {
    BaseArchive base = resolveManifest("incomplete", List.of(new Manifest.LfsObject(OID, 3)), catalog());
    assertFalse(base.lfsComplete());
    assertEquals(List.of(), List.copyOf(base.lfsCoveredTips()));
  }

  @Test
  void manifestBase_theCatalogDoesNotKnowComplete_coversNothing() throws Exception {
    Catalog catalog = catalog();
    String id = archiveIdOf(writeManifest("made-with-no-lfs", List.of()));
    catalog.append(entry(id, null)); // as a --no-lfs or --lfs-scope tips archive is recorded
    assertFalse(resolveManifest("made-with-no-lfs", List.of(), Catalog.open(tmp.resolve("cache"), SOURCE))
        .lfsComplete());
  }

  @Test
  void catalogBase_completeOnlyWithAnEmptyRecordedMissingList() throws Exception {
    catalog().append(entry("b".repeat(64), List.of()));
    catalog().append(entry("c".repeat(64), List.of(OID)));
    Catalog reopened = Catalog.open(tmp.resolve("cache"), SOURCE);
    BaseResolver resolver = new BaseResolver(reopened, null);
    assertTrue(resolver.fromCatalog(reopened.find("bbbb").orElseThrow()).lfsComplete());
    assertFalse(resolver.fromCatalog(reopened.find("cccc").orElseThrow()).lfsComplete());
  }

  @Test
  void catalogBase_writtenBeforeTheFieldExisted_isNotKnownComplete() throws Exception {
    Path file = tmp.resolve("cache/catalog/" + SOURCE + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        {
          "source_id" : "%s",
          "archives" : [ {
            "archive_id" : "%s",
            "type" : "full",
            "created_at" : "2024-01-01T00:00:00Z",
            "file" : "/archives/old.tar.gz",
            "base_id" : null,
            "refs" : { "refs/heads/main" : "%s" },
            "lfs" : [ ],
            "dependencies" : [ ]
          } ]
        }
        """.formatted(SOURCE, "d".repeat(64), MAIN), StandardCharsets.UTF_8);
    Catalog catalog = Catalog.open(tmp.resolve("cache"), SOURCE);
    BaseArchive base = new BaseResolver(catalog, null).fromCatalog(catalog.latest().orElseThrow());
    assertFalse(base.lfsComplete());
    assertEquals(List.of(), List.copyOf(base.lfsCoveredTips()));
  }

  private Catalog catalog() throws Exception {
    return Catalog.open(tmp.resolve("cache"), SOURCE);
  }

  private static Catalog.Entry entry(String archiveId, List<String> lfsMissing) {
    return new Catalog.Entry(archiveId, "full", "2024-01-01T00:00:00Z", "/archives/a.tar.gz", null, refs(), List.of(),
        List.of(), lfsMissing);
  }

  private BaseArchive resolveManifest(String name, List<Manifest.LfsObject> missing, Catalog catalog)
      throws Exception {
    Path manifest = writeManifest(name, missing);
    return new BaseResolver(catalog, null).resolve(manifest.toString());
  }

  /** An extracted archive: manifest.json with SHA256SUMS beside it, whose hash is the archive id. */
  private Path writeManifest(String name, List<Manifest.LfsObject> missing) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Manifest manifest = new Manifest(Manifest.FORMAT, ArchiveType.FULL, "2024-01-01T00:00:00Z", "test",
        new Manifest.Source(SOURCE, "sample", "file:///sample"), refs(), "refs/heads/main", null, null, null,
        List.of(), List.of(), null, missing);
    byte[] bytes = ManifestCodec.write(manifest);
    Files.write(dir.resolve(ArchiveLayout.MANIFEST), bytes);
    Files.write(dir.resolve(ArchiveLayout.SHA256SUMS),
        Sha256Sums.builder().add(ArchiveLayout.MANIFEST, Sha256.of(bytes)).build().toBytes());
    return dir.resolve(ArchiveLayout.MANIFEST);
  }

  private static String archiveIdOf(Path manifest) throws Exception {
    return Sha256.of(Files.readAllBytes(manifest.resolveSibling(ArchiveLayout.SHA256SUMS)));
  }

  private static SortedMap<String, String> refs() {
    return new TreeMap<>(Map.of("refs/heads/main", MAIN));
  }
}
