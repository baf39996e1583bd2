package io.airgap.archiver.git;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.airgap.archiver.internal.TempNames;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackBitmapIndexWriterV1;
import org.eclipse.jgit.internal.storage.file.PackFile;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdSet;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Repacks create's source cache with a bitmap index, as Git servers keep theirs. With the index, a
 * bundle counts its objects from bitmaps instead of walking every commit and tree, and copies a pack that
 * holds exactly the archived objects whole. The repack reuses every stored delta and searches for
 * none, so it costs about one pass over the pack; it runs when the cache has no index yet or when
 * fetches have left many packs beside it.
 *
 * <p>Like {@code git gc}, it writes branches and tags to one pack with the bitmaps and other refs
 * (notes, pull requests) to a second one, so the default archive copies the first pack whole. When
 * an archive takes refs outside that set (pull requests, remotes), every ref goes to the one pack
 * instead: split, the objects of the second pack could not be deltas against the first, and an
 * all-refs bundle grew to 1.7 times the size of C git's. The cache remembers that choice
 * ({@value #LAYOUT_KEY} in its config), so a later default archive does not split it again.
 * Unlike {@code git gc}, objects no ref reaches any more (history a force-push replaced) go to a
 * third pack instead of away, because an incremental archive may still build on them. Bitmaps are selected from at most {@value #MAX_BITMAP_TIPS} branch tips,
 * the most recent ones, so 50,000 branches cost no more memory than a hundred.
 */
public final class CacheRepack {
  /** Fetches add one pack each; past this many, objects outside the bitmap start to cost again. */
  static final int MAX_PACKS = 16;
  /** JGit's own "excessive branch count": tips beyond it get no bitmap of their own. */
  static final int MAX_BITMAP_TIPS = 100;
  /** The cache's config entry recording that the bitmapped pack holds every ref. */
  static final String LAYOUT_KEY = "archiver.cachePackHoldsAllRefs";
  private static final String SECTION = "archiver";
  private static final String KEY = "cachePackHoldsAllRefs";

  private CacheRepack() {}

  /** What the object folder holds. */
  record Layout(int packs, boolean bitmap, boolean looseObjects) {
    boolean needsRepack() {
      return bitmap ? packs > MAX_PACKS : packs > 0 || looseObjects;
    }
  }

  /** Repacks {@code repo} for an archive of branches and tags if it needs it; returns whether it did. */
  public static boolean ensureBitmapIndex(Repository repo, ProgressMonitor monitor) throws IOException {
    return ensureBitmapIndex(repo, List.of(), monitor);
  }

  /**
   * Repacks {@code repo} with a bitmap index if it needs one, or if {@code archived} (the ref names an
   * archive takes) reaches outside branches, tags and notes while the bitmapped pack holds only
   * branches and tags; returns whether it did.
   */
  public static boolean ensureBitmapIndex(Repository repo, Collection<String> archived, ProgressMonitor monitor)
      throws IOException {
    if (!(repo instanceof FileRepository file)) {
      return false;
    }
    boolean allRefs = archived.stream().anyMatch(CacheRepack::outsideDefaultSet);
    boolean holdsAll = file.getConfig().getBoolean(SECTION, null, KEY, false);
    Layout layout = layout(file.getObjectDatabase().getDirectory().toPath());
    if (!layout.needsRepack() && (holdsAll || !allRefs || !layout.bitmap())) {
      return false;
    }
    boolean oneForAll = allRefs || holdsAll;
    // a split cache's second pack stored its objects whole: only a delta search makes them deltas again
    boolean searchDeltas = oneForAll && !holdsAll && layout.bitmap();
    repack(file, oneForAll, searchDeltas, monitor);
    if (oneForAll != holdsAll) {
      FileBasedConfig config = file.getConfig();
      config.setBoolean(SECTION, null, KEY, oneForAll);
      config.save();
    }
    return true;
  }

  private static boolean outsideDefaultSet(String ref) {
    return !ref.startsWith(Constants.R_HEADS) && !ref.startsWith(Constants.R_TAGS)
        && !ref.startsWith(Constants.R_NOTES) && !ref.equals(Constants.HEAD);
  }

  private static void repack(FileRepository repo, boolean oneForAll, boolean searchDeltas, ProgressMonitor monitor)
      throws IOException {
    ObjectDirectory odb = repo.getObjectDatabase();
    List<Pack> before = new ArrayList<>(odb.getPacks());
    Set<ObjectId> headsAndTags = new HashSet<>();
    Set<ObjectId> tags = new HashSet<>();
    Set<ObjectId> others = new HashSet<>();
    Set<ObjectId> tagTargets = new HashSet<>();
    List<ObjectId> heads = new ArrayList<>();
    for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
      if (ref.isSymbolic() || ref.getObjectId() == null) {
        continue;
      }
      String name = ref.getName();
      if (name.startsWith(Constants.R_HEADS)) {
        heads.add(ref.getObjectId());
      } else if (name.startsWith(Constants.R_TAGS)) {
        tags.add(ref.getObjectId());
      } else {
        others.add(ref.getObjectId());
      }
      if (ref.getPeeledObjectId() != null) {
        tagTargets.add(ref.getPeeledObjectId());
      }
    }
    headsAndTags.addAll(heads);
    headsAndTags.addAll(tags);
    Set<ObjectId> noBitmaps = new HashSet<>(tags);
    if (oneForAll) {
      others.removeAll(headsAndTags);
      noBitmaps.addAll(others);
      headsAndTags.addAll(others);
      others.clear();
    }
    tagTargets.addAll(headsAndTags);
    noBitmaps.addAll(headsWithoutBitmaps(repo, heads));

    PackConfig config = new PackConfig(repo);
    config.setDeltaCompress(searchDeltas);
    config.setReuseDeltas(true);
    config.setReuseObjects(!searchDeltas); // JGit searches no delta for an object it copies whole
    // the search holds a window of objects per core: bounded, or a large file exhausts the small heap
    config.setDeltaSearchMemoryLimit(Runtime.getRuntime().maxMemory() / 4);
    config.setBuildBitmaps(true);

    List<Pack> written = new ArrayList<>();
    List<ObjectIdSet> exclude = new ArrayList<>();
    if (!headsAndTags.isEmpty()) {
      add(written, exclude, write(repo, config, monitor, headsAndTags, PackWriter.NONE, noBitmaps, tagTargets,
          List.of(), true, null));
    }
    if (!others.isEmpty()) {
      add(written, exclude, write(repo, config, monitor, others, headsAndTags, PackWriter.NONE, tagTargets,
          exclude, false, null));
    }
    List<Pack> replaced = before.stream().filter(old -> !old.shouldBeKept()
        && written.stream().noneMatch(p -> p.getPackFile().equals(old.getPackFile()))).toList();
    List<RevObject> leftovers = leftovers(repo, replaced, exclude);
    if (!leftovers.isEmpty()) {
      add(written, exclude, write(repo, config, monitor, Set.of(), Set.of(), Set.of(), Set.of(), List.of(), false,
          leftovers));
    }
    for (Pack old : replaced) {
      old.close();
      for (PackExt ext : PackExt.values()) {
        Files.deleteIfExists(old.getPackFile().create(ext).toPath());
      }
    }
    new GC(repo).prunePacked();
  }

  private static void add(List<Pack> written, List<ObjectIdSet> exclude, Pack pack) throws IOException {
    if (pack != null) {
      written.add(pack);
      exclude.add(pack.getIndex());
    }
  }

  /** Every branch tip but the most recently committed ones. */
  private static Set<ObjectId> headsWithoutBitmaps(Repository repo, List<ObjectId> heads) throws IOException {
    if (heads.size() <= MAX_BITMAP_TIPS) {
      return Set.of();
    }
    List<RevCommit> commits = new ArrayList<>();
    Set<ObjectId> rest = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRetainBody(false);
      for (ObjectId id : heads) {
        RevObject object = walk.peel(walk.parseAny(id));
        if (object instanceof RevCommit commit) {
          commits.add(commit);
        } else {
          rest.add(id);
        }
      }
    }
    commits.sort(Comparator.comparingInt(RevCommit::getCommitTime).reversed().thenComparing(c -> c.name()));
    commits.subList(MAX_BITMAP_TIPS, commits.size()).forEach(c -> rest.add(c.copy()));
    return rest;
  }

  /** Objects of the replaced packs that none of the new ones holds: history no ref reaches any more. */
  private static List<RevObject> leftovers(Repository repo, List<Pack> replaced, List<ObjectIdSet> kept)
      throws IOException {
    List<RevObject> objects = new ArrayList<>();
    Set<ObjectId> seen = new HashSet<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      for (Pack pack : replaced) {
        for (PackIndex.MutableEntry entry : pack.getIndex()) {
          ObjectId id = entry.toObjectId();
          if (kept.stream().noneMatch(set -> set.contains(id)) && seen.add(id)) {
            objects.add(walk.lookupAny(id, reader.open(id).getType()));
          }
        }
      }
    }
    return objects;
  }

  /** Writes one pack (and its index, and bitmaps if asked) as {@code git gc} does; null if it would be empty. */
  private static Pack write(FileRepository repo, PackConfig config, ProgressMonitor monitor, Set<ObjectId> want,
      Set<ObjectId> have, Set<ObjectId> noBitmaps, Set<ObjectId> tagTargets, List<ObjectIdSet> exclude,
      boolean bitmaps, List<RevObject> objects) throws IOException {
    ObjectDirectory odb = repo.getObjectDatabase();
    File packDir = odb.getPackDirectory();
    Files.createDirectories(packDir.toPath());
    try (PackWriter pw = new PackWriter(config, repo.newObjectReader())) {
      pw.setDeltaBaseAsOffset(true);
      pw.setReuseDeltaCommits(false);
      pw.setTagTargets(tagTargets);
      exclude.forEach(pw::excludeObjects);
      pw.setCreateBitmaps(bitmaps);
      if (objects != null) {
        pw.preparePack(objects.iterator());
      } else {
        pw.preparePack(monitor, want, have, PackWriter.NONE, noBitmaps);
      }
      if (pw.getObjectCount() == 0) {
        return null;
      }
      ObjectId name = pw.computeName();
      // the tool's own temporary names: a killed repack's leftovers are removed by the next run (Litter)
      String base = "pack-" + name.name();
      Path tmpPack = packDir.toPath().resolve(TempNames.partialOf(base + ".pack"));
      Path tmpIndex = packDir.toPath().resolve(TempNames.partialOf(base + ".idx"));
      Path tmpBitmap = packDir.toPath().resolve(TempNames.partialOf(base + ".bitmap"));
      try {
        write(tmpPack, out -> pw.writePack(monitor, monitor, out));
        write(tmpIndex, pw::writeIndex);
        boolean withBitmaps = bitmaps && pw.prepareBitmapIndex(monitor);
        if (withBitmaps) {
          write(tmpBitmap, out -> pw.writeBitmapIndex(new PackBitmapIndexWriterV1(out)));
        }
        PackFile pack = new PackFile(packDir, name, PackExt.PACK);
        for (Pack existing : odb.getPacks()) {
          if (existing.getPackFile().equals(pack)) {
            existing.close(); // the same objects (a fresh clone): the new file replaces it, now with bitmaps
          }
        }
        Files.move(tmpPack, pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
        if (withBitmaps) {
          Files.move(tmpBitmap, pack.create(PackExt.BITMAP_INDEX).toPath(), StandardCopyOption.ATOMIC_MOVE);
        }
        // the index last: readers pick a pack up once its index exists
        Files.move(tmpIndex, pack.create(PackExt.INDEX).toPath(), StandardCopyOption.ATOMIC_MOVE);
        return odb.openPack(pack);
      } finally {
        Files.deleteIfExists(tmpPack);
        Files.deleteIfExists(tmpIndex);
        Files.deleteIfExists(tmpBitmap);
      }
    }
  }

  @FunctionalInterface
  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  private static void write(Path file, Writing writing) throws IOException {
    try (FileOutputStream fos = new FileOutputStream(file.toFile());
        FileChannel channel = fos.getChannel();
        OutputStream out = Channels.newOutputStream(channel)) {
      writing.to(out);
      channel.force(true);
    }
  }

  static Layout layout(Path objectsDir) throws IOException {
    int packs = 0;
    boolean bitmap = false;
    Path packDir = objectsDir.resolve("pack");
    if (Files.isDirectory(packDir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(packDir, "pack-*")) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.endsWith(".pack")) {
            packs++;
          } else if (name.endsWith(".bitmap")) {
            bitmap = true;
          }
        }
      }
    }
    boolean loose = false;
    if (Files.isDirectory(objectsDir)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(objectsDir, "[0-9a-f][0-9a-f]")) {
        loose = dirs.iterator().hasNext();
      }
    }
    return new Layout(packs, bitmap, loose);
  }
}
