package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every way a command prints goes through the redaction and the escaping; only {@code control} writes raw. */
class SafePrintStreamTest {
  @Test
  void everyPrintMethod_redactsUrlsAndEscapesControls_controlWritesRaw() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream safe = SafePrintStream.of(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    safe.println("a\u001b[2K\rb https://u:SECRET@h/r");
    safe.print((Object) "c\u0007");
    safe.printf("%s%d%n", "\u009b", 7);
    safe.append("\u202e").append('\r').println();
    safe.println(42);
    SafePrintStream.control(safe, "\r\u001b[2K");
    safe.print(new char[] {'\u0008'});
    safe.flush();
    assertEquals("a\\u001b[2K\\rb https://h/r\nc\\u0007\\u009b7\n\\u202e\\r\n42\n\r\u001b[2K\\b",
        bytes.toString(StandardCharsets.UTF_8));
    assertSame(safe, SafePrintStream.of(safe));
  }
}
