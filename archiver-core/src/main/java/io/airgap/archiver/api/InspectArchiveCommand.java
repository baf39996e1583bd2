package io.airgap.archiver.api;

import io.airgap.archiver.lfs.LfsMessages;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.storage.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.airgap.archiver.base.ArchiverException;

/** Describes an archive (id, type, source, refs, sizes) after checking its integrity. Single use. */
public final class InspectArchiveCommand {
  private String location;
  private StoreOptions storeOptions;
  private Path decryptKey;
  private char[] decryptPassphrase;
  private Map<String, String> env = System.getenv();
  private ProgressListener progress = ProgressListener.NONE;

  InspectArchiveCommand() {}

  public InspectArchiveCommand archive(Path file) { this.location = file.toString(); return this; }
  /** A file, split archive, or store location. */
  public InspectArchiveCommand archive(String archiveLocation) { this.location = archiveLocation; return this; }
  public InspectArchiveCommand storeOptions(StoreOptions options) { this.storeOptions = options; return this; }
  /** Reads encrypted archives ({@code .tar.gz.gpg}) with this secret key; null passphrase for an unprotected key. */
  public InspectArchiveCommand decryptKey(Path secretKeyFile, char[] keyPassphrase) {
    this.decryptKey = secretKeyFile;
    this.decryptPassphrase = keyPassphrase;
    return this;
  }
  public InspectArchiveCommand environment(Map<String, String> variables) { this.env = Map.copyOf(variables); return this; }
  public InspectArchiveCommand progress(ProgressListener listener) { this.progress = listener; return this; }

  /** Inspecting reads the archive as {@code verify} does without keys: a damaged archive is reported as such. */
  public VerifyResult call() throws ArchiverException {
    VerifyResult result = new VerifyArchiveCommand().archive(location).trustedKeys(List.of())
        .storeOptions(storeOptions).decryptKey(decryptKey, decryptPassphrase).environment(env).progress(progress).call();
    String lfsWarning = LfsMessages.missingWarning(result.manifest());
    if (lfsWarning != null) {
      progress.warn(lfsWarning);
    }
    return result;
  }
}
