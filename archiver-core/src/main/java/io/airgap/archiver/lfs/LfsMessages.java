package io.airgap.archiver.lfs;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.manifest.Manifest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Lists of LFS objects for messages: every object named, up to a readable number. */
public final class LfsMessages {
  private static final int LIMIT = 20;

  private LfsMessages() {}

  static String list(Collection<PointerFile> objects) {
    return objects.stream().limit(LIMIT).map(PointerFile::describe).collect(Collectors.joining(", "))
        + more(objects.size());
  }

  static String list(Map<String, Exception> failures, Map<String, PointerFile> known) {
    return failures.entrySet().stream().limit(LIMIT)
        .map(e -> (known.containsKey(e.getKey()) ? known.get(e.getKey()).describe() : e.getKey()) + ": "
            + reason(e.getValue()))
        .collect(Collectors.joining("; ")) + more(failures.size());
  }

  /** The warning for an archive made with {@code --allow-missing-lfs}, or null if it lacks nothing. */
  public static String missingWarning(Manifest manifest) {
    List<Manifest.LfsObject> missing = manifest.lfsMissing();
    if (missing.isEmpty()) {
      return null;
    }
    return "this archive LACKS " + Plural.of(missing.size(), "Git LFS object") + " that its refs use (the source could not"
        + " supply them; files using them will not check out): "
        + missing.stream().limit(LIMIT).map(Manifest.LfsObject::oid).collect(Collectors.joining(", "))
        + more(missing.size());
  }

  /**
   * Why a transfer failed, in words: Java's network exceptions often carry no message ("null"), and
   * a class name tells the operator little.
   */
  static String reason(Throwable e) {
    if (Causes.find(e, java.net.http.HttpConnectTimeoutException.class) != null) {
      return "the connection timed out";
    }
    if (Causes.find(e, java.net.ConnectException.class) != null) {
      return "connection refused (nothing answers at that address and port)";
    }
    java.net.UnknownHostException unknown = Causes.find(e, java.net.UnknownHostException.class);
    if (unknown != null) {
      return "unknown host " + unknown.getMessage();
    }
    if (Causes.find(e, javax.net.ssl.SSLException.class) != null) {
      return "the TLS handshake failed: " + Causes.messages(Causes.find(e, javax.net.ssl.SSLException.class), 300);
    }
    if (Causes.find(e, java.net.http.HttpTimeoutException.class) != null) {
      return "the server did not answer in time";
    }
    return Causes.messages(e, 300);
  }

  private static String more(int size) {
    return size > LIMIT ? " and " + (size - LIMIT) + " more" : "";
  }
}
