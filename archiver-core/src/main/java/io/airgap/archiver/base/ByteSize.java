package io.airgap.archiver.base;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats byte counts such as "4G", "650M" or "1024"; K, M, G, T are powers of 1024. */
public final class ByteSize {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "KMGT";
  private static final String FORMAT_UNITS = "KMGTPE";

  private ByteSize() {}

  /**
   * Parses a size: digits, optionally followed by K, M, G or T (also KB/KiB, ...; any case).
   *
   * @throws InvalidRequestException if the text is not such a size, is zero, or overflows
   */
  public static long parse(String text) throws InvalidRequestException {
    if (text == null) {
      throw new InvalidRequestException("a size is required, e.g. 4G, 650M or 1024");
    }
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidRequestException(
          ("invalid size '%s': use a whole number of bytes, optionally followed by K, M, G or"
                  + " T (powers of 1024), e.g. 4G, 650M or 1024")
              .formatted(text));
    }
    try {
      long value = Long.parseLong(m.group(1));
      int shift =
          m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1);
      if (value == 0) {
        throw new InvalidRequestException("invalid size '" + text + "': it must be more than 0");
      }
      if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
        throw new InvalidRequestException("invalid size '" + text + "': too large");
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("invalid size '" + text + "': too large", e);
    }
  }

  /** A size for people: "812 bytes", "3.5 KiB", "16.0 MiB", "4.0 GiB". */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < FORMAT_UNITS.length() - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", value, FORMAT_UNITS.charAt(unit));
  }
}
