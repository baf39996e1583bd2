package io.airgap.archiver.git;

import io.airgap.archiver.internal.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code remote:} lines a Git server sends beside a push (side-band channel 2): where a
 * {@code pre-receive} or {@code update} hook explains why it refused ("pushes are frozen"). Server
 * text is hostile: control characters are escaped, and only so much of it is kept.
 */
final class ServerMessages {
  private static final int MAX_LINES = 20;
  private static final int MAX_LINE = 300;
  /** "Resolving deltas:  50% (1/2)": progress, not a reason. */
  private static final Pattern PROGRESS = Pattern.compile(".*:\\s+\\d{1,3}% \\(\\d+/\\d+\\).*");

  private ServerMessages() {}

  /** The server's lines, each safe to show on one line; empty when it said nothing. */
  static List<String> lines(String messages) {
    List<String> lines = new ArrayList<>();
    if (messages == null) {
      return lines;
    }
    for (String raw : messages.split("[\r\n]+")) {
      String line = raw.strip().replaceFirst("^(?i)remote:\\s*", "").strip();
      if (line.isEmpty() || PROGRESS.matcher(line).matches() || lines.contains(line)) {
        continue;
      }
      if (lines.size() == MAX_LINES) {
        lines.add("...");
        break;
      }
      line = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
      lines.add(TerminalText.line(line));
    }
    return lines;
  }
}
