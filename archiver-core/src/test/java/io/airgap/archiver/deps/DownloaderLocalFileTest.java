package io.airgap.archiver.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.progress.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file:} URL in a lock file or a registry's metadata names a file on this machine: it is
 * read only inside a registry the operator configured as a local folder, never elsewhere.
 */
class DownloaderLocalFileTest {
  @TempDir Path tmp;

  @Test
  void fileUrlOutsideTheConfiguredRegistry_isRefused_insideAFileRegistry_isRead() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.tgz"), "not for the archive");
    Path mirror = Files.createDirectories(tmp.resolve("mirror"));
    Files.writeString(mirror.resolve("pkg.tgz"), "package");
    Downloader downloader = new Downloader(new Retry(1, 1), ProgressListener.NONE);

    Registry remote = Registry.of("npm", "https://npm.corp.example/", null, Map.of(), "NPM");
    FetchException e = assertThrows(FetchException.class, () -> downloader.fetch(remote, secret.toUri(),
        tmp.resolve("cache/a"), List.of(), Downloader.Check.NONE, "npm a@1"));
    assertTrue(e.getMessage().contains("may not name files on this machine"), e.getMessage());

    Registry local = Registry.of("npm", mirror.toUri().toString(), null, Map.of(), "NPM");
    assertThrows(FetchException.class, () -> downloader.get(local, mirror.resolve("../secret.tgz").toUri(), null, "doc"));
    assertEquals("package", new String(downloader.get(local, mirror.resolve("pkg.tgz").toUri(), null, "doc").body()));
  }
}
