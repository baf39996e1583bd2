package io.airgap.archiver.forge;

import io.airgap.archiver.base.InvalidRequestException;
import java.util.Locale;

/** The forges whose REST APIs the archiver speaks, by the names the CLI and the manifest use. */
public enum ForgeKind {
  GITLAB("GitLab"), GITHUB("GitHub"), GITEA("Gitea"), BITBUCKET("Bitbucket");

  private final String displayName;

  ForgeKind(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  /** The lower-case name: {@code gitlab}, {@code github}, {@code gitea}, {@code bitbucket}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ForgeKind parse(String value) throws InvalidRequestException {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("forgejo")) {
      return GITEA;
    }
    for (ForgeKind kind : values()) {
      if (kind.id().equals(v)) {
        return kind;
      }
    }
    throw new InvalidRequestException("unknown forge '" + value + "': expected gitlab, github, gitea or bitbucket");
  }
}
