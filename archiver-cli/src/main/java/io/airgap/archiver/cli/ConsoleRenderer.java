package io.airgap.archiver.cli;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Renders core's events on stderr. On a terminal: numbered steps and one live progress line per step
 * (amount, rate and ETA), redrawn in place as the step's tasks follow each other. Otherwise: plain lines
 * with no escape codes and, with {@code --verbose}, a task's progress once per tenth of it (at most ten
 * lines), an unknown amount once when the task ends, so logs and pipes stay readable. A counter that
 * never moved ("Counting objects 0") is not shown at all.
 */
final class ConsoleRenderer implements ProgressListener {
  private static final long RICH_INTERVAL_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 28;
  /** Back to the line's start and erase it: the one escape sequence this renderer writes itself. */
  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintStream err;
  private final boolean quiet;
  private final boolean verbose;
  private final boolean rich;
  private String barTask;
  private long barStart;
  private long lastDraw;
  private ProgressEvent.Progress lastProgress;
  /** The plain rendering's task, its total, the tenths of it already printed, and an unknown amount not yet printed. */
  private String plainTask;
  private long plainTotal;
  private int plainTenths;
  private ProgressEvent.Progress plainPending;

  ConsoleRenderer(PrintStream err, CommonOptions options, boolean terminal) {
    this.err = err;
    this.quiet = options.quiet || options.json;
    this.verbose = options.verbose;
    this.rich = terminal && !quiet;
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof ProgressEvent.Message m) {
      if (m.level() == ProgressEvent.Level.WARN) {
        line("warning: " + m.text());
      } else if (!quiet && (m.level() == ProgressEvent.Level.INFO || verbose)) {
        line(m.text());
      }
    } else if (quiet) {
      return;
    } else if (event instanceof ProgressEvent.StepStarted s) {
      line("Step " + s.index() + "/" + s.total() + ": " + s.title() + "...");
    } else if (event instanceof ProgressEvent.StepFinished f) {
      endBar();
      line("  done in " + Format.duration(f.elapsed()));
    } else if (event instanceof ProgressEvent.Progress p) {
      progress(p);
    } else if (event instanceof ProgressEvent.RepositoryFinished r) {
      endBar();
      line((r.mirror() != null ? r.mirror() : r.repository()) + ": " + outcome(r));
    }
  }

  private static String outcome(ProgressEvent.RepositoryFinished r) {
    return r.status() + " in " + Format.duration(r.elapsed()) + (r.error() == null ? "" : " (" + r.error() + ")");
  }

  /** A listener whose lines carry a prefix, for one of several jobs running at once (always plain). */
  ProgressListener prefixed(String prefix) {
    return event -> {
      synchronized (this) {
        if (event instanceof ProgressEvent.Message m) {
          if (m.level() == ProgressEvent.Level.WARN) {
            err.println(prefix + "warning: " + m.text());
          } else if (!quiet && (m.level() == ProgressEvent.Level.INFO || verbose)) {
            err.println(prefix + m.text());
          }
        } else if (!quiet && event instanceof ProgressEvent.StepStarted s) {
          err.println(prefix + "Step " + s.index() + "/" + s.total() + ": " + s.title() + "...");
        } else if (!quiet && verbose && event instanceof ProgressEvent.StepFinished f) {
          err.println(prefix + "  done in " + Format.duration(f.elapsed()));
        } else if (!quiet && event instanceof ProgressEvent.RepositoryFinished r) {
          err.println(prefix + outcome(r));
        }
      }
    };
  }

  synchronized void line(String text) {
    if (quiet && !text.startsWith("warning:")) {
      return;
    }
    if (rich && barTask != null) {
      SafePrintStream.control(err, CLEAR_LINE);
    }
    err.println(text);
    if (rich && lastProgress != null && barTask != null) {
      draw(lastProgress);
    }
  }

  /** Ends the current bar at 100% (its work is complete when its step ends); plain: prints an unknown amount once. */
  synchronized void endBar() {
    if (rich && barTask != null && lastProgress != null) {
      ProgressEvent.Progress p = lastProgress;
      draw(p.total() > 0 ? new ProgressEvent.Progress(p.task(), p.total(), p.total(), p.unit()) : p);
      err.println();
    }
    barTask = null;
    lastProgress = null;
    flushPlain();
    plainTask = null;
  }

  synchronized void summary(Map<String, Duration> steps, Duration total) {
    if (quiet || steps.isEmpty()) {
      return;
    }
    endBar();
    err.println("Summary:");
    steps.forEach((title, d) -> err.printf(Locale.ROOT, "  %-10s %s%n", Format.duration(d), title));
    err.printf(Locale.ROOT, "  %-10s total%n", Format.duration(total));
  }

  private void progress(ProgressEvent.Progress p) {
    if (p.done() <= 0 && p.total() <= 0) {
      return; // nothing counted yet, and nothing known to count: an empty line says nothing
    }
    if (rich) {
      long now = System.nanoTime();
      if (!p.task().equals(barTask)) {
        barTask = p.task(); // the step's next task takes over the same line
        barStart = now;
        lastDraw = 0;
      }
      lastProgress = p;
      boolean complete = p.total() > 0 && p.done() >= p.total();
      if (complete || now - lastDraw >= RICH_INTERVAL_NANOS) {
        lastDraw = now;
        draw(p);
      }
    } else if (verbose) {
      plain(p);
    }
  }

  /** Once per tenth of a known total (the same 100% never twice); an unknown amount waits for its task's end. */
  private void plain(ProgressEvent.Progress p) {
    boolean again = plainTenths == 10 && p.done() < p.total(); // the same task run once more (another archive)
    if (!p.task().equals(plainTask) || p.total() != plainTotal || again) {
      flushPlain();
      plainTask = p.task();
      plainTotal = p.total();
      plainTenths = 0;
    }
    if (p.total() <= 0) {
      plainPending = p;
      return;
    }
    plainPending = null;
    int tenths = (int) Math.min(10, p.done() * 10 / p.total());
    if (tenths > plainTenths) {
      plainTenths = tenths;
      err.println("  " + p.task() + ": " + amount(p));
    }
  }

  private void flushPlain() {
    if (plainPending != null) {
      err.println("  " + plainPending.task() + ": " + amount(plainPending));
      plainPending = null;
    }
  }

  private void draw(ProgressEvent.Progress p) {
    StringBuilder sb = new StringBuilder("  ").append(p.task()).append(' ');
    if (p.total() > 0) {
      int filled = (int) Math.min(BAR_WIDTH, p.done() * BAR_WIDTH / p.total());
      sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
    }
    sb.append(amount(p));
    double seconds = (System.nanoTime() - barStart) / 1e9;
    if (p.unit() == ProgressEvent.Unit.BYTES && seconds > 0.5) {
      double rate = p.done() / seconds;
      sb.append("  ").append(Format.bytes((long) rate)).append("/s");
      if (p.total() > 0 && rate > 0 && p.done() < p.total()) {
        sb.append("  ETA ").append(Format.duration(Duration.ofMillis((long) ((p.total() - p.done()) / rate * 1000))));
      }
    }
    SafePrintStream.control(err, CLEAR_LINE);
    err.print(sb);
    err.flush();
  }

  private static String amount(ProgressEvent.Progress p) {
    boolean bytes = p.unit() == ProgressEvent.Unit.BYTES;
    String done = bytes ? Format.bytes(p.done()) : Long.toString(p.done());
    if (p.total() <= 0) {
      return done;
    }
    String total = bytes ? Format.bytes(p.total()) : Long.toString(p.total());
    return String.format(Locale.ROOT, "%3d%% %s/%s", Math.min(100, p.done() * 100 / p.total()), done, total);
  }
}
