/**
 * A minimal async mutex: callers of `run` execute one at a time, in arrival order (FIFO).
 * One instance guards all writes to one document repository, so two writers never race on a ref.
 * It only serialises work inside this process; the store is the only writer of its repositories.
 */
export class AsyncLock {
  /** Resolves when the last queued task has finished (successfully or not). */
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  /** Number of tasks running or waiting. */
  get pending(): number {
    return this.queued;
  }

  /** Runs `task` after every previously queued task has settled; the result (or error) is the task's. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.queued += 1;
    const result = this.tail.then(task);
    // The next task waits for this one to settle, whatever its outcome; errors go to our caller only.
    this.tail = result.then(
      () => {
        this.queued -= 1;
      },
      () => {
        this.queued -= 1;
      },
    );
    return result;
  }
}
