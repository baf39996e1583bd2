package io.airgap.archiver.signing;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.List;

/**
 * An encrypted archive cannot be opened with the key given (or none was given): a usage problem, not a damaged
 * archive, so the message names the key ids it is encrypted to and the user can find the right key.
 */
public class DecryptionKeyException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final List<String> recipients;

  public DecryptionKeyException(String message, List<String> recipients) {
    super(message);
    this.recipients = List.copyOf(recipients);
  }

  /** The long key ids (16 hex digits) the archive is encrypted to; "anonymous" for hidden recipients. */
  public List<String> recipients() {
    return recipients;
  }
}
