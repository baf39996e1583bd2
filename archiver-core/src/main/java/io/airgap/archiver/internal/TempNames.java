package io.airgap.archiver.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tool's own temporary-file names, {@code .NAME.partial-<pid>-<random>}: hidden, unique, and
 * carrying the writer's PID so a later run can tell a killed run's leftover from a live write.
 */
public final class TempNames {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern PARTIAL = Pattern.compile("\\..+\\.partial-(\\d{1,10})-[0-9a-f]{12}");
  // Leaves room for the suffix within a 255-character name limit.
  private static final int MAX_BASE = 200;

  private TempNames() {}

  /** A fresh temporary name for {@code finalName}, owned by this process. */
  public static String partialOf(String finalName) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    String base = finalName.length() > MAX_BASE ? finalName.substring(0, MAX_BASE) : finalName;
    return "." + base + ".partial-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(bytes);
  }

  /** The owner PID if {@code fileName} is one of this tool's temporary names. */
  public static OptionalLong ownerOf(String fileName) {
    Matcher m = PARTIAL.matcher(fileName);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
