package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Control characters from data shown as visible, JSON-compatible escapes. */
class TerminalTextTest {
  @Test
  void line_escapesC0DelC1AndBidi_includingNewlineAndTab() {
    assertEquals("a\\u001b[2K\\rpolicy: passed", TerminalText.line("a\u001b[2K\rpolicy: passed"));
    assertEquals("x\\ny\\tz\\u0007\\b\\f\\u007f\\u0080\\u009b\\u202e\\u2066\\u2069\\u200f\\u061c",
        TerminalText.line("x\ny\tz\u0007\b\f\u007f\u0080\u009b\u202e\u2066\u2069\u200f\u061c"));
  }

  @Test
  void text_keepsNewlinesAndTabs() {
    assertEquals("one\n\ttwo\\u001b[1A", TerminalText.text("one\n\ttwo\u001b[1A"));
  }

  @Test
  void safeText_isReturnedAsItIs_andUnicodeLettersStay() {
    String plain = "Zürich · 東京 → ok \\ path";
    assertSame(plain, TerminalText.line(plain));
    assertNull(TerminalText.line(null));
  }

  @Test
  void escapingAJsonDocument_keepsItValid_andItsDataTheSame() throws Exception {
    String data = "sub\u009bject \u202e with DEL\u007f";
    String json = Json.mapper().writeValueAsString(java.util.Map.of("s", data));
    String shown = TerminalText.text(json);
    JsonNode parsed = Json.mapper().readTree(shown);
    assertEquals(data, parsed.get("s").asText());
  }
}
