package io.airgap.archiver.storage.s3;

import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;
import software.amazon.awssdk.transfer.s3.progress.TransferProgressSnapshot;

/** Forwards the transfer manager's byte counts as progress events, about every 8 MiB. */
final class TransferProgress implements TransferListener {
  private static final long STEP = 8L * 1024 * 1024;

  private final String task;
  private final ProgressListener listener;
  private final AtomicLong nextReport = new AtomicLong(0);

  TransferProgress(String task, ProgressListener listener) {
    this.task = task;
    this.listener = listener;
  }

  @Override
  public void bytesTransferred(Context.BytesTransferred context) {
    TransferProgressSnapshot snapshot = context.progressSnapshot();
    long done = snapshot.transferredBytes();
    long due = nextReport.get();
    // The SDK calls this from several threads; only the one that moves the mark reports.
    if (done >= due && nextReport.compareAndSet(due, done + STEP)) {
      report(snapshot);
    }
  }

  @Override
  public void transferComplete(Context.TransferComplete context) {
    report(context.progressSnapshot());
  }

  private void report(TransferProgressSnapshot snapshot) {
    listener.onEvent(
        new ProgressEvent.Progress(
            task,
            snapshot.transferredBytes(),
            snapshot.totalBytes().orElse(-1),
            ProgressEvent.Unit.BYTES));
  }
}
