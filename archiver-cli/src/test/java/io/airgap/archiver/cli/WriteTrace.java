package io.airgap.archiver.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every write a process and its threads and children make to a file, as strace saw it, with no test code in the
 * product: the file's path, the first {@value #HEAD} bytes of each write, how many bytes, and whether the write
 * is the file's first since it was opened for writing (so its bytes are the file's first; see {@link Firsts}). An
 * open or write that strace prints in two pieces (another thread's call came between its entry and its return, the
 * more often the busier the machine) is joined back into one call. strace prints paths of
 * descriptors (-y) and every string in hex (-xx), so paths and data decode exactly. Whatever moment a file
 * exists, its every write is in the log: no timing window to miss.
 */
final class WriteTrace {
  static final int HEAD = 24;
  private static final String HEX = "((?:\\\\x[0-9a-f]{2})*)";
  private static final String SYSCALLS = "openat,open,creat,write,pwrite64,writev,pwritev,pwritev2,sendfile,"
      + "copy_file_range,splice";
  private static final String UNFINISHED = " <unfinished ...>";
  private static final Pattern LINE = Pattern.compile("^(\\d+) +(.*)$");
  // the return value may follow spaces: strace pads it to column 40, as it always does in a resumed call's short line
  private static final Pattern OPEN = Pattern.compile("^(?:openat|open|creat)\\(.*\"" + HEX + "\", ([A-Z_|]+)"
      + ".*\\) += \\d+<" + HEX + ">$");
  private static final Pattern WRITE = Pattern.compile("^(write|pwrite64)\\(\\d+<" + HEX + ">, \"" + HEX
      + "\"(?:\\.\\.\\.)?, (\\d+)(?:, (\\d+))?\\)");
  private static final Pattern WRITEV = Pattern.compile("^(?:writev|pwritev2?)\\(\\d+<" + HEX + ">, \\[\\{iov_base=\""
      + HEX + "\"");
  private static final Pattern IOV_LEN = Pattern.compile("iov_len=(\\d+)");
  private static final Pattern COPY = Pattern.compile("^(?:sendfile|copy_file_range|splice)\\(.*?\\d+<" + HEX
      + ">.*?, \\d+<" + HEX + ">");

  /** One write to a file. */
  record Write(String path, byte[] head, long count, boolean first) {
    boolean startsWith(byte[] prefix) {
      if (head.length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (head[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private final Path log;

  WriteTrace(Path log) {
    this.log = log;
  }

  /** The command prefix that runs a command under the trace. */
  List<String> prefix() {
    return List.of("strace", "-f", "-qq", "--seccomp-bpf", "-e", "signal=none", "-y", "-xx", "-s", String.valueOf(HEAD),
        "-e", "trace=" + SYSCALLS, "-o", log.toString());
  }

  /** Every write to a file (pipes, sockets and devices left out) and every in-kernel copy into one, in log order. */
  List<Write> writes() {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> unfinished = new HashMap<>();
    Firsts firsts = new Firsts();
    List<Write> writes = new ArrayList<>();
    for (String raw : lines) {
      Matcher line = LINE.matcher(raw);
      if (!line.matches()) {
        continue;
      }
      String pid = line.group(1);
      String call = line.group(2);
      if (call.endsWith(UNFINISHED)) {
        // another thread's or process's call came between this call's entry and its return (the more likely the
        // busier the machine): strace prints "call(args <unfinished ...>", later "<... call resumed>)    = result"
        unfinished.put(pid, call.substring(0, call.length() - UNFINISHED.length()));
        continue;
      }
      if (call.startsWith("<... ")) {
        String start = unfinished.remove(pid);
        if (start == null) {
          continue;
        }
        call = start + call.substring(call.indexOf(" resumed>") + " resumed>".length());
      }
      read(call, firsts, writes);
    }
    // a call that never returned (its thread ended in it) may still have written: judge it by what its entry shows
    for (String start : unfinished.values()) {
      read(start + ")", firsts, writes);
    }
    return writes.stream().filter(w -> w.path().startsWith("/") && !w.path().startsWith("/dev/")
        && !w.path().startsWith("/proc/")).toList();
  }

  /** Notes a file opened for writing in {@code firsts}, or adds a write to {@code writes}. */
  private static void read(String call, Firsts firsts, List<Write> writes) {
    Matcher m;
    if ((m = OPEN.matcher(call)).find()) {
      String flags = m.group(2);
      if (call.startsWith("creat") || flags.contains("O_WRONLY") || flags.contains("O_RDWR")
          || flags.contains("O_CREAT")) {
        firsts.opened(decode(m.group(3)));
      }
    } else if ((m = WRITE.matcher(call)).find()) {
      String path = decode(m.group(2));
      boolean first = firsts.written(path) || "0".equals(m.group(5));
      writes.add(new Write(path, bytes(m.group(3)), Long.parseLong(m.group(4)), first));
    } else if ((m = WRITEV.matcher(call)).find()) {
      long count = 0;
      for (Matcher len = IOV_LEN.matcher(call); len.find(); ) {
        count += Long.parseLong(len.group(1));
      }
      String path = decode(m.group(1));
      writes.add(new Write(path, bytes(m.group(2)), count, firsts.written(path)));
    } else if ((m = COPY.matcher(call)).find()) {
      // the kernel copies between descriptors: the bytes are not in the log, so record where they went
      // (sendfile names its destination first, copy_file_range and splice second)
      String target = decode(call.startsWith("sendfile") ? m.group(1) : m.group(2));
      writes.add(new Write(target, new byte[0], -1, firsts.written(target)));
    }
  }

  /**
   * Which write is a file's first: the first since the file was opened for writing, or, should its open have gone
   * unseen, the first the log shows to it at all (erring towards "first" errs towards finding plaintext).
   */
  private static final class Firsts {
    private final Set<String> opened = new HashSet<>();
    private final Set<String> written = new HashSet<>();

    void opened(String path) {
      opened.add(path);
    }

    boolean written(String path) {
      boolean unseen = written.add(path);
      return opened.remove(path) || unseen;
    }
  }

  private static byte[] bytes(String hex) {
    byte[] out = new byte[hex.length() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(i * 4 + 2, i * 4 + 4), 16);
    }
    return out;
  }

  private static String decode(String hex) {
    return new String(bytes(hex), StandardCharsets.UTF_8);
  }

  /** The log, for a failure message. */
  String text() {
    return CliProcess.textOf(log, "strace log");
  }
}
