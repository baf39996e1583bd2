package io.airgap.archiver.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.storage.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resuming a download with ranged reads when the connection drops. */
class ResumingInputStreamTest {
  private final byte[] data = TestData.bytes(10_000, 20);
  private final List<Long> offsets = new ArrayList<>();

  @Test
  void connectionsThatDrop_areResumedFromTheirOffset() throws IOException {
    // Every connection delivers at most 3000 bytes, then breaks: four connections in all.
    ResumingInputStream in = new ResumingInputStream(this::dropsAfter3000, data.length, 1, "'x'");
    assertArrayEquals(data, in.readAllBytes());
    assertEquals(List.of(0L, 3000L, 6000L, 9000L), offsets);
  }

  @Test
  void connectionThatEndsEarly_isResumedToo() throws IOException {
    ResumingInputStream in =
        new ResumingInputStream(
            offset -> {
              offsets.add(offset);
              int end = (int) Math.min(data.length, offset + 4000);
              return new ByteArrayInputStream(Arrays.copyOfRange(data, (int) offset, end));
            },
            data.length,
            1,
            "'x'");
    assertArrayEquals(data, in.readAllBytes());
    assertEquals(List.of(0L, 4000L, 8000L), offsets);
  }

  @Test
  void repeatedFailuresWithoutProgress_giveUp() {
    ResumingInputStream in =
        new ResumingInputStream(
            offset -> {
              throw new IOException("connection reset");
            },
            data.length,
            2,
            "'x' from s3://b");
    IOException e = assertThrows(IOException.class, in::readAllBytes);
    assertTrue(
        e.getMessage()
            .startsWith("reading 'x' from s3://b failed at byte 0 of 10000 after 3 attempts"),
        e.getMessage());
  }

  @Test
  void permanentFailure_isNotRetried() {
    ResumingInputStream in =
        new ResumingInputStream(
            offset -> {
              offsets.add(offset);
              throw new ResumingInputStream.PermanentFailure("'x' was replaced", null);
            },
            data.length,
            5,
            "'x'");
    assertThrows(ResumingInputStream.PermanentFailure.class, in::readAllBytes);
    assertEquals(1, offsets.size());
  }

  private InputStream dropsAfter3000(long offset) {
    offsets.add(offset);
    return TestData.failingAfter(Arrays.copyOfRange(data, (int) offset, data.length), 3000);
  }
}
