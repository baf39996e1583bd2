package io.airgap.archiver.storage;

import io.airgap.archiver.base.InvalidRequestException;

/** The named object is not in the store: the one "not found" signal of every backend. */
public class ObjectNotFoundException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final String name;

  public ObjectNotFoundException(String name, String location) {
    super("no object named '" + name + "' in " + location);
    this.name = name;
  }

  /** The name that was asked for. */
  public String name() {
    return name;
  }
}
