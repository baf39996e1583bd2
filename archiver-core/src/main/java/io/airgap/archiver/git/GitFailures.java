package io.airgap.archiver.git;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.base.OperationFailedException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;

/** Turns JGit's exceptions into messages an operator can act on, and says which are worth retrying. */
public final class GitFailures {
  private GitFailures() {}

  public static OperationFailedException translate(String action, GitRemote remote, Exception e) {
    return translate(action + " " + remote.display(), e);
  }

  /** @param what the failed action and its object, e.g. "fetching from https://host/repo.git" */
  public static OperationFailedException translate(String what, Exception e) {
    MissingObjectException missing = Causes.find(e, MissingObjectException.class);
    if (missing != null) {
      return new OperationFailedException(what + " failed: the repository is missing "
          + missing.getObjectId().name() + " (" + missing.getMessage()
          + "); it is corrupt or incomplete — run 'git fsck --full' in it", e);
    }
    String text = Causes.messages(e, 600);
    if (isAuthFailure(text)) {
      return new OperationFailedException(what
          + " failed: the server refused the credentials; check the token/username environment variables", e);
    }
    return new OperationFailedException(what + " failed: " + text, e);
  }

  /** Network hiccups are worth another try; refusals and broken repositories are not. */
  public static boolean isRetryable(Exception e) {
    if (Causes.find(e, MissingObjectException.class) != null) {
      return false;
    }
    String text = Causes.messages(e, 600).toLowerCase(Locale.ROOT);
    return !isAuthFailure(text) && !text.contains("not found") && !text.contains("does not appear")
        && !text.contains("not a git repository") && !text.contains("invalid")
        && (text.contains("timed out") || text.contains("connection") || text.contains("reset")
            || text.contains("broken pipe") || text.contains("502") || text.contains("503")
            || text.contains("504") || text.contains("500") || text.contains("premature eof")
            || text.contains("early eof") || text.contains("end of file") || text.contains("unexpected end")
            || text.contains("socket closed") || text.contains("stream closed")
            || text.contains("received content-type null") || text.contains("short read"));
  }

  /** An HTTP status, not digits inside a path or an object id (a temp folder "…8540317…" is no 403). */
  private static final Pattern STATUS_401_403 = Pattern.compile("(?<![\\w/.-])40[13](?![\\w/.-])");

  private static boolean isAuthFailure(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("not authorized") || t.contains("authentication is required")
        || t.contains("auth fail") || STATUS_401_403.matcher(t).find() || t.contains("forbidden")
        || t.contains("permission denied");
  }
}
