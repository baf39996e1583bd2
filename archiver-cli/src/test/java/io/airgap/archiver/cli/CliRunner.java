package io.airgap.archiver.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a controlled environment and captures what it prints. */
final class CliRunner {
  private final Map<String, String> env = new HashMap<>();

  CliRunner(Path home) {
    env.put("ARCHIVER_CACHE", home.resolve("cache").toString());
    env.put("ARCHIVER_WORKSPACE_ROOT", home.resolve("workspaces").toString());
    env.put("ARCHIVER_LOG_DIR", home.resolve("logs").toString());
  }

  CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The credentials and endpoint of a loopback S3Proxy, as the AWS SDK's default chain reads them. */
  CliRunner s3(io.airgap.archiver.testing.S3ProxyFixture s3) {
    return env("AWS_ACCESS_KEY_ID", io.airgap.archiver.testing.S3ProxyFixture.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", io.airgap.archiver.testing.S3ProxyFixture.SECRET_KEY)
        .env("AWS_ENDPOINT_URL", s3.endpoint().toString());
  }

  CliRunner without(String name) {
    env.remove(name);
    return this;
  }

  /** What one run exited with and printed. */
  record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }

    Run expect(int code) {
      if (exitCode != code) {
        throw new AssertionError("expected exit " + code + " but got " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = ArchiverCli.execute(args, env, o, e, false);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
