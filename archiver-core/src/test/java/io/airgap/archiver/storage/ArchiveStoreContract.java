package io.airgap.archiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ArchiveStore} backend shares. Each backend's test extends this class,
 * supplies a fresh, empty store, and adds its own backend-specific tests.
 */
public abstract class ArchiveStoreContract {
  protected ArchiveStore store;
  @TempDir protected Path tmp;

  /** A new store at a location nobody else uses. */
  protected abstract ArchiveStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void roundTrip_putGetStatListDelete() throws Exception {
    byte[] first = TestData.bytes(100_000, 1);
    byte[] second = TestData.bytes(3_333, 2);
    Path secondFile = Files.write(tmp.resolve("second"), second);

    StoredObject a =
        store.put(
            "b-first.tar.gz",
            new ByteArrayInputStream(first),
            first.length,
            TestData.sha256(first),
            ProgressListener.NONE);
    StoredObject b = store.put("a-second.tar.gz", secondFile, null, ProgressListener.NONE);

    assertEquals(
        new StoredObjectView("b-first.tar.gz", first.length, TestData.sha256(first)), view(a));
    assertEquals(
        new StoredObjectView("a-second.tar.gz", second.length, TestData.sha256(second)), view(b));
    assertArrayEquals(first, readAll("b-first.tar.gz"));
    assertArrayEquals(second, readAll("a-second.tar.gz"));

    StoredObject stat = store.stat("b-first.tar.gz").orElseThrow();
    assertEquals(first.length, stat.size());
    assertTrue(
        stat.sha256() == null || stat.sha256().equals(TestData.sha256(first)), stat.sha256());
    assertEquals(List.of("a-second.tar.gz", "b-first.tar.gz"), names(store.list()));

    store.delete("b-first.tar.gz");
    assertEquals(Optional.empty(), store.stat("b-first.tar.gz"));
    assertEquals(List.of("a-second.tar.gz"), names(store.list()));
    store.delete("b-first.tar.gz"); // absent: no error
  }

  @Test
  void put_unknownSizeWithoutChecksum_computesIt() throws Exception {
    byte[] data = TestData.bytes(70_001, 3);
    StoredObject stored =
        store.put("x.tar.gz", new ByteArrayInputStream(data), -1, null, ProgressListener.NONE);
    assertEquals(TestData.sha256(data), stored.sha256());
    assertEquals(data.length, stored.size());
    assertArrayEquals(data, readAll("x.tar.gz"));
  }

  @Test
  void put_emptyContent_isStored() throws Exception {
    store.put(
        "empty.tar.gz",
        InputStream.nullInputStream(),
        0,
        TestData.sha256(new byte[0]),
        ProgressListener.NONE);
    assertEquals(0, store.stat("empty.tar.gz").orElseThrow().size());
    assertArrayEquals(new byte[0], readAll("empty.tar.gz"));
  }

  @Test
  void put_sameNameAgain_replacesTheObject() throws Exception {
    store.put(
        "x.tar.gz", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null, ProgressListener.NONE);
    store.put(
        "x.tar.gz", new ByteArrayInputStream(new byte[] {4, 5}), 2, null, ProgressListener.NONE);
    assertArrayEquals(new byte[] {4, 5}, readAll("x.tar.gz"));
    assertEquals(List.of("x.tar.gz"), names(store.list()));
  }

  @Test
  void put_wrongExpectedChecksum_leavesNothingVisible() throws Exception {
    byte[] data = TestData.bytes(50_000, 4);
    String wrong = TestData.sha256(new byte[] {42});
    UntrustedArchiveException e =
        assertThrows(
            UntrustedArchiveException.class,
            () ->
                store.put(
                    "x.tar.gz",
                    new ByteArrayInputStream(data),
                    data.length,
                    wrong,
                    ProgressListener.NONE));
    assertTrue(e.getMessage().contains(wrong), e.getMessage());
    assertThrows(
        UntrustedArchiveException.class,
        () ->
            store.put(
                "y.tar.gz", new ByteArrayInputStream(data), -1, wrong, ProgressListener.NONE));
    Path file = Files.write(tmp.resolve("z"), data);
    assertThrows(
        UntrustedArchiveException.class,
        () -> store.put("z.tar.gz", file, wrong, ProgressListener.NONE));

    assertEquals(List.of(), store.list());
    assertEquals(Optional.empty(), store.stat("x.tar.gz"));
    assertEquals(Optional.empty(), store.stat("y.tar.gz"));
    assertEquals(Optional.empty(), store.stat("z.tar.gz"));
  }

  @Test
  void put_contentFailingMidway_leavesNothingVisible() throws Exception {
    InputStream failing = TestData.failingAfter(TestData.bytes(200_000, 5), 120_000);
    OperationFailedException e =
        assertThrows(
            OperationFailedException.class,
            () -> store.put("x.tar.gz", failing, 200_000, null, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("simulated read failure"), e.getMessage());
    assertEquals(List.of(), store.list());
    assertEquals(Optional.empty(), store.stat("x.tar.gz"));
  }

  @Test
  void put_contentShorterThanDeclared_isRefused() {
    byte[] data = TestData.bytes(1_000, 6);
    assertThrows(
        ArchiverException.class,
        () ->
            store.put(
                "x.tar.gz", new ByteArrayInputStream(data), 2_000, null, ProgressListener.NONE));
    assertDoesNotExist("x.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "a/b.tar.gz", "..", ".", ".hidden", "back\\slash", "nul\0char", "sub/"})
  void names_thatAreNotPlainFileNames_areRefused(String name) {
    byte[] data = {1};
    assertThrows(
        InvalidRequestException.class,
        () -> store.put(name, new ByteArrayInputStream(data), 1, null, ProgressListener.NONE));
    assertThrows(InvalidRequestException.class, () -> store.get(name));
    assertThrows(InvalidRequestException.class, () -> store.stat(name));
    assertThrows(InvalidRequestException.class, () -> store.delete(name));
  }

  @Test
  void get_missing_throwsObjectNotFound() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> store.get("nope.tar.gz"));
    assertEquals("nope.tar.gz", e.name());
    assertTrue(e.getMessage().contains(store.location()), e.getMessage());
  }

  @Test
  void list_emptyLocation_isEmpty() throws Exception {
    assertEquals(List.of(), store.list());
  }

  protected byte[] readAll(String name) throws ArchiverException, IOException {
    try (InputStream in = store.get(name)) {
      return in.readAllBytes();
    }
  }

  protected void assertDoesNotExist(String name) {
    try {
      assertEquals(Optional.empty(), store.stat(name));
    } catch (ArchiverException e) {
      throw new AssertionError(e);
    }
  }

  protected static List<String> names(List<StoredObject> objects) {
    return objects.stream().map(StoredObject::name).toList();
  }

  private static StoredObjectView view(StoredObject o) {
    return new StoredObjectView(o.name(), o.size(), o.sha256());
  }

  /** The fields of a StoredObject that a put determines (not its date). */
  private record StoredObjectView(String name, long size, String sha256) {}
}
