/**
 * Group commit: callers submit one item each; items that arrive while earlier batches are being
 * written are written together in the next batch. Under light load a batch is a single item and
 * nothing waits for a timer; under heavy load round trips and commits are shared by many requests.
 */
export class GroupCommit<In, Out> {
  private queue: Array<{ item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    /** Must return one result (or Error) per item, in order. */
    private readonly writeBatch: (items: In[]) => Promise<Array<Out | Error>>,
    private readonly maxBatch = 200,
    private readonly maxInFlight = 2,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.writeBatch(batch.map((b) => b.item))
        .then(
          (results) =>
            batch.forEach((b, i) =>
              results[i] instanceof Error ? b.reject(results[i]) : b.resolve(results[i] as Out),
            ),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
