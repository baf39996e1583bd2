package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What is handed to the other thread arrives whole and in order; a failure there reaches the writer. */
class HandoffOutputStreamTest {
  @Test
  void everyByteArrivesInOrder_andCloseClosesTheStreamBelow() throws Exception {
    byte[] data = new byte[3_000_001];
    new Random(9).nextBytes(data);
    AtomicBoolean closed = new AtomicBoolean();
    ByteArrayOutputStream below = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    Random random = new Random(1);
    try (HandoffOutputStream out = new HandoffOutputStream(below, "test-handoff")) {
      for (int off = 0; off < data.length; ) {
        int n = Math.min(data.length - off, random.nextInt(700_000) + 1);
        if (n == 1) {
          out.write(data[off]);
        } else {
          out.write(data, off, n);
        }
        off += n;
      }
    }
    assertTrue(closed.get());
    assertArrayEquals(data, below.toByteArray());
  }

  @Test
  void aFailureBelow_isThrownToTheWriter_withItsMessage() throws Exception {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    HandoffOutputStream out = new HandoffOutputStream(failing, "test-handoff");
    IOException e = assertThrows(IOException.class, () -> {
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        out.write(chunk);
      }
      out.close();
    });
    assertEquals("No space left on device", e.getMessage());
    // closing after the failure still ends the thread, and reports the failure once more; then nothing
    assertThrows(IOException.class, out::close);
    out.close();
  }
}
