package io.airgap.archiver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.airgap.archiver.base.ByteSize;

/** Sizes as operators type them. */
class ByteSizeTest {

  @Test
  void parse_unitsArePowersOf1024() throws Exception {
    assertEquals(1024, ByteSize.parse("1024"));
    assertEquals(1024, ByteSize.parse("1K"));
    assertEquals(650L * 1024 * 1024, ByteSize.parse("650M"));
    assertEquals(4L * 1024 * 1024 * 1024, ByteSize.parse("4G"));
    assertEquals(4L * 1024 * 1024 * 1024, ByteSize.parse(" 4gib "));
    assertEquals(2L << 40, ByteSize.parse("2T"));
    assertEquals(5, ByteSize.parse("5B"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "abc", "-1", "1.5G", "0", "4X", "G", "9999999999999T", "99999999999999999999"})
  void parse_badInput_isRefusedClearly(String text) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> ByteSize.parse(text));
    assertTrue(e.getMessage().startsWith("invalid size '" + text + "'"), e.getMessage());
  }

  @Test
  void format_isReadable() {
    assertEquals("812 bytes", ByteSize.format(812));
    assertEquals("1.5 KiB", ByteSize.format(1536));
    assertEquals("16.0 MiB", ByteSize.format(16L * 1024 * 1024));
  }
}
