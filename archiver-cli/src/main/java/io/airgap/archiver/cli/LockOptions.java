package io.airgap.archiver.cli;

import io.airgap.archiver.internal.Durations;
import io.airgap.archiver.internal.ExclusiveLock;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --lock-timeout}: how long a run waits for another process holding the same cache, workspace or output. */
final class LockOptions {
  @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for another run using the same cache, workspace or output name (e.g. 30s, 10m, 1h;"
          + " 0 fails at once). Default: 10m.")
  Duration lockTimeout = ExclusiveLock.DEFAULT_TIMEOUT;

  /** Accepts 500ms, 30s, 10m, 2h and 0. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Durations.parse(value);
      if (d == null) {
        throw new TypeConversionException("expected a duration such as 30s, 10m or 1h (or 0), not '" + value + "'");
      }
      return d;
    }
  }
}
