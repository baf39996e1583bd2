package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.UntrustedArchiveException;

/**
 * The rule every fuzz test enforces: a parser of hostile input either succeeds or refuses with the
 * tool's own exception and a message. Anything else — a runtime exception, an error, an
 * OperationFailedException for bytes that are all in memory — propagates and is a finding.
 */
public final class FuzzOutcomes {
  private FuzzOutcomes() {}

  /** Something that parses hostile input. */
  @FunctionalInterface
  public interface Parse {
    void run() throws Exception;
  }

  public static void expectCleanOutcome(Parse parse) throws Exception {
    try {
      parse.run();
    } catch (UntrustedArchiveException | InvalidRequestException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("refusal without a message", e);
      }
    } catch (ArchiverException e) {
      throw new AssertionError("not a clean refusal of hostile input: " + e, e);
    }
  }
}
