package io.airgap.archiver.cli;

import io.airgap.archiver.api.Archiver;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.mirror.MirrorHttpServer;
import io.airgap.archiver.mirror.MirrorMetrics;
import io.airgap.archiver.mirror.MirrorScheduler;
import io.airgap.archiver.mirror.MirrorStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archiver mirror run}: once (cron, timers) or as a service with an optional HTTP face. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the mirrors of --config FILE: as a service (each when its interval is due; SIGTERM stops it"
        + " gracefully), or with --once what is due now, with --all every mirror, and exit.")
final class MirrorRunCli extends ArchiverCommand {
  @Option(names = "--once", description = "Run the mirrors that are due, then exit (for cron, systemd timers, CronJobs).")
  boolean once;

  @Option(names = "--all", description = "Run every mirror now, whatever its interval, then exit.")
  boolean all;

  @Option(names = "--http", paramLabel = "HOST:PORT",
      description = "Serve the mirror API, /metrics and a status page (service mode). API requests need the bearer token in"
          + " $ARCHIVER_MIRROR_TOKEN; without one only a loopback address is allowed, and only requests for 127.0.0.1,"
          + " localhost or [::1] are answered. POST needs Content-Type: application/json and no foreign Origin.")
  String http;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "On SIGTERM, how long running syncs may take to finish before they are abandoned.")
  int stopTimeout;

  MirrorRunCli(CliContext context) {
    super(context);
  }

  @Override
  protected String name() {
    return "mirror-run";
  }

  @Override
  protected CommandOutcome run(RunSession session) throws Exception {
    if (common.config == null) {
      throw new InvalidRequestException("mirror run needs the mirror file: --config FILE");
    }
    session.header("mirror run " + common.config, Map.of("config", common.config.toString()));
    // several mirrors at once interleave their lines: each then shows as "[name] …" (and is tagged in the log)
    try (MirrorScheduler scheduler = Archiver.mirror().config(common.config).environment(context.env)
        .progress(session.listener()).progressPerMirror(name -> session.listenerFor(name, "mirror")).scheduler()) {
      if (once || all) {
        if (http != null) {
          throw new InvalidRequestException("--http serves a running service; it does not go with --once or --all");
        }
        return MirrorStatusCli.outcome(scheduler.file(), scheduler.runOnce(all), true);
      }
      return serve(scheduler, session);
    }
  }

  private CommandOutcome serve(MirrorScheduler scheduler, RunSession session) throws Exception {
    // before the shutdown hook: a refused or failed --http ends the command at once (the hook would
    // otherwise hold the JVM's exit for --stop-timeout, waiting for a service that never ran)
    MirrorHttpServer server = http == null ? null
        : MirrorHttpServer.start(http, context.env.get("ARCHIVER_MIRROR_TOKEN"), scheduler);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      session.listener().info("stopping: SIGTERM received; waiting up to " + stopTimeout + " s for running syncs");
      scheduler.stop(Duration.ofSeconds(stopTimeout));
      try {
        stopped.await(stopTimeout + 5L, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mirror-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (server != null) {
        session.listener().info("mirror API on http://" + http.replaceFirst(":\\d+$", "") + ":" + server.port()
            + "/api/v1/mirrors");
      }
      scheduler.serve();
      List<MirrorStatus> statuses = scheduler.statuses();
      List<String> lines = new ArrayList<>(List.of("Mirror service stopped."));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("stopped", true);
      doc.put("mirrors", statuses);
      return CommandOutcome.ok(doc, lines, Map.of()).withPrometheus(MirrorMetrics.render(scheduler.file(), statuses));
    } finally {
      if (server != null) {
        server.close();
      }
      stopped.countDown();
    }
  }
}
