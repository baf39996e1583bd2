package io.airgap.archiver.archfixture.printing.internal;

/** Fixture: a class that prints, which the no-printing rule must report. */
public final class Printer {
  public void print() {
    System.out.println("printed");
  }
}
