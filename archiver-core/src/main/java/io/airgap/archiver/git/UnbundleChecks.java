package io.airgap.archiver.git;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.DiskErrors;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Transport;

/**
 * What unbundling checks, and how its failures are told apart. JGit checks that the fetched refs'
 * history is complete only when an object checker is set, so one is: it enforces the path rules
 * that protect checkouts ({@code .git}, {@code ..}, {@code .}, '/' in names) and ignores the
 * cosmetic faults old histories carry (bad dates, zero-padded modes). A failure is then either a
 * bundle that lies (a ref whose objects its pack lacks, a corrupt pack, a forbidden path) — an
 * untrustworthy archive — or a workspace that failed (a full disk). The bundle's header was already
 * checked against the signed manifest, so only its pack can lie here.
 */
final class UnbundleChecks {
  private static final Set<ObjectChecker.ErrorType> ENFORCED = EnumSet.of(ObjectChecker.ErrorType.HAS_DOT,
      ObjectChecker.ErrorType.HAS_DOTDOT, ObjectChecker.ErrorType.HAS_DOTGIT, ObjectChecker.ErrorType.FULL_PATHNAME);

  /** How every refusal of a bundle's content ends. */
  static final String REFUSED = ": the bundle was crafted or damaged; nothing was restored";

  private UnbundleChecks() {}

  /** The refusal of a bundle whose pack lacks the objects of {@code tips} ("NAME at ID" each). */
  static UntrustedArchiveException lacksTips(List<String> tips, Throwable cause) {
    return new UntrustedArchiveException("repo.bundle's header lists " + String.join(", ", tips)
        + ", but its pack does not contain " + (tips.size() == 1 ? "that object" : "those objects") + REFUSED, cause);
  }

  /** Makes the fetch from a bundle check object connectivity and unsafe tree entries. */
  static void configure(Transport transport) {
    transport.setObjectChecker(withPathRules(new ObjectChecker()));
  }

  /** {@code checker}, set to enforce the path rules and nothing cosmetic. */
  static <T extends ObjectChecker> T withPathRules(T checker) {
    Set<ObjectChecker.ErrorType> ignored = EnumSet.allOf(ObjectChecker.ErrorType.class);
    ignored.removeAll(ENFORCED);
    checker.setIgnore(ignored).setAllowInvalidPersonIdent(true).setAllowLeadingZeroFileMode(true);
    return checker;
  }

  /** The write that failed for lack of space, wherever JGit wrapped it. */
  private static IOException diskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io && DiskErrors.isDiskFull(io)) {
        return io;
      }
    }
    return null;
  }

  static ArchiverException translate(Exception e, Path bundle, Repository repository, Path workspace) {
    IOException diskFull = diskFull(e);
    if (diskFull != null) {
      return new OperationFailedException("could not unbundle: " + DiskErrors.describe(diskFull, workspace)
          + "; free space there or choose another --workspace", e);
    }
    if (!isBundleContentFailure(e)) {
      return new OperationFailedException("could not unbundle into the workspace " + workspace + ": "
          + e.getMessage(), e);
    }
    String incomplete = JGitText.get().peerDidNotSupplyACompleteObjectGraph;
    if (Causes.anyMessageContains(e, incomplete)) {
      List<String> missing = missingTips(bundle, repository);
      if (!missing.isEmpty()) {
        return lacksTips(missing, e);
      }
      return new UntrustedArchiveException("repo.bundle's pack does not contain the complete history of the refs"
          + " its header lists" + REFUSED, e);
    }
    CorruptObjectException corrupt = Causes.find(e, CorruptObjectException.class);
    if (corrupt != null && ENFORCED.contains(corrupt.getErrorType())) {
      return new UntrustedArchiveException("repo.bundle holds a tree entry that is unsafe to check out ("
          + corrupt.getMessage() + "): the bundle was crafted; nothing was restored", e);
    }
    return new UntrustedArchiveException("repo.bundle's pack is corrupt (" + Causes.messages(e, 300) + ")" + REFUSED, e);
  }

  private static boolean isBundleContentFailure(Throwable e) {
    if (Causes.first(e, t -> t instanceof CorruptObjectException || t instanceof MissingObjectException
        || t instanceof PackProtocolException || t instanceof DataFormatException || t instanceof EOFException) != null) {
      return true;
    }
    JGitText text = JGitText.get();
    for (String template : List.of(text.peerDidNotSupplyACompleteObjectGraph, text.packfileIsTruncatedNoParam,
        text.packfileIsTruncated, text.packHasUnresolvedDeltas, text.packfileCorruptionDetected,
        text.unknownObjectType, text.unknownObjectType2, text.unexpectedEndOfInput, text.notABundle,
        text.inputDidntMatchLength, text.corruptionDetectedReReadingAt, text.objectAtHasBadZlibStream)) {
      int brace = template.indexOf('{');
      String fixed = brace < 0 ? template : template.substring(0, brace);
      if (fixed.length() >= 6 && Causes.anyMessageContains(e, fixed)) {
        return true;
      }
    }
    return false;
  }

  /** Refs whose tip object the workspace still lacks after the pack was received. */
  private static List<String> missingTips(Path bundle, Repository repository) {
    List<String> missing = new ArrayList<>();
    try (InputStream in = Files.newInputStream(bundle)) {
      for (Map.Entry<String, String> ref : BundleHeader.read(in).refs().entrySet()) {
        if (!repository.getObjectDatabase().has(ObjectId.fromString(ref.getValue()))) {
          missing.add(ref.getKey() + " at " + ref.getValue());
        }
        if (missing.size() == 5) {
          break;
        }
      }
    } catch (IOException | UntrustedArchiveException | RuntimeException ignored) {
      // the header was read once already; without it the message is just less specific
    }
    return missing;
  }
}
