/**
 * What bootstrap is waiting for right now — the factory or lifecycle hook whose promise is
 * being awaited — so a watch can name the one that never settles. Providers are built one
 * at a time, so there is at most one.
 */
export class Awaiting {
  label: string | undefined = undefined;

  async on<T>(label: string, pending: PromiseLike<T>): Promise<T> {
    this.label = label;
    try {
      return await pending;
    } finally {
      this.label = undefined;
    }
  }
}
