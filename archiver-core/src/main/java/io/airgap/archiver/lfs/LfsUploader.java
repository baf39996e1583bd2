package io.airgap.archiver.lfs;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.internal.Litter;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.lfs.LfsBatchApi.Action;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectResult;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectSpec;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Restore's LFS step: keeps the archive's objects in the workspace ({@code <workspace>/lfs/objects})
 * and puts those the target lacks on its LFS server (batch API: upload, then verify when offered)
 * or, for a local target, into its {@code lfs/objects} where stock git-lfs finds them. Runs before
 * any ref is pushed, so no ref ever points at content the server lacks. Sync uploads the same way,
 * from wherever its collection holds the objects.
 */
public final class LfsUploader {
  private final LfsTarget target;
  private final ProgressListener progress;
  /** Where objects went, for messages: an SSH target's server names it only when asked. */
  private String shown;

  public LfsUploader(LfsTarget target, ProgressListener progress) {
    this.target = target;
    this.progress = progress;
  }

  /** The workspace's object folder. */
  public static LfsObjectStore workspaceStore(Path workspaceDir) {
    return new LfsObjectStore(workspaceDir.resolve("lfs").resolve("objects"));
  }

  /** Moves the verified, staged LFS entries into the workspace's LFS store, and warns if the archive lacks some. */
  public static void moveStagedObjectsToWorkspace(Path stagingDir, Path workspaceDir, Manifest manifest, ProgressListener progress)
      throws ArchiverException {
    LfsObjectStore store = workspaceStore(workspaceDir);
    try {
      for (Manifest.LfsObject object : manifest.lfs()) {
        Path staged = stagingDir.resolve(ArchiveLayout.lfsObjectPath(object.oid()));
        if (store.has(object.oid(), object.size()) || !Files.exists(staged)) {
          continue;
        }
        Path dest = store.path(object.oid());
        Files.createDirectories(dest.getParent());
        try {
          Files.move(staged, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staged, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new OperationFailedException("could not keep the LFS objects in the workspace " + workspaceDir + ": "
          + e.getMessage(), e);
    }
    String warning = LfsMessages.missingWarning(manifest);
    if (warning != null) {
      progress.warn(warning);
    }
  }

  /** Uploads the archive's LFS objects, if it has any, to {@code target}; called before any ref is pushed. */
  public static void beforePush(LfsTarget target, Path workspaceDir, List<Manifest.LfsObject> objects,
      ProgressListener progress) throws ArchiverException {
    if (objects.isEmpty()) {
      return;
    }
    if (target == null) {
      throw new OperationFailedException("the archive carries Git LFS objects but no LFS target was configured");
    }
    new LfsUploader(target, progress).upload(workspaceDir, objects);
  }

  /** Puts LFS objects (held in the workspace) on the target; the ones it has are left alone. */
  public void upload(Path workspaceDir, List<Manifest.LfsObject> wanted) throws ArchiverException {
    LfsObjectStore from = workspaceStore(workspaceDir);
    for (Manifest.LfsObject o : wanted) {
      if (!from.has(o.oid(), o.size())) {
        throw new OperationFailedException("LFS object " + o.oid() + " is not in the workspace " + from
            + "; restore the archive again");
      }
    }
    upload(from::path, wanted);
  }

  /**
   * Puts LFS objects on the target, reading each from the file {@code files} gives for its oid (sync
   * reads them where the collection left them: the LFS cache or a local source); the ones the target
   * has are left alone. Returns how many were sent.
   */
  public int upload(Function<String, Path> files, List<Manifest.LfsObject> wanted) throws ArchiverException {
    if (wanted.isEmpty()) {
      return 0;
    }
    List<PointerFile> objects = wanted.stream().map(o -> new PointerFile(o.oid(), o.size(), null)).toList();
    Map<String, Exception> failures = new TreeMap<>();
    shown = target.endpoint().display();
    int sent = target.endpoint().isLocal() ? copyLocal(files, objects, failures) : uploadHttp(files, objects, failures);
    if (!failures.isEmpty()) {
      throw new OperationFailedException(Plural.of(failures.size(), "Git LFS object") + " could not be stored at "
          + shown + ", so no ref was pushed: " + LfsMessages.list(failures, Map.of()));
    }
    progress.info("Git LFS: " + Plural.of(sent, "object") + " stored at " + shown + ", "
        + (objects.size() - sent) + " already there");
    return sent;
  }

  private int copyLocal(Function<String, Path> from, List<PointerFile> objects, Map<String, Exception> failures) {
    LfsObjectStore to = new LfsObjectStore(target.endpoint().objectsDir());
    Litter.cleanTree(to.root(), progress); // what a killed copy left there
    int copied = 0;
    for (PointerFile o : objects) {
      if (to.has(o.oid(), o.size())) {
        continue;
      }
      try (InputStream in = Files.newInputStream(from.apply(o.oid()))) {
        to.put(o.oid(), o.size(), in);
        copied++;
      } catch (IOException e) {
        failures.put(o.oid(), e);
      }
    }
    return copied;
  }

  private int uploadHttp(Function<String, Path> from, List<PointerFile> objects, Map<String, Exception> failures)
      throws ArchiverException {
    LfsBatchClient client = target.client(progress);
    shown = client.display();
    ParallelTransfers transfers = new ParallelTransfers(target.transfers(), Retry.standard(), progress);
    int sent = 0;
    for (int start = 0; start < objects.size(); start += LfsDownloader.BATCH_SIZE) {
      List<PointerFile> chunk = objects.subList(start, Math.min(objects.size(), start + LfsDownloader.BATCH_SIZE));
      List<ObjectResult> results = client.batch(LfsBatchApi.UPLOAD,
          chunk.stream().map(o -> new ObjectSpec(o.oid(), o.size())).toList(),
          "uploading to the LFS server " + shown, progress);
      Map<String, ObjectResult> byOid = new HashMap<>();
      results.forEach(r -> byOid.putIfAbsent(r.oid(), r));
      List<PointerFile> upload = new ArrayList<>();
      for (PointerFile o : chunk) {
        ObjectResult r = byOid.get(o.oid());
        if (r == null) {
          failures.put(o.oid(), new IOException("the server did not answer for it"));
        } else if (r.error() != null) {
          failures.put(o.oid(), new IOException("the server refused it (" + r.error().code() + ": "
              + r.error().message() + ")"));
        } else if (r.action(LfsBatchApi.UPLOAD) != null) {
          upload.add(o);
        }
        // no actions: the server already has the object
      }
      try {
        failures.putAll(transfers.run("upload LFS objects", upload, o -> {
          ObjectResult r = byOid.get(o.oid());
          client.upload(r.action(LfsBatchApi.UPLOAD), o.oid(), from.apply(o.oid()));
          Action verify = r.action(LfsBatchApi.VERIFY);
          if (verify != null) {
            client.verify(verify, o.oid(), o.size());
          }
        }));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationFailedException("uploading LFS objects was interrupted", e);
      }
      sent += upload.size() - (int) upload.stream().filter(o -> failures.containsKey(o.oid())).count();
    }
    return sent;
  }
}
