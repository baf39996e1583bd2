package io.airgap.archiver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for testing pages as a reviewer's browser shows them: the DOM
 * after the page's scripts ran, every console message (errors, uncaught exceptions), and screenshots.
 * Offline: background networking, sync and component updates are off. Installed by {@code .ci/run}.
 */
final class HeadlessChromium {
  /** What loading a page produced: the serialised DOM after scripts ran, and the console lines. */
  record Load(String dom, List<String> console) {}

  private final Path profile;

  HeadlessChromium(Path scratch) {
    this.profile = scratch;
  }

  Load load(Path page) throws IOException, InterruptedException {
    Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
    Path err = Files.createTempFile(profile.getParent(), "console", ".log");
    run(out, err, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", url(page));
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err)) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
        console.add(line);
      }
    }
    return new Load(Files.readString(out), console);
  }

  void screenshot(Path page, Path png) throws IOException, InterruptedException {
    Path log = Files.createTempFile(profile.getParent(), "shot", ".log");
    run(log, log, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900", "--hide-scrollbars",
        "--virtual-time-budget=5000", url(page));
  }

  private void run(Path out, Path err, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 180 s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
    }
  }

  private static String url(Path page) {
    return page.toAbsolutePath().toUri().toString();
  }
}
