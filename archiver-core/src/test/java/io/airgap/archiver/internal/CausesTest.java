package io.airgap.archiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The one cause-chain walker finds what libraries wrap deep down, and a cause loop cannot hang it. */
class CausesTest {
  @Test
  void find_reachesTheWrappedCause_andHasCauseAgrees() {
    EOFException eof = new EOFException("pack ends early");
    Exception wrapped = new CompletionException(new UncheckedIOException(new IOException("unbundle failed", eof)));
    assertSame(eof, Causes.find(wrapped, EOFException.class));
    assertTrue(Causes.hasCause(wrapped, EOFException.class));
    assertFalse(Causes.hasCause(wrapped, ConnectException.class));
    assertSame(eof, Causes.root(wrapped));
  }

  @Test
  void aCauseLoop_endsTheWalk() {
    IOException a = new IOException("a");
    IOException b = new IOException("b", a);
    a.initCause(b);
    assertNull(Causes.find(a, EOFException.class));
    assertEquals("a: b", Causes.messages(a, 100));
    assertFalse(Causes.anyMessageContains(a, "c"));
  }

  @Test
  void findWithSuppressed_seesAnEarlierAttemptsFailure() {
    ConnectException first = new ConnectException("connection refused");
    IOException last = new IOException("retries exhausted");
    last.addSuppressed(first);
    assertNull(Causes.find(last, ConnectException.class));
    assertSame(first, Causes.findWithSuppressed(new CompletionException(last), ConnectException.class));
  }

  @Test
  void messages_joinsDistinctMessages_upToTheLimit_orNamesTheClass() {
    Exception e = new IOException("fetch failed", new IOException("fetch failed", new IOException("503")));
    assertEquals("fetch failed: 503", Causes.messages(e, 600));
    assertEquals("fetch failed", Causes.messages(e, 5));
    assertEquals("EOFException", Causes.messages(new EOFException(), 600));
  }
}
