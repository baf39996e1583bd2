package io.airgap.archiver.cli;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders core's events on stderr: numbered steps, throttled progress lines, warnings. Plain text
 * with no escape codes, so logs and pipes stay readable.
 */
final class ConsoleProgress implements ProgressListener {
  private static final long INTERVAL_NANOS = 2_000_000_000L;

  private final PrintStream err;
  private final boolean quiet;
  private final boolean verbose;
  private long lastProgress;

  ConsoleProgress(PrintStream err, CommonOptions options) {
    this.err = err;
    this.quiet = options.quiet || options.json;
    this.verbose = options.verbose;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof ProgressEvent.Message m) {
      if (m.level() == ProgressEvent.Level.WARN) {
        err.println("warning: " + m.text());
      } else if (!quiet && (m.level() == ProgressEvent.Level.INFO || verbose)) {
        err.println(m.text());
      }
      return;
    }
    if (quiet) {
      return;
    }
    if (event instanceof ProgressEvent.StepStarted s) {
      err.println("Step " + s.index() + "/" + s.total() + ": " + s.title() + "...");
    } else if (event instanceof ProgressEvent.StepFinished f) {
      err.println("  done in " + Format.duration(f.elapsed()));
    } else if (event instanceof ProgressEvent.Progress p && verbose) {
      long now = System.nanoTime();
      if (now - lastProgress >= INTERVAL_NANOS || (p.total() > 0 && p.done() >= p.total())) {
        lastProgress = now;
        err.println("  " + p.task() + ": " + amount(p));
      }
    }
  }

  private static String amount(ProgressEvent.Progress p) {
    boolean bytes = p.unit() == ProgressEvent.Unit.BYTES;
    String done = bytes ? Format.bytes(p.done()) : Long.toString(p.done());
    if (p.total() <= 0) {
      return done;
    }
    String total = bytes ? Format.bytes(p.total()) : Long.toString(p.total());
    return String.format(Locale.ROOT, "%s / %s (%d%%)", done, total, p.done() * 100 / p.total());
  }
}
