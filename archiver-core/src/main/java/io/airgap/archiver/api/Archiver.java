package io.airgap.archiver.api;

/** Entry point of the library: each method returns a single-use command to configure and {@code call()}. */
public final class Archiver {
  private Archiver() {}

  public static CreateArchiveCommand create() {
    return new CreateArchiveCommand();
  }

  public static VerifyArchiveCommand verify() {
    return new VerifyArchiveCommand();
  }

  public static RestoreArchiveCommand restore() {
    return new RestoreArchiveCommand();
  }

  public static InspectArchiveCommand inspect() {
    return new InspectArchiveCommand();
  }

  public static KeygenCommand keygen() {
    return new KeygenCommand();
  }
}
