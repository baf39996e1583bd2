package io.airgap.archiver.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads many blobs of a repository's packs at once, the way {@code index-pack} does: each pack's
 * objects in pack order, every delta applied once to its base's content (parent before children),
 * instead of one random-access read per blob that re-inflates its delta chain — which made a
 * secrets scan of a whole history slow. Blobs it cannot reach this way (loose objects, a base in
 * another pack, a chain too large to hold) are returned for the caller to read one by one.
 */
final class PackBlobReader {
  /** Receives a wanted blob's content; called from several threads at once. */
  @FunctionalInterface
  interface Sink {
    void accept(ObjectId id, byte[] content) throws IOException;
  }

  private static final int OBJ_OFS_DELTA = 6;
  private static final int OBJ_REF_DELTA = 7;
  /** What the pass holds per object of a pack; a pack too large for the heap is read one by one instead. */
  private static final long BYTES_PER_OBJECT = 48;

  private final long maxBytes;
  private final long chainBudget;
  private final int threads;

  /**
   * @param maxBytes blobs larger than this are not read (nor their deltas' results)
   * @param chainBudget bytes of resolved content one thread may hold along a delta chain
   */
  PackBlobReader(long maxBytes, long chainBudget, int threads) {
    this.maxBytes = maxBytes;
    this.chainBudget = chainBudget;
    this.threads = threads;
  }

  /** Hands every wanted blob found in a pack to {@code sink}; returns the wanted ids it did not read. */
  Set<ObjectId> read(Repository repo, Set<ObjectId> wanted, Sink sink) throws IOException {
    Set<ObjectId> left = new HashSet<>(wanted);
    Path packDir = repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory dir
        ? dir.getDirectory().toPath().resolve("pack") : null;
    if (packDir == null || !Files.isDirectory(packDir)) {
      return left;
    }
    List<Path> indexes;
    try (Stream<Path> files = Files.list(packDir)) {
      indexes = files.filter(p -> p.getFileName().toString().endsWith(".idx")).sorted().toList();
    }
    for (Path idx : indexes) {
      Path pack = idx.resolveSibling(idx.getFileName().toString().replaceFirst("\\.idx$", ".pack"));
      if (left.isEmpty()) {
        break;
      }
      if (!Files.isRegularFile(pack)) {
        continue;
      }
      try {
        PackIndex index = PackIndex.open(idx.toFile());
        if (index.getObjectCount() * BYTES_PER_OBJECT < Runtime.getRuntime().maxMemory() / 4) {
          try (OnePack one = new OnePack(index, pack, left, sink)) {
            one.run();
          }
        }
      } catch (NoSuchFileException e) {
        // repacked away meanwhile: its blobs are read one by one
      }
    }
    return left;
  }

  /** One pack's pass: headers first (types, sizes, bases), then each needed delta tree from its root. */
  private final class OnePack implements AutoCloseable {
    private final FileChannel data; // positional reads: safe from several threads, and not counted as our memory
    private final long packEnd;
    private final byte[] window = new byte[1 << 20]; // the header pass reads the pack in order through this
    private long windowStart;
    private int windowLength;
    private final long[] offsets;
    private final Map<Integer, ObjectId> ids; // of the wanted objects, by their index in offset order
    private final int[] base; // index of the delta base, -1 for a whole object, -2 when unknown
    private final byte[] type;
    private final long[] size;
    private final long[] dataStart;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final boolean[] wanted;
    private final boolean[] needed;
    private final Set<ObjectId> left;
    private final Sink sink;

    OnePack(PackIndex index, Path pack, Set<ObjectId> left, Sink sink) throws IOException {
      this.left = left;
      this.sink = sink;
      data = FileChannel.open(pack, StandardOpenOption.READ);
      packEnd = data.size() - Constants.OBJECT_ID_LENGTH;
      int n = (int) index.getObjectCount();
      offsets = new long[n];
      int i = 0;
      for (PackIndex.MutableEntry e : index) {
        offsets[i++] = e.getOffset();
      }
      Arrays.sort(offsets);
      ids = new HashMap<>();
      for (ObjectId id : left) {
        long at = index.findOffset(id);
        int k = at < 0 ? -1 : Arrays.binarySearch(offsets, at);
        if (k >= 0) {
          ids.put(k, id);
        }
      }
      base = new int[n];
      type = new byte[n];
      size = new long[n];
      dataStart = new long[n];
      firstChild = new int[n];
      nextSibling = new int[n];
      wanted = new boolean[n];
      needed = new boolean[n];
      Arrays.fill(firstChild, -1);
      Arrays.fill(nextSibling, -1);
      for (int k = 0; k < n; k++) {
        header(k, index);
        wanted[k] = ids.containsKey(k);
      }
      for (int k = 0; k < n; k++) {
        if (base[k] >= 0) {
          nextSibling[k] = firstChild[base[k]];
          firstChild[base[k]] = k;
        }
      }
      for (int k = 0; k < n; k++) { // a wanted object needs its whole chain down to the root
        for (int at = k; wanted[k] && at >= 0 && !needed[at]; at = base[at]) {
          needed[at] = true;
        }
      }
    }

    private void header(int k, PackIndex index) throws IOException {
      long p = offsets[k];
      int c = at(p++);
      type[k] = (byte) ((c >> 4) & 7);
      long sz = c & 15;
      for (int shift = 4; (c & 0x80) != 0; shift += 7) {
        c = at(p++);
        sz += (long) (c & 0x7f) << shift;
      }
      size[k] = sz;
      base[k] = -1;
      if (type[k] == OBJ_OFS_DELTA) {
        c = at(p++);
        long back = c & 127;
        while ((c & 128) != 0) {
          c = at(p++);
          back = ((back + 1) << 7) + (c & 127);
        }
        base[k] = Arrays.binarySearch(offsets, offsets[k] - back);
        base[k] = base[k] < 0 ? -2 : base[k];
      } else if (type[k] == OBJ_REF_DELTA) {
        byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
        for (int j = 0; j < raw.length; j++) {
          raw[j] = (byte) at(p + j);
        }
        p += raw.length;
        long at = index.findOffset(ObjectId.fromRaw(raw));
        int b = at < 0 ? -1 : Arrays.binarySearch(offsets, at);
        base[k] = b < 0 ? -2 : b; // a thin pack's outside base: read one by one
      }
      dataStart[k] = p;
    }

    /** The byte at {@code pos}, through the window (the header pass moves forward). */
    private int at(long pos) throws IOException {
      if (pos < windowStart || pos >= windowStart + windowLength) {
        windowStart = pos;
        windowLength = 0;
        ByteBuffer buf = ByteBuffer.wrap(window);
        while (buf.hasRemaining() && windowStart + buf.position() < data.size()) {
          if (data.read(buf, windowStart + buf.position()) < 0) {
            break;
          }
        }
        windowLength = buf.position();
        if (windowLength == 0) {
          throw new IOException("the pack ends before the object at offset " + pos);
        }
      }
      return window[(int) (pos - windowStart)] & 0xff;
    }

    @Override
    public void close() throws IOException {
      data.close();
    }

    void run() throws IOException {
      List<Integer> roots = new ArrayList<>();
      for (int k = 0; k < offsets.length; k++) {
        if (needed[k] && base[k] == -1 && type[k] == Constants.OBJ_BLOB) {
          roots.add(k);
        }
      }
      AtomicInteger next = new AtomicInteger();
      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(() -> {
          Inflater inflater = new Inflater();
          try {
            for (int r; (r = next.getAndIncrement()) < roots.size(); ) {
              resolveFrom(roots.get(r), inflater);
            }
          } finally {
            inflater.end();
          }
          return null;
        });
      }
      ScanPool.run(threads, "policy-pack", workers);
    }

    /** Depth first from a whole blob: each child's content is its delta applied to its parent's, once. */
    private void resolveFrom(int root, Inflater inflater) throws IOException {
      if (size[root] > maxBytes) {
        return;
      }
      record Frame(int index, byte[] content) {}
      Deque<Frame> stack = new ArrayDeque<>();
      long held = 0;
      byte[] rootContent = inflate(root, inflater);
      deliver(root, rootContent);
      stack.push(new Frame(root, rootContent));
      held += rootContent.length;
      // per frame, the next child to visit
      Deque<int[]> next = new ArrayDeque<>();
      next.push(new int[] {firstChild[root]});
      while (!stack.isEmpty()) {
        int[] childCursor = next.peek();
        int child = childCursor[0];
        while (child >= 0 && !needed[child]) {
          child = nextSibling[child];
        }
        if (child < 0) {
          held -= stack.pop().content().length;
          next.pop();
          continue;
        }
        childCursor[0] = nextSibling[child];
        byte[] delta = inflate(child, inflater);
        long resultSize = BinaryDelta.getResultSize(delta);
        if (resultSize > maxBytes || held + resultSize > chainBudget) {
          continue; // left for one-by-one reading
        }
        byte[] content = BinaryDelta.apply(stack.peek().content(), delta);
        deliver(child, content);
        if (firstChild[child] >= 0) {
          stack.push(new Frame(child, content));
          next.push(new int[] {firstChild[child]});
          held += content.length;
        }
      }
    }

    private void deliver(int k, byte[] content) throws IOException {
      if (wanted[k]) {
        sink.accept(ids.get(k), content);
        synchronized (left) {
          left.remove(ids.get(k));
        }
      }
    }

    private byte[] inflate(int k, Inflater inflater) throws IOException {
      byte[] out = new byte[(int) size[k]];
      inflater.reset();
      long end = k + 1 < offsets.length ? offsets[k + 1] : packEnd;
      byte[] compressed = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, end - dataStart[k]))];
      ByteBuffer buf = ByteBuffer.wrap(compressed);
      while (buf.hasRemaining() && data.read(buf, dataStart[k] + buf.position()) > 0) {
        // positional reads until the object's bytes are in
      }
      inflater.setInput(compressed, 0, buf.position());
      try {
        int got = 0;
        while (got < out.length) {
          int r = inflater.inflate(out, got, out.length - got);
          if (r == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
            break;
          }
          got += r;
        }
        if (got != out.length) {
          throw new IOException("the object at offset " + offsets[k] + " is shorter in its pack than its header says");
        }
      } catch (DataFormatException e) {
        throw new IOException("the object at offset " + offsets[k] + " does not inflate: " + e.getMessage(), e);
      }
      return out;
    }
  }
}
