package io.airgap.archiver.custody;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.signing.ArchiveSigner;
import io.airgap.archiver.signing.ClearSignedText;
import io.airgap.archiver.signing.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes receipts as cleartext-signed canonical JSON ({@code receipt-<source>-<time>.json.asc}, atomically) and reads
 * them back strictly: a receipt counts only if a trusted key signed it, its text is exactly the canonical form of
 * what it says, its fields are well formed and the signer it names is the key that signed it.
 */
public final class Receipts {
  static final String PREFIX = "receipt-";
  static final String SUFFIX = ".json.asc";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final ObjectReader READER = Json.untrusted().readerFor(Receipt.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private final List<Verified> verified;

  private Receipts(List<Verified> verified) {
    this.verified = List.copyOf(verified);
  }

  /** A receipt that verified, and the file it came from. */
  public record Verified(Path file, Receipt receipt) {}

  /** The receipt's text exactly as it is signed: canonical JSON, keys in a fixed order, no final newline. */
  public static String canonical(Receipt receipt) throws OperationFailedException {
    try {
      String text = Json.prettyWriter().writeValueAsString(receipt);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new OperationFailedException("could not write the receipt: " + e.getMessage(), e);
    }
  }

  /**
   * The receipt's file name: {@code receipt-<source-name>-<time>.json.asc}. The source name comes from a manifest, so
   * it is used only if it is a safe one-segment name ({@link RepositoryPath}); anything else becomes a slug of the
   * allowed characters, so the name can never leave the folder.
   */
  public static String fileName(String sourceName, Instant time) {
    String name = sourceName != null && RepositoryPath.problem(sourceName, false) == null ? sourceName
        : slug(sourceName);
    return PREFIX + name + "-" + STAMP.format(time) + SUFFIX;
  }

  static String slug(String value) {
    String slug = value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
    slug = slug.length() > 100 ? slug.substring(0, 100) : slug;
    return slug.isEmpty() || RepositoryPath.problem(slug, false) != null ? "repository" : slug;
  }

  /**
   * Signs {@code receipt} and writes it into {@code folder} under {@link #fileName}; returns the file. A receipt is
   * never replaced: two in one second with the same name (a fleet's {@code group-a/app} and {@code group-b/app}) get
   * {@code -2}, {@code -3}, … before the extension.
   */
  public static Path write(Receipt receipt, ArchiveSigner signer, Instant time, Path folder)
      throws OperationFailedException, UntrustedArchiveException {
    receipt.check("the receipt being written"); // what is signed reads back: the manifest's source id is hostile input
    byte[] signed = ClearSignedText.sign(signer, canonical(receipt), time);
    String name = fileName(receipt.source().name(), time);
    String stem = name.substring(0, name.length() - SUFFIX.length());
    synchronized (Receipts.class) { // a fleet writes from several threads into one folder
      try {
        Files.createDirectories(folder);
        for (int n = 1; n <= 1000; n++) {
          Path file = folder.resolve(n == 1 ? name : stem + "-" + n + SUFFIX);
          if (!folder.equals(file.getParent())) { // fileName() makes one safe segment; this holds the line regardless
            throw new OperationFailedException("refusing to write a receipt outside " + folder);
          }
          if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
            out.stream().write(signed);
            out.commit();
          }
          return file;
        }
        throw new OperationFailedException("could not write the receipt: " + folder + " holds 1000 receipts named "
            + name);
      } catch (IOException e) {
        throw new OperationFailedException("could not write the receipt into " + folder + ": " + e.getMessage(), e);
      }
    }
  }

  /** Checks one receipt file; any doubt is an {@link UntrustedArchiveException} (exit 3). */
  public static Receipt read(Path file, TrustedKeys trusted) throws UntrustedArchiveException, InvalidRequestException {
    byte[] bytes;
    try {
      if (Files.size(file) > 4L * 1024 * 1024) {
        throw new UntrustedArchiveException(file + " is larger than 4 MiB, so it is not a receipt");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the receipt " + file + ": " + e.getMessage());
    }
    ClearSignedText.Verified signed;
    try {
      signed = ClearSignedText.verify(bytes, trusted, "the receipt " + file);
    } catch (UntrustedArchiveException e) {
      String message = e.getMessage() != null && e.getMessage().contains(file.toString()) ? e.getMessage()
          : "the receipt " + file + ": " + e.getMessage();
      throw new UntrustedArchiveException(message + "; nothing was written", e);
    }
    Receipt receipt;
    try {
      receipt = READER.readValue(signed.text());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UntrustedArchiveException("the receipt " + file + " is signed but its JSON is not a receipt: "
          + RepositoryPath.printable(e.getOriginalMessage()));
    }
    receipt.check("the receipt " + file);
    String canonical;
    try {
      canonical = canonical(receipt);
    } catch (OperationFailedException e) {
      throw new UntrustedArchiveException("the receipt " + file + " cannot be written back: " + e.getMessage());
    }
    if (!canonical.equals(signed.text())) {
      throw new UntrustedArchiveException("the receipt " + file + " is signed but its JSON is not in canonical form"
          + " (archiver writes receipts canonically; this one was written or edited by something else)");
    }
    if (!receipt.signer().fingerprint().equals(signed.signature().signerFingerprint())) {
      throw new UntrustedArchiveException("the receipt " + file + " names signer " + receipt.signer().fingerprint()
          + " but was signed by " + signed.signature().signerFingerprint());
    }
    return receipt;
  }

  /**
   * A receipt file, or every {@code receipt-*.json.asc} in a folder (not its sub-folders). Every one must verify: a
   * folder with one altered or untrusted receipt is refused whole, since what that file claims cannot be known.
   */
  public static Receipts load(Path fileOrFolder, TrustedKeys trusted)
      throws UntrustedArchiveException, InvalidRequestException {
    List<Verified> found = new ArrayList<>();
    if (Files.isDirectory(fileOrFolder)) {
      List<Path> files;
      try (Stream<Path> list = Files.list(fileOrFolder)) {
        files = list.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith(PREFIX) && n.endsWith(SUFFIX) && Files.isRegularFile(p);
        }).sorted().toList();
      } catch (IOException e) {
        throw new InvalidRequestException("cannot list the receipts in " + fileOrFolder + ": " + e.getMessage());
      }
      for (Path file : files) {
        found.add(new Verified(file, read(file, trusted)));
      }
    } else if (Files.isRegularFile(fileOrFolder)) {
      found.add(new Verified(fileOrFolder, read(fileOrFolder, trusted)));
    } else {
      throw new InvalidRequestException("no receipt file or folder at " + fileOrFolder);
    }
    return new Receipts(found);
  }

  public List<Verified> all() {
    return verified;
  }

  /**
   * The newest receipt (by restore time, then file name) of a source, matched by id and name: a fork shares its
   * upstream's root commit (the id), so a receipt of the upstream must not stand for the fork.
   */
  public Optional<Verified> newestFor(String sourceId, String sourceName) {
    return verified.stream().filter(v -> v.receipt().source().id().equals(sourceId)
            && v.receipt().source().name().equals(sourceName))
        .max(Comparator.comparing((Verified v) -> v.receipt().restoredAt())
            .thenComparing(v -> v.file().getFileName().toString()));
  }

  /** Every archive id some receipt names as applied or last: what the air-gapped side confirmed it holds. */
  public java.util.Set<String> confirmedArchives() {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    for (Verified v : verified) {
      ids.addAll(v.receipt().applied());
      ids.add(v.receipt().lastArchive());
    }
    return ids;
  }
}
