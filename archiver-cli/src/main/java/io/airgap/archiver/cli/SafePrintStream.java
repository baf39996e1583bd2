package io.airgap.archiver.cli;

import io.airgap.archiver.internal.Redaction;
import io.airgap.archiver.internal.TerminalText;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Standard output and error as every command sees them: each text printed has the URLs in it
 * redacted ({@link Redaction#text}) and its control characters made visible ({@link
 * TerminalText#text}; newlines and tabs stay), whatever put it together — a result line quoting a
 * commit subject, a core message quoting a server, an error. Only {@link #control} writes escape
 * sequences, for the console's own progress bar. JSON stays valid: its escapes are JSON's.
 */
final class SafePrintStream extends PrintStream {
  private final PrintStream inner;

  private SafePrintStream(PrintStream inner) {
    super(inner, true);
    this.inner = inner;
  }

  static PrintStream of(PrintStream stream) {
    return stream instanceof SafePrintStream ? stream : new SafePrintStream(stream);
  }

  /** Writes a terminal control sequence as it is (for this tool's own sequences, never for data). */
  static void control(PrintStream stream, String sequence) {
    PrintStream raw = stream instanceof SafePrintStream safe ? safe.inner : stream;
    raw.print(sequence);
  }

  static String safe(String text) {
    return TerminalText.text(Redaction.text(text));
  }

  @Override
  public void print(String s) {
    inner.print(safe(String.valueOf(s)));
  }

  @Override
  public void print(Object obj) {
    print(String.valueOf(obj));
  }

  @Override
  public void print(char[] s) {
    print(new String(s));
  }

  @Override
  public void print(char c) {
    print(String.valueOf(c));
  }

  @Override
  public void println(String x) {
    inner.println(safe(String.valueOf(x)));
  }

  @Override
  public void println(Object x) {
    println(String.valueOf(x));
  }

  @Override
  public void println(char[] x) {
    println(new String(x));
  }

  @Override
  public void println(char x) {
    println(String.valueOf(x));
  }

  @Override
  public void println() {
    inner.println();
  }

  @Override
  public PrintStream format(String format, Object... args) {
    print(String.format(format, args));
    return this;
  }

  @Override
  public PrintStream format(Locale l, String format, Object... args) {
    print(String.format(l, format, args));
    return this;
  }

  @Override
  public PrintStream printf(String format, Object... args) {
    return format(format, args);
  }

  @Override
  public PrintStream printf(Locale l, String format, Object... args) {
    return format(l, format, args);
  }

  @Override
  public PrintStream append(CharSequence csq) {
    print(String.valueOf(csq));
    return this;
  }

  @Override
  public PrintStream append(CharSequence csq, int start, int end) {
    print(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
    return this;
  }

  @Override
  public PrintStream append(char c) {
    print(c);
    return this;
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public boolean checkError() {
    return inner.checkError();
  }
}
