package io.airgap.archiver.storage;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.storage.local.LocalArchiveStore;
import io.airgap.archiver.storage.s3.S3ArchiveStore;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks the backend by scheme: plain path or file:// -> local folder, s3://bucket/prefix -> S3. */
public final class ArchiveStores {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(//)?");

  private ArchiveStores() {}

  /**
   * Opens the store at {@code location}. Nothing is contacted or created yet: a missing bucket or
   * unreachable endpoint shows on first use.
   */
  public static ArchiveStore open(String location, StoreOptions options)
      throws InvalidRequestException {
    Objects.requireNonNull(options, "options");
    if (location == null || location.isBlank()) {
      throw new InvalidRequestException(
          "a storage location is required: a folder path, file:///path or s3://bucket/prefix");
    }
    String scheme = scheme(location);
    if (scheme == null) {
      return new LocalArchiveStore(toPath(location));
    }
    switch (scheme) {
      case "s3":
        return S3ArchiveStore.open(location, options);
      case "file":
        return new LocalArchiveStore(fileUriToPath(location));
      default:
        // Only the scheme is echoed: the rest of an unknown URI may hold credentials.
        throw new InvalidRequestException(
            ("unsupported storage location scheme '%s:': use a folder path, file:///path or"
                    + " s3://bucket/prefix")
                .formatted(scheme));
    }
  }

  /**
   * The lower-case scheme, or null for a plain path. Only "file:" counts without "//", so that a
   * Windows drive letter or a folder named "a:b" stays a path.
   */
  private static String scheme(String location) {
    Matcher m = SCHEME.matcher(location);
    if (!m.find() || m.group(1).length() == 1) {
      return null;
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    return m.group(2) != null || scheme.equals("file") ? scheme : null;
  }

  private static Path fileUriToPath(String location) throws InvalidRequestException {
    try {
      return Path.of(URI.create(location));
    } catch (IllegalArgumentException e) { // also InvalidPathException
      throw new InvalidRequestException(
          "invalid file location '" + location + "': use file:///absolute/path or a plain path", e);
    }
  }

  private static Path toPath(String location) throws InvalidRequestException {
    try {
      return Path.of(location);
    } catch (InvalidPathException e) {
      throw new InvalidRequestException(
          "invalid folder path '" + location + "': " + e.getReason(), e);
    }
  }
}
