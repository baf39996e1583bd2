package io.airgap.archiver.api;

import io.airgap.archiver.archive.ArchiveFileName;
import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.signing.ArchiveDecryptor;
import io.airgap.archiver.archive.ArchiveInput;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.archive.ArchiveLocations;
import io.airgap.archiver.archive.ArchivePublisher;
import io.airgap.archiver.archive.ArchiveChains;
import io.airgap.archiver.archive.ArchiveSidecar;
import io.airgap.archiver.storage.PartsIndex;
import io.airgap.archiver.storage.SplitArchiveTransfer;
import io.airgap.archiver.storage.SplitInputStream;
import io.airgap.archiver.storage.ArchiveStore;
import io.airgap.archiver.storage.ArchiveStores;
import io.airgap.archiver.storage.StoreOptions;
import io.airgap.archiver.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;

/**
 * Moves archives between local disk and stores: {@code push} an archive file to a location,
 * {@code pull} one from a location into a folder, {@code list} what a location holds. Single use.
 */
public final class TransferCommand {
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  TransferCommand() {}

  public TransferCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Reads encrypted archives ({@code .tar.gz.gpg}) with this secret key; null passphrase for an unprotected key. */
  public TransferCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  public TransferCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public TransferCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  private StoreOptions options() {
    return storeOptions != null ? storeOptions : StoreOptions.builder().env(env).build();
  }

  private ArchiveLocations locations() throws ArchiverException {
    return new ArchiveLocations(options(), decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase));
  }

  /**
   * What {@code list} says about an archive on local disk: from its header; an encrypted one without its key says
   * only whom it is encrypted to (read from its own first packets).
   */
  private ArchiveSidecar describe(ArchiveInput input, String fileName, long size, String sha256)
      throws ArchiverException {
    if (!input.encrypted()) {
      return ArchiveSidecar.of(ArchiveHeader.read(input), size, sha256);
    }
    List<String> recipients = ArchiveLocations.recipients(input);
    if (decryptKey == null) {
      return ArchiveSidecar.ofEncrypted(size, sha256, fileName).encryptedTo(recipients, fileName);
    }
    return ArchiveSidecar.of(ArchiveHeader.read(input), size, sha256).encryptedTo(recipients, fileName);
  }

  /**
   * The sidecar a store keeps beside a pushed archive. An encrypted archive's says nothing but its size, checksum
   * and the stock procedure: its facts could only be sealed to its recipients' public keys, which push does not
   * have (create --encrypt-to seals them; list --decrypt-key reads a pushed one's facts from the archive itself).
   */
  private ArchiveSidecar sidecarFor(ArchiveInput input, String fileName, long size, String sha256)
      throws ArchiverException {
    return input.encrypted() ? ArchiveSidecar.ofEncrypted(size, sha256, fileName)
        : ArchiveSidecar.of(ArchiveHeader.read(input), size, sha256);
  }

  /** One archive as listed: from its sidecar in a store, or its header on local disk. */
  public record Listed(String name, long size, ArchiveSidecar info) {}

  /**
   * Uploads a local archive file (checksum verified by the store) and its sidecar; returns its new location.
   * A split archive (its parts index, any part, or the folder holding it) moves whole: every part, checked
   * against the index, then its sidecars, then the index; the location returned is the index's.
   */
  public String push(Path archive, String location) throws ArchiverException {
    if (isSplit(archive)) {
      return pushSplit(archive, location);
    }
    if (!Files.isRegularFile(archive)) {
      throw new InvalidRequestException("archive " + archive + " does not exist or is not a file");
    }
    try (ArchiveLocations locations = locations();
        ArchiveStore store = ArchiveStores.open(location, options())) {
      ArchiveInput input = locations.one(archive.toString());
      String sha256 = io.airgap.archiver.internal.Sha256.of(archive);
      long size = Files.size(archive);
      String name = archive.getFileName().toString();
      return ArchivePublisher.publish(store, name, archive, sha256, sidecarFor(input, name, size, sha256), progress);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + archive + ": " + e.getMessage(), e);
    }
  }

  /**
   * Downloads {@code location/name} into {@code folder}, checksum-checked, under a temporary name until complete.
   * A split archive (named by its parts index, any part, or a location holding only it) comes whole: every
   * part checked against the index, its approval if there is one, and the index last; the path returned is the
   * index's.
   */
  public Path pull(String archiveLocation, Path folder) throws ArchiverException {
    Optional<String[]> split = splitIndexAt(archiveLocation);
    if (split.isPresent()) {
      try (ArchiveStore from = ArchiveStores.open(split.get()[0], options());
          ArchiveStore to = ArchiveStores.open(folder.toString(), options())) {
        if (!archiveLocation.replaceAll("/+$", "").endsWith(split.get()[1]) && from.stat(split.get()[1]).isEmpty()) {
          throw new io.airgap.archiver.base.UntrustedArchiveException("the parts index " + from.location() + "/"
              + split.get()[1] + " of the part " + archiveLocation.substring(archiveLocation.lastIndexOf('/') + 1)
              + " is missing: the split archive is incomplete"
              + " (or still being copied); nothing was pulled");
        }
        new SplitArchiveTransfer(from, to, progress).move(split.get()[1], SPLIT_BESIDE, Map.of());
        return folder.resolve(split.get()[1]);
      }
    }
    try (ArchiveLocations locations = locations()) {
      ArchiveInput input = locations.one(archiveLocation);
      String name = input.name().substring(input.name().lastIndexOf('/') + 1);
      Path target = folder.resolve(name);
      if (Files.exists(target)) {
        throw new InvalidRequestException(target + " already exists");
      }
      Files.createDirectories(folder);
      // As stored: an encrypted archive stays encrypted on this disk too.
      try (InputStream in = input.openStored(); AtomicFileWriter out = AtomicFileWriter.open(target)) {
        copy(in, out.stream(), input.size(), name);
        out.commit();
      }
      return target;
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRequestException(e.getMessage() + " already exists");
    } catch (IOException e) {
      throw new OperationFailedException("could not pull " + archiveLocation + ": " + e.getMessage(), e);
    }
  }

  /** Files kept beside an archive that move with a split archive. */
  private static final List<String> SPLIT_BESIDE = List.of(".approval.asc");
  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(.+)\\.part\\d{3,}");

  private static boolean isSplit(Path given) {
    String file = given.getFileName() == null ? "" : given.getFileName().toString();
    if (Files.isDirectory(given)) {
      // a folder holding one split archive and nothing else that is an archive
      try (var entries = Files.list(given)) {
        List<String> names = entries.map(p -> p.getFileName().toString()).toList();
        return names.stream().filter(n -> n.endsWith(PartsIndex.SUFFIX)).count() == 1
            && names.stream().noneMatch(ArchiveFileName::isArchive);
      } catch (IOException e) {
        return false;
      }
    }
    return file.endsWith(PartsIndex.SUFFIX) || PART.matcher(file).matches();
  }

  private String pushSplit(Path given, String location) throws ArchiverException {
    Path index;
    try {
      index = SplitInputStream.locateIndex(given).toAbsolutePath();
    } catch (io.airgap.archiver.storage.DamagedSplitArchiveException e) {
      throw new io.airgap.archiver.base.UntrustedArchiveException(e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    String indexName = index.getFileName().toString();
    try (ArchiveLocations locations = locations();
        ArchiveStore from = ArchiveStores.open(index.getParent().toString(), options());
        ArchiveStore store = ArchiveStores.open(location, options())) {
      SplitArchiveTransfer transfer = new SplitArchiveTransfer(from, store, progress);
      PartsIndex parts = transfer.index(indexName);
      ArchiveInput input = locations.one(index.toString()); // checks every part is there, with its size
      // the same sidecar a single archive gets, so that a store lists it
      byte[] sidecar = describe(input, parts.name(), parts.size(), parts.sha256()).toBytes();
      return transfer.move(indexName, SPLIT_BESIDE, Map.of(parts.name() + ArchiveSidecar.SUFFIX, sidecar));
    }
  }

  /** {store location, index name} when {@code location} names a split archive; empty otherwise. */
  private Optional<String[]> splitIndexAt(String location) throws ArchiverException {
    String trimmed = location.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    String last = trimmed.substring(slash + 1);
    java.util.regex.Matcher part = PART.matcher(last);
    if (last.endsWith(PartsIndex.SUFFIX) || part.matches()) {
      String parent = slash < 0 ? "." : trimmed.substring(0, slash);
      if (!ArchiveLocations.isStore(location) && slash < 0) {
        parent = ".";
      }
      return Optional.of(new String[] {parent, part.matches() ? PartsIndex.fileName(part.group(1)) : last});
    }
    if (ArchiveFileName.isArchive(last) || (!ArchiveLocations.isStore(location)
        && !Files.isDirectory(Path.of(location)))) {
      return Optional.empty();
    }
    // a folder or prefix: split only when it holds one split archive and nothing else
    try (ArchiveStore store = ArchiveStores.open(location, options())) {
      List<String> names = store.list().stream().map(StoredObject::name).toList();
      List<String> indexes = names.stream().filter(n -> n.endsWith(PartsIndex.SUFFIX)).toList();
      if (indexes.size() == 1 && names.stream().noneMatch(ArchiveFileName::isArchive)) {
        return Optional.of(new String[] {location, indexes.get(0)});
      }
      return Optional.empty();
    }
  }

  /** The archives at a location, with type, size, creation time and base — never downloading archives. */
  public List<Listed> list(String location) throws ArchiverException {
    List<Listed> result = new ArrayList<>();
    if (!ArchiveLocations.isStore(location)) {
      try (ArchiveLocations locations = locations()) {
        for (ArchiveInput input : locations.all(List.of(location))) {
          String fileName = Path.of(input.name()).getFileName().toString();
          result.add(new Listed(input.name(), input.size(), describe(input, fileName, input.size(), null)));
        }
      }
      return result;
    }
    ArchiveDecryptor decryptor = decryptKey == null ? null : ArchiveDecryptor.load(decryptKey, decryptPassphrase);
    try (ArchiveStore store = ArchiveStores.open(location, options());
        ArchiveLocations locations = new ArchiveLocations(options(), decryptor)) {
      for (StoredObject o : store.list()) {
        if (o.name().endsWith(PartsIndex.SUFFIX)) {
          listSplit(store, o).ifPresent(result::add);
          continue;
        }
        if (!ArchiveFileName.isArchive(o.name())) {
          continue;
        }
        Optional<ArchiveSidecar> info = sidecar(store, o.name());
        if (decryptor != null && info.isPresent() && info.get().encryptedArchive() && !info.get().describesContent()) {
          String fileName = o.name().substring(o.name().lastIndexOf('/') + 1);
          Optional<ArchiveSidecar> opened = info.get().unseal(decryptor, store.location() + "/" + o.name() + ArchiveSidecar.SUFFIX);
          if (opened.isEmpty() && info.get().sealed() == null) {
            // pushed without sealed facts: the archive's own header, read through the key
            ArchiveInput input = locations.one(store.location() + "/" + o.name());
            opened = Optional.of(describe(input, fileName, o.size(), info.get().sha256()));
          }
          info = opened.isPresent() ? opened : info;
        }
        result.add(new Listed(o.name(), o.size(), info.orElse(null)));
      }
    }
    return result;
  }

  /** A split archive in a store, listed as its index "(N parts)" with the sidecar its push wrote. */
  private Optional<Listed> listSplit(ArchiveStore store, StoredObject index) {
    String joined = index.name().substring(0, index.name().length() - PartsIndex.SUFFIX.length());
    if (!ArchiveFileName.isArchive(joined)) {
      return Optional.empty();
    }
    String parts;
    try (InputStream in = store.get(index.name())) {
      parts = PartsIndex.parse(in.readNBytes(PartsIndex.maxBytes() + 1), index.name()).parts().size() + " parts";
    } catch (ArchiverException | IOException e) {
      parts = "damaged parts index";
    }
    Optional<ArchiveSidecar> info = sidecar(store, joined);
    return Optional.of(new Listed(index.name() + " (" + parts + ")", info.map(ArchiveSidecar::size).orElse(-1L),
        info.orElse(null)));
  }

  /** The archives at a location grouped into chains, per source, newest chain first. */
  public List<ArchiveChains.Chain> chains(String location) throws ArchiverException {
    List<Listed> listed = list(location);
    List<String> sealed = listed.stream().filter(l -> l.info() != null && l.info().encryptedArchive()
        && !l.info().describesContent()).map(Listed::name).toList();
    if (!sealed.isEmpty()) {
      throw new InvalidRequestException(sealed.size() + " encrypted archive(s) at " + location + " (" + sealed.get(0)
          + (sealed.size() > 1 ? ", …" : "") + ") keep their archive id, base and source sealed, so their chains"
          + " cannot be told " + (decryptKey == null ? "without the key; give --decrypt-key (the recipient's secret key)"
          : "with " + decryptKey + ", which is not one of their recipients'") + "; nothing was changed");
    }
    return ArchiveChains.of(listed.stream().filter(l -> l.info() != null)
        .map(l -> new ArchiveChains.Member(l.name(), l.info().archiveId(), l.info().baseId(), l.info().createdAt(),
            l.info().source()))
        .toList());
  }

  /**
   * Deletes every chain beyond the newest {@code keepChains} of each source — whole chains only,
   * so a kept incremental never loses its base — and returns what was (or, with {@code dryRun},
   * would be) deleted.
   */
  public List<ArchiveChains.Chain> prune(String location, int keepChains, boolean dryRun) throws ArchiverException {
    if (keepChains < 1) {
      throw new InvalidRequestException("--keep-chains must be at least 1, not " + keepChains);
    }
    List<ArchiveChains.Chain> old = ArchiveChains.beyond(chains(location), keepChains);
    for (ArchiveChains.Chain chain : old) {
      for (ArchiveChains.Member member : chain.members()) {
        progress.info((dryRun ? "dry run: would delete " : "deleting ") + member.name());
        if (!dryRun) {
          delete(location, member.name());
        }
      }
    }
    return old;
  }

  private void delete(String location, String name) throws ArchiverException {
    if (ArchiveLocations.isStore(location)) {
      try (ArchiveStore store = ArchiveStores.open(location, options())) {
        String key = name.substring(name.lastIndexOf('/') + 1).replaceFirst(" \\([^)]*\\)$", "");
        if (key.endsWith(PartsIndex.SUFFIX)) {
          deleteSplit(store, key);
          return;
        }
        store.delete(key);
        store.delete(key + ArchiveSidecar.SUFFIX);
      }
      return;
    }
    // a split archive is listed as "<index> (N parts)"
    Path file = Path.of(name.replaceFirst(" \\(\\d+ parts\\)$", ""));
    try {
      if (file.getFileName().toString().endsWith(PartsIndex.SUFFIX)) {
        for (PartsIndex.Part part : PartsIndex.read(file).parts()) {
          Files.deleteIfExists(file.resolveSibling(part.name()));
        }
      }
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ArchiveSidecar.SUFFIX));
    } catch (IOException e) {
      throw new OperationFailedException("could not delete " + file + ": " + e.getMessage(), e);
    }
  }

  /** The index first (the archive is then no longer seen as complete), then its parts and sidecar. */
  private static void deleteSplit(ArchiveStore store, String indexName) throws ArchiverException {
    String joined = indexName.substring(0, indexName.length() - PartsIndex.SUFFIX.length());
    List<String> parts = new ArrayList<>();
    try (InputStream in = store.get(indexName)) {
      PartsIndex.parse(in.readNBytes(PartsIndex.maxBytes() + 1), indexName).parts()
          .forEach(p -> parts.add(p.name()));
    } catch (IOException e) {
      throw new io.airgap.archiver.base.UntrustedArchiveException("cannot delete the split archive "
          + store.location() + "/" + indexName + ": " + e.getMessage() + "; delete its parts by hand", e);
    }
    store.delete(indexName);
    for (String part : parts) {
      store.delete(part);
    }
    store.delete(joined + ArchiveSidecar.SUFFIX);
    for (String suffix : SPLIT_BESIDE) {
      store.delete(joined + suffix);
    }
  }

  private Optional<ArchiveSidecar> sidecar(ArchiveStore store, String name) {
    try (InputStream in = store.get(name + ArchiveSidecar.SUFFIX)) {
      return Optional.of(ArchiveSidecar.read(in));
    } catch (ArchiverException | IOException e) {
      return Optional.empty();
    }
  }

  private void copy(InputStream in, OutputStream out, long total, String name) throws IOException {
    byte[] buf = new byte[1 << 16];
    long done = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      done += n;
      progress.onEvent(new ProgressEvent.Progress("download " + name, done, total, ProgressEvent.Unit.BYTES));
    }
  }
}
