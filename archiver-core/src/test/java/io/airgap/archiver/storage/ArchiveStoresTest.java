package io.airgap.archiver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.storage.local.LocalArchiveStore;
import io.airgap.archiver.storage.s3.S3ArchiveStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the backend from the location, and the options' defaults. */
class ArchiveStoresTest {
  @TempDir Path tmp;

  @Test
  void plainPathAndFileUri_openTheLocalStore() throws Exception {
    try (ArchiveStore plain = ArchiveStores.open(tmp.toString(), StoreOptions.defaults());
        ArchiveStore uri = ArchiveStores.open(tmp.toUri().toString(), StoreOptions.defaults())) {
      assertTrue(plain instanceof LocalArchiveStore);
      assertTrue(uri instanceof LocalArchiveStore);
      assertEquals(plain.location(), uri.location());
    }
  }

  @Test
  void s3Uri_opensTheS3Store_withoutContactingIt() throws Exception {
    StoreOptions options = StoreOptions.builder().env(Map.of("AWS_REGION", "eu-west-1")).build();
    try (ArchiveStore store = ArchiveStores.open("s3://my-bucket/team/archives/", options)) {
      assertTrue(store instanceof S3ArchiveStore);
      assertEquals("s3://my-bucket/team/archives", store.location());
    }
  }

  @Test
  void unknownScheme_isRefused_withoutEchoingTheRest() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                ArchiveStores.open("https://user:hunter2@example.com/x", StoreOptions.defaults()));
    assertTrue(e.getMessage().contains("'https:'"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertThrows(
        InvalidRequestException.class, () -> ArchiveStores.open(" ", StoreOptions.defaults()));
  }

  @Test
  void options_defaults() {
    StoreOptions options = StoreOptions.builder().env(Map.of()).build();
    assertEquals(ChecksumMode.WHEN_REQUIRED, options.checksumMode());
    assertEquals(16L * 1024 * 1024, options.partSize());
    assertEquals(3, options.retries());
    assertTrue(options.s3Endpoint().isEmpty());
    assertTrue(options.pathStyle().isEmpty());
  }
}
