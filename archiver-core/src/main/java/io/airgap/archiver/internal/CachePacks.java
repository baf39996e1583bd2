package io.airgap.archiver.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Keeps a cache repository packed with a bitmap index, as Git servers do. With the index, a bundle
 * counts its objects from bitmaps instead of walking every commit and tree, and copies a pack that
 * holds exactly the archived objects whole. The repack reuses every stored delta and searches for
 * none, so it costs about one pass over the pack; it runs when the cache has no index yet or when
 * fetches have left many packs beside it.
 */
public final class CachePacks {
  /** Fetches add one pack each; past this many, objects outside the bitmap start to cost again. */
  static final int MAX_PACKS = 16;

  private CachePacks() {}

  /** What the object folder holds. */
  record Layout(int packs, boolean bitmap, boolean looseObjects) {
    boolean needsRepack() {
      return bitmap ? packs > MAX_PACKS : packs > 0 || looseObjects;
    }
  }

  /** Repacks {@code repo} with a bitmap index if it needs one; returns whether it did. */
  public static boolean ensureBitmapIndex(Repository repo, ProgressMonitor monitor) throws IOException {
    if (!(repo instanceof FileRepository file)) {
      return false;
    }
    if (!layout(file.getObjectDatabase().getDirectory().toPath()).needsRepack()) {
      return false;
    }
    PackConfig config = new PackConfig(repo);
    config.setDeltaCompress(false);
    config.setReuseDeltas(true);
    config.setReuseObjects(true);
    config.setBuildBitmaps(true);
    GC gc = new GC(file);
    gc.setPackConfig(config);
    gc.setProgressMonitor(monitor);
    // the old packs are wholly contained in the new ones; keeping them would double the cache
    gc.setPackExpireAgeMillis(0);
    gc.repack();
    return true;
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
