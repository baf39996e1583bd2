package io.airgap.archiver.cli;

import io.airgap.archiver.internal.Origin;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --credential-origin}: a further origin the source's credentials may go to. By default they go
 * only where the operator named with them (the source, {@code --lfs-url}, {@code --api-url}); a URL
 * from a repository, a forge's answer or a redirect on any other origin is used without them.
 */
final class CredentialOriginOptions {
  @Option(names = "--credential-origin", paramLabel = "URL", converter = OriginConverter.class,
      description = "Also send the source credentials ($SOURCE_TOKEN, …) to this origin, e.g. https://lfs.example.com:8443"
          + " (repeatable). By default they go only to the --source (with discovery: the --api-url) and --lfs-url"
          + " origins; submodule URLs, forge clone URLs, .lfsconfig and redirects elsewhere get none.")
  List<String> origins = new ArrayList<>();

  /** Accepts a URL with a host; refuses one that carries credentials (they belong in the environment). */
  static final class OriginConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      Origin origin = Origin.of(value);
      if (origin == null || !value.contains("://")) {
        throw new TypeConversionException("expected a URL with a host such as https://git.example.com:8443, not '"
            + value.replaceAll("://[^/@]*@", "://***@") + "'");
      }
      if (value.replaceFirst("^[^:]*://", "").replaceFirst("[/?#].*$", "").contains("@")) {
        throw new TypeConversionException("--credential-origin takes no user or password: give the secret in"
            + " SOURCE_TOKEN (or SOURCE_USERNAME/SOURCE_PASSWORD), never on the command line");
      }
      return origin.toString();
    }
  }
}
