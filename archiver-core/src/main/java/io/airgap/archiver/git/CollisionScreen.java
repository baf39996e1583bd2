package io.airgap.archiver.git;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.util.sha1.SHA1;
import org.eclipse.jgit.util.sha1.Sha1CollisionException;

/**
 * SHA-1 collision detection for every object a fetch receives, on threads of its own. JGit indexes a
 * fetched pack on one thread, and its collision-detecting SHA-1 was half of a first fetch's time;
 * with this screen the indexer hashes with the JDK's SHA-1 ({@link ObjectHashing#forScreenedFetch})
 * while threads of its own run the detecting one over the same inflated objects on every core.
 *
 * <p>The indexer hands each object to {@link #check} (blobs stored whole arrive in pieces through
 * {@link #newBlobObjectChecker}); {@link #finish} waits for the last and throws if any object
 * carried a collision attack. Objects are checked only for that: JGit's other object checks, and
 * the complete-graph walk a transport makes when it has a checker, stay off as before — the screen
 * leaves the transport once the indexer has taken it. A whole blob larger than
 * {@value #BUFFERED_BLOB} bytes is hashed from the repository by {@link #finish}, after the pack is in.
 */
final class CollisionScreen extends ObjectChecker {
  private static final int BUFFERED_BLOB = 8 << 20;
  /** Inflated bytes handed over but not yet hashed; the indexer waits beyond this. */
  private static final int PENDING_BYTES = 16 << 20;
  static final String TASK = "Screening objects for SHA-1 collisions";

  private record Item(ObjectId id, int type, List<byte[]> parts, int size) {}

  private static final Item END = new Item(null, 0, List.of(), 0);

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4096);
  private final Semaphore room = new Semaphore(PENDING_BYTES);
  private final List<ObjectId> unbuffered = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private Transport transport;
  private volatile ObjectId collision;
  private volatile Throwable failure;
  private final AtomicLong objects = new AtomicLong();
  private final Input input;
  private boolean finished;

  /**
   * What the detecting SHA-1 is fed for one received object. Production always feeds the object as
   * Git hashes it ({@link #GIT_OBJECT}); a test substitutes a known attack's bytes for one object,
   * because no Git object carrying a real collision attack exists to serve.
   */
  interface Input {
    void feed(SHA1 sha, ObjectId id, int type, long size, List<byte[]> parts);
  }

  static final Input GIT_OBJECT = (sha, id, type, size, parts) -> {
    header(sha, type, size);
    for (byte[] part : parts) {
      sha.update(part);
    }
  };

  /** Starts one screening thread per core: detection costs about twice the indexer's own work. */
  CollisionScreen(Input input) {
    this.input = input;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::run, "archiver-sha1-collision-screen-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /** One fetch attempt, given the screen to install on its transport. */
  interface Fetch<T> {
    T run(CollisionScreen screen) throws Exception;
  }

  /**
   * Runs one fetch attempt with a screen fed {@code input} and waits for the screen's verdict on what
   * it brought; the number of objects screened is reported as the task {@value #TASK}.
   */
  static <T> T around(Repository repo, ProgressListener progress, Input input, Fetch<T> fetch) throws Exception {
    CollisionScreen screen = new CollisionScreen(input);
    try {
      T result = fetch.run(screen);
      long screened = screen.finish(repo);
      progress.onEvent(new ProgressEvent.Progress(TASK, screened, screened, ProgressEvent.Unit.ITEMS));
      return result;
    } finally {
      screen.abandon();
    }
  }

  /** Installs the screen on a transport about to fetch. */
  CollisionScreen on(Transport t) {
    this.transport = t;
    t.setObjectChecker(this);
    return this;
  }

  @Override
  public void check(AnyObjectId id, int objType, byte[] raw) {
    leaveTransport();
    submit(new Item(id.copy(), objType, List.of(raw), raw.length));
  }

  @Override
  public BlobObjectChecker newBlobObjectChecker() {
    leaveTransport();
    return new BlobObjectChecker() {
      private final List<byte[]> parts = new ArrayList<>();
      private long size;

      @Override
      public void update(byte[] in, int p, int len) {
        size += len;
        if (size <= BUFFERED_BLOB) {
          byte[] copy = new byte[len];
          System.arraycopy(in, p, copy, 0, len);
          parts.add(copy);
        } else {
          parts.clear();
        }
      }

      @Override
      public void endBlob(AnyObjectId id) {
        if (size <= BUFFERED_BLOB) {
          submit(new Item(id.copy(), Constants.OBJ_BLOB, List.copyOf(parts), (int) size));
        } else {
          unbuffered.add(id.copy()); // the indexer runs on the fetching thread, which finish() runs on too
        }
      }
    };
  }

  /**
   * The indexer took this checker when the pack began; leaving the transport now keeps its
   * complete-graph walk off, as a fetch without a checker always had it (the pack writer of the
   * bundle walks whatever it packs).
   */
  private void leaveTransport() {
    if (transport != null) {
      transport.setObjectChecker(null);
      transport = null;
    }
  }

  private void submit(Item item) {
    try {
      room.acquire(Math.min(item.size(), PENDING_BYTES));
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while screening objects", e);
    }
  }

  private void run() {
    SHA1 sha = detecting();
    try {
      for (Item item = queue.take(); item != END; item = queue.take()) {
        room.release(Math.min(item.size(), PENDING_BYTES));
        if (collision != null || failure != null) {
          continue;
        }
        sha.reset();
        input.feed(sha, item.id(), item.type(), item.size(), item.parts());
        screen(sha, item.id());
        objects.incrementAndGet();
      }
    } catch (InterruptedException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  private void screen(SHA1 sha, ObjectId id) {
    try {
      ObjectId actual = sha.toObjectId();
      if (sha.hasCollision()) {
        collision = id;
      } else if (!actual.equals(id)) {
        failure = new IllegalStateException("object " + id.name() + " hashes to " + actual.name());
      }
    } catch (Sha1CollisionException e) {
      collision = id;
    }
  }

  private static void header(SHA1 sha, int type, long size) {
    sha.update(Constants.encodedTypeString(type));
    sha.update((byte) ' ');
    sha.update(Constants.encodeASCII(size));
    sha.update((byte) 0);
  }

  /**
   * Waits until every object handed over was screened, then screens the large whole blobs from
   * {@code repo}; returns how many objects were screened.
   *
   * @throws Sha1CollisionException naming the first object that carried a collision attack
   */
  long finish(Repository repo) throws IOException {
    if (!finished) {
      finished = true;
      try {
        for (Thread worker : workers) {
          queue.put(END);
        }
        for (Thread worker : workers) {
          worker.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while screening objects", e);
      }
    }
    if (failure != null) {
      throw new IOException("could not screen the fetched objects: " + failure.getMessage(), failure);
    }
    if (collision == null && !unbuffered.isEmpty()) {
      screenStored(repo);
    }
    if (collision != null) {
      throw new Sha1CollisionException(collision);
    }
    return objects.get();
  }

  private void screenStored(Repository repo) throws IOException {
    SHA1 sha = detecting();
    byte[] buf = new byte[1 << 16];
    try (ObjectReader reader = repo.newObjectReader()) {
      for (ObjectId id : unbuffered) {
        ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
        sha.reset();
        header(sha, Constants.OBJ_BLOB, loader.getSize());
        try (InputStream in = loader.openStream()) {
          for (int n; (n = in.read(buf)) >= 0; ) {
            sha.update(buf, 0, n);
          }
        }
        screen(sha, id);
        objects.incrementAndGet();
        if (collision != null) {
          return;
        }
      }
    }
    unbuffered.clear();
  }

  /** Stops the thread if the fetch failed before {@link #finish}. */
  void abandon() {
    if (!finished) {
      finished = true;
      workers.forEach(Thread::interrupt);
    }
  }

  /** JGit's collision-detecting SHA-1, whatever the process chose for JGit's own hashing. */
  static SHA1 detecting() {
    try {
      var ctor = Class.forName("org.eclipse.jgit.util.sha1.SHA1Java").getDeclaredConstructor();
      ctor.setAccessible(true);
      return ((SHA1) ctor.newInstance()).setDetectCollision(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("JGit's collision-detecting SHA-1 is not available", e);
    }
  }
}
