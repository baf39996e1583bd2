package io.airgap.archiver.git;

import com.googlecode.javaewah.EWAHCompressedBitmap;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.StoredObjectRepresentationNotAvailableException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackBitmapIndex;
import org.eclipse.jgit.internal.storage.pack.CachedPack;
import org.eclipse.jgit.internal.storage.pack.ObjectReuseAsIs;
import org.eclipse.jgit.internal.storage.pack.ObjectToPack;
import org.eclipse.jgit.internal.storage.pack.PackOutputStream;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.internal.storage.pack.StoredObjectRepresentation;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BitmapIndex;
import org.eclipse.jgit.lib.BitmapObject;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;

/**
 * Sends a verified pack to an empty target as it is, instead of JGit counting every object of the
 * history again (a walk as long as the one unbundling no longer makes) and re-framing each one.
 *
 * <p>Only for a pack a {@link StandaloneGraphCheck} proved to hold exactly what the workspace's refs
 * reach, pushed whole: every ref created, none at the target. JGit's push then asks the pack writer
 * for the objects the new refs reach minus those the target's refs reach. This writer's reader
 * answers through a bitmap index that knows one thing — the refs together reach the whole pack —
 * and offers the pack as a "cached pack", which the writer copies byte for byte after its own
 * header. Anything else the writer might ask (a target that advertises refs after all, a ref that
 * is not one of the tips) fails the push rather than being guessed; the caller then pushes the
 * ordinary way.
 */
final class WholePackPush {
  private WholePackPush() {}

  static final String TASK = "Sending the verified pack";

  /**
   * {@code workspace} opened again, its reader offering {@code pack} whole for a push of {@code tips};
   * the bytes sent are reported as the task {@value #TASK} (JGit's count of objects written stays at
   * zero while a pack is copied).
   */
  static Repository open(Repository workspace, Path pack, Set<ObjectId> tips, ProgressListener progress)
      throws IOException {
    return new PushingRepository(workspace, new WholePack(pack, progress), tips);
  }

  /**
   * Why the writer's request cannot be answered with the whole pack; raised before anything is
   * sent, so the caller may push the ordinary way instead.
   */
  static final class NotWhole extends IllegalStateException {
    NotWhole(String message) {
      super(message);
    }
  }

  /** A second handle on the workspace repository whose readers offer the pack whole. */
  private static final class PushingRepository extends FileRepository {
    private final WholePack pack;
    private final Set<ObjectId> tips;

    PushingRepository(Repository workspace, WholePack pack, Set<ObjectId> tips) throws IOException {
      super(workspace.getDirectory());
      this.pack = pack;
      this.tips = Set.copyOf(tips);
    }

    @Override
    public ObjectReader newObjectReader() {
      return new Reader(super.newObjectReader(), pack, tips);
    }
  }

  /** The workspace's pack file, read for its object count and its objects' bytes. */
  private static final class WholePack extends CachedPack {
    private static final long REPORT_NANOS = 200_000_000L;
    private final Path file;
    private final ProgressListener progress;

    WholePack(Path file, ProgressListener progress) {
      this.file = file;
      this.progress = progress;
    }

    @Override
    public long getObjectCount() throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer header = ByteBuffer.allocate(12);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
          // the 12-byte header: "PACK", version, object count
        }
        return Integer.toUnsignedLong(header.getInt(8));
      }
    }

    @Override
    public boolean hasObject(ObjectToPack obj, StoredObjectRepresentation rep) {
      return false; // the writer holds no object of its own besides this pack
    }

    /** The objects: the file between its 12-byte header and its 20-byte checksum. */
    void copyObjects(PackOutputStream out) throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        long total = channel.size() - 12 - 20;
        long sent = 0;
        long reported = System.nanoTime();
        channel.position(12);
        byte[] buffer = out.getCopyBuffer();
        try (InputStream in = Channels.newInputStream(channel)) {
          while (sent < total) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, total - sent));
            if (n < 0) {
              throw new IOException(file + " ended early");
            }
            out.write(buffer, 0, n);
            sent += n;
            if (System.nanoTime() - reported >= REPORT_NANOS) {
              reported = System.nanoTime();
              progress.onEvent(new ProgressEvent.Progress(TASK, sent, total, ProgressEvent.Unit.BYTES));
            }
          }
        }
        progress.onEvent(new ProgressEvent.Progress(TASK, total, total, ProgressEvent.Unit.BYTES));
      }
    }
  }

  /** The workspace's reader, with the bitmap index and the cached pack above. */
  private static final class Reader extends ObjectReader.Filter implements ObjectReuseAsIs {
    private final ObjectReader delegate;
    private final ObjectReuseAsIs reuse;
    private final WholePack pack;
    private final Index index;

    Reader(ObjectReader delegate, WholePack pack, Set<ObjectId> tips) {
      this.delegate = delegate;
      this.reuse = (ObjectReuseAsIs) delegate;
      this.pack = pack;
      this.index = new Index(tips);
    }

    @Override
    protected ObjectReader delegate() {
      return delegate;
    }

    @Override
    public BitmapIndex getBitmapIndex() {
      return index;
    }

    @Override
    public Collection<CachedPack> getCachedPacksAndUpdate(BitmapIndex.BitmapBuilder need) throws IOException {
      if (!(need instanceof Builder b) || !b.all) {
        throw new NotWhole("the push needs part of the verified pack");
      }
      b.all = false;
      return List.of(pack);
    }

    @Override
    public void copyPackAsIs(PackOutputStream out, CachedPack cached) throws IOException {
      if (cached != pack) {
        throw new IOException("not the verified pack");
      }
      pack.copyObjects(out);
    }

    @Override
    public ObjectToPack newObjectToPack(AnyObjectId objectId, int type) {
      return reuse.newObjectToPack(objectId, type);
    }

    @Override
    public void selectObjectRepresentation(PackWriter packer, ProgressMonitor monitor, Iterable<ObjectToPack> objects)
        throws IOException, MissingObjectException {
      reuse.selectObjectRepresentation(packer, monitor, objects);
    }

    @Override
    public void writeObjects(PackOutputStream out, List<ObjectToPack> list) throws IOException {
      reuse.writeObjects(out, list);
    }

    @Override
    public void copyObjectAsIs(PackOutputStream out, ObjectToPack otp, boolean validate)
        throws IOException, StoredObjectRepresentationNotAvailableException {
      reuse.copyObjectAsIs(out, otp, validate);
    }
  }

  /**
   * Knows one bitmap: all of the pack, for the tips together. The writer first builds the bitmap of
   * what the target has, from no object when the target advertises no ref, then that of what the
   * push wants, from the tips; a bitmap asked for while the first is built means the target has refs.
   */
  private static final class Index implements BitmapIndex {
    private final Set<ObjectId> tips;
    private int builders;

    Index(Set<ObjectId> tips) {
      this.tips = tips;
    }

    @Override
    public Bitmap getBitmap(AnyObjectId id) {
      if (builders < 2) {
        throw new NotWhole("the target advertised refs; it is not empty");
      }
      if (!tips.contains(id)) {
        throw new NotWhole(id.name() + " is not a ref of the verified pack");
      }
      return new Builder(this, true);
    }

    @Override
    public BitmapBuilder newBitmapBuilder() {
      builders++;
      return new Builder(this, false);
    }
  }

  /** None or all of the pack; only what the writer does with the tips' bitmap is supported. */
  private static final class Builder implements BitmapIndex.BitmapBuilder {
    private final Index index;
    private boolean all;

    Builder(Index index, boolean all) {
      this.index = index;
      this.all = all;
    }

    @Override
    public boolean contains(AnyObjectId id) {
      return all && index.tips.contains(id);
    }

    @Override
    public BitmapIndex.BitmapBuilder or(BitmapIndex.Bitmap other) {
      all |= ((Builder) other).all;
      return this;
    }

    @Override
    public BitmapIndex.BitmapBuilder andNot(BitmapIndex.Bitmap other) {
      all &= !((Builder) other).all;
      return this;
    }

    @Override
    public Iterator<BitmapObject> iterator() {
      if (all) {
        throw new NotWhole("the writer would list the pack's objects instead of copying it");
      }
      return Collections.emptyIterator();
    }

    @Override
    public int cardinality() {
      if (all) {
        throw new NotWhole("the count of a whole-pack bitmap is not known");
      }
      return 0;
    }

    @Override
    public BitmapIndex.Bitmap build() {
      return this;
    }

    @Override
    public BitmapIndex getBitmapIndex() {
      return index;
    }

    @Override
    public BitmapIndex.BitmapBuilder addObject(AnyObjectId id, int type) {
      throw new UnsupportedOperationException("no object is walked for a whole-pack push");
    }

    @Override
    public void remove(AnyObjectId id) {
      throw new UnsupportedOperationException("no object is left out of a whole-pack push");
    }

    @Override
    public BitmapIndex.BitmapBuilder xor(BitmapIndex.Bitmap other) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeAllOrNone(PackBitmapIndex bitmapIndex) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EWAHCompressedBitmap retrieveCompressed() {
      throw new UnsupportedOperationException();
    }
  }
}
