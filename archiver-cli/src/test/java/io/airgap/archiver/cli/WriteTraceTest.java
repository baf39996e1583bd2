package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace parser sees a file's first write even when strace splits the file's {@code openat} around another
 * process's call (as it does on a loaded machine, where threads interleave): strace then prints the open as
 * {@code openat(... <unfinished ...>} and later {@code <... openat resumed>)             = 3</path>}, the
 * return value padded to a column.
 */
class WriteTraceTest {
  private static final byte[] GZIP = {0x1f, (byte) 0x8b, 8};

  @TempDir Path tmp;

  @Test
  void anOpenSplitAroundAnotherProcessesCall_stillMarksTheFilesFirstWrite() throws Exception {
    // A FIFO's open for writing blocks until a reader opens it: the writer is certainly inside its openat while
    // the other process opens /proc/<writer>/syscall, so strace must split the writer's open. The loop only waits
    // for that; a rare miss is retried, and the log is checked to hold the split, so the test cannot pass vacuously.
    String script = "mkfifo fifo; ( exec 3>fifo; printf '\\037\\213\\010gzip' >&3 ) & w=$!; "
        + "until n=$(cut -d' ' -f1 /proc/$w/syscall) && [ \"$n\" -ge 0 ] 2>/dev/null; do :; done; "
        + "cat fifo > copy; wait";
    for (int attempt = 1; ; attempt++) {
      Path dir = Files.createDirectories(tmp.resolve("try-" + attempt));
      WriteTrace trace = new WriteTrace(dir.resolve("strace.log"));
      List<String> command = new ArrayList<>(trace.prefix());
      command.addAll(List.of("sh", "-c", script));
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("out.log").toFile()).start();
      assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the traced script did not finish");
      assertEquals(0, p.exitValue(), () -> CliProcess.textOf(dir.resolve("out.log"), "output"));
      if (!splitOpenOf(dir.resolve("strace.log"), dir.resolve("fifo")) && attempt < 5) {
        continue;
      }
      assertTrue(splitOpenOf(dir.resolve("strace.log"), dir.resolve("fifo")),
          "strace never split the FIFO's open:\n" + trace.text());
      List<WriteTrace.Write> writes = trace.writes();
      for (String file : List.of("fifo", "copy")) {
        String path = dir.resolve(file).toString();
        List<WriteTrace.Write> to = writes.stream().filter(w -> w.path().equals(path)).toList();
        assertEquals(1, to.size(), () -> file + ": " + to + "\n" + trace.text());
        assertTrue(to.get(0).first() && to.get(0).startsWith(GZIP),
            () -> file + "'s first write must be seen as its first, gzip'd:\n" + trace.text());
        assertEquals(7, to.get(0).count());
      }
      return;
    }
  }

  @Test
  void theLinesOfTheFlakyRun_markTheArchivesFirstWrites_andACallThatNeverReturnedStillCounts() throws Exception {
    // the archive's open as strace 6.1 printed it in the run that failed: a JVM thread's read of a cgroup file
    // came between its entry and its return
    String dir = "/tmp/junit-1/plain-out/";
    String archive = dir + ".src-full-20261207T204729Z.tar.gz.partial-25997-1e3edc852036";
    String cgroup = "/sys/fs/cgroup/memory/memory.stat";
    Path log = tmp.resolve("strace.log");
    Files.writeString(log, String.join("\n",
        "26011 openat(AT_FDCWD<" + hex("/tmp/junit-1") + ">, \"" + hex(cgroup) + "\", O_RDONLY <unfinished ...>",
        "25998 openat(AT_FDCWD<" + hex("/tmp/junit-1") + ">, \"" + hex(archive) + "\", O_WRONLY|O_CREAT|O_EXCL, 0666"
            + " <unfinished ...>",
        "26011 <... openat resumed>)             = 225<" + hex(cgroup) + ">",
        "25998 <... openat resumed>)             = 225<" + hex(archive) + ">",
        "25998 write(225<" + hex(archive) + ">, \"\\x1f\\x8b\\x08\\x00\"..., 259461) = 259461",
        "25998 write(225<" + hex(archive) + ">, \"\\x00\\xf0\"..., 131087 <unfinished ...>",
        "25998 <... write resumed>)             = 131087",
        // the archive truncated and written anew, opened in two pieces: its next write is a first again
        "25998 openat(AT_FDCWD<" + hex("/tmp/junit-1") + ">, \"" + hex(archive) + "\", O_WRONLY|O_TRUNC"
            + " <unfinished ...>",
        "26011 openat(AT_FDCWD<" + hex("/tmp/junit-1") + ">, \"" + hex(cgroup) + "\", O_RDONLY)"
            + " = 227<" + hex(cgroup) + ">",
        "25998 <... openat resumed>)             = 227<" + hex(archive) + ">",
        "25998 write(227<" + hex(archive) + ">, \"\\x1f\\x8b\\x08\\x00\"..., 10) = 10",
        "26011 openat(AT_FDCWD<" + hex("/tmp/junit-1") + ">, \"" + hex(dir + "b") + "\", O_WRONLY|O_CREAT, 0666)"
            + " = 226<" + hex(dir + "b") + ">",
        // a thread that ended inside its write: strace never printed the write's return
        "26011 write(226<" + hex(dir + "b") + ">, \"\\x1f\\x8b\\x08\\x00\"..., 64 <unfinished ...>",
        ""), StandardCharsets.ISO_8859_1);
    List<WriteTrace.Write> writes = new WriteTrace(log).writes();
    assertEquals(4, writes.size(), writes::toString);
    assertEquals(archive, writes.get(0).path());
    assertTrue(writes.get(0).first() && writes.get(0).startsWith(GZIP), "the archive's first write");
    assertEquals(259461, writes.get(0).count());
    assertEquals(archive, writes.get(1).path());
    assertFalse(writes.get(1).first());
    assertEquals(131087, writes.get(1).count());
    assertEquals(archive, writes.get(2).path());
    assertTrue(writes.get(2).first() && writes.get(2).startsWith(GZIP), "the write after the archive's re-open");
    assertEquals(dir + "b", writes.get(3).path());
    assertTrue(writes.get(3).first() && writes.get(3).startsWith(GZIP), "the write that never returned");
  }

  private static String hex(String s) {
    StringBuilder hex = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hex.append(String.format("\\x%02x", b));
    }
    return hex.toString();
  }

  /** Whether the raw log holds an open of {@code file} that strace printed in two pieces. */
  private static boolean splitOpenOf(Path log, Path file) throws Exception {
    String returned = "<" + hex(file.toString()) + ">";
    return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
        .anyMatch(l -> l.contains("<... openat resumed>") && l.endsWith(returned));
  }
}
