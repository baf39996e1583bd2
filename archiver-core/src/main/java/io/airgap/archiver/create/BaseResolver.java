package io.airgap.archiver.create;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.deps.DependencyRecords;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import io.airgap.archiver.archive.ArchiveLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Turns what the user named as {@code --base} — an archive, its manifest, or an archive id — into a {@link BaseArchive}. */
public final class BaseResolver {
  private final Catalog catalog;
  private final ArchiveLocations locations;

  public BaseResolver(Catalog catalog, ArchiveLocations locations) {
    this.catalog = catalog;
    this.locations = locations;
  }

  public BaseArchive resolve(String spec) throws ArchiverException {
    if (ArchiveLocations.isStore(spec)) {
      return fromArchive(ArchiveHeader.read(locations.one(spec)));
    }
    Path path = Path.of(spec);
    if (Files.isRegularFile(path)) {
      return spec.endsWith(".json") ? fromManifest(path) : fromArchive(ArchiveHeader.read(locations.one(spec)));
    }
    if (spec.matches("[0-9a-f]{8,64}")) {
      Catalog.Entry entry = catalog.find(spec).orElseThrow(() -> new InvalidRequestException("no archive with id "
          + spec + " in the catalog " + catalog.file() + "; pass the base archive or its manifest.json instead"));
      return fromCatalog(entry);
    }
    throw new InvalidRequestException("--base " + spec + " is neither an archive, a manifest.json, nor an archive id");
  }

  public BaseArchive fromCatalog(Catalog.Entry entry) {
    return new BaseArchive(entry.archiveId(), null, entry.refs(), new HashSet<>(catalog.chainLfs(entry)),
        new HashSet<>(catalog.chainDependencies(entry)), entry.lfsComplete());
  }

  private BaseArchive fromArchive(ArchiveHeader header) {
    return of(header.archiveId(), header.manifest());
  }

  /** A manifest names no archive id; SHA256SUMS beside it (an extracted archive) or the catalog supplies it. */
  private BaseArchive fromManifest(Path file) throws ArchiverException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read " + file + ": " + e.getMessage());
    }
    Manifest manifest = ManifestCodec.read(bytes);
    Path sumsFile = file.resolveSibling(ArchiveLayout.SHA256SUMS);
    if (Files.isRegularFile(sumsFile)) {
      try {
        byte[] sums = Files.readAllBytes(sumsFile);
        if (!Sha256.of(bytes).equals(Sha256Sums.parse(sums).sha256Of(ArchiveLayout.MANIFEST))) {
          throw new UntrustedArchiveException(file + " does not match the SHA256SUMS beside it");
        }
        return of(Sha256.of(sums), manifest);
      } catch (IOException e) {
        throw new InvalidRequestException("cannot read " + sumsFile + ": " + e.getMessage());
      }
    }
    for (Catalog.Entry entry : catalog.entries()) {
      if (entry.createdAt().equals(manifest.createdAt()) && entry.refs().equals(manifest.refs())) {
        return of(entry.archiveId(), manifest);
      }
    }
    throw new InvalidRequestException("cannot tell which archive " + file + " belongs to: keep SHA256SUMS beside it,"
        + " or pass the archive itself as --base");
  }

  private BaseArchive of(String archiveId, Manifest manifest) {
    Set<String> lfs = new HashSet<>();
    manifest.lfs().forEach(o -> lfs.add(o.oid()));
    return new BaseArchive(archiveId, manifest.source() == null ? null : manifest.source().id(), manifest.refs(), lfs,
        DependencyRecords.heldKeys(manifest.dependencies()), lfsComplete(archiveId, manifest));
  }

  /**
   * A manifest lists what its archive lacked but not whether LFS was scanned at all, or only at the
   * tips; the catalog knows that for archives made here, so an entry for the archive has the last word.
   */
  private boolean lfsComplete(String archiveId, Manifest manifest) {
    if (!manifest.lfsMissing().isEmpty()) {
      return false;
    }
    return catalog.entries().stream().filter(e -> e.archiveId().equals(archiveId)).findFirst()
        .map(Catalog.Entry::lfsComplete).orElse(true);
  }
}
