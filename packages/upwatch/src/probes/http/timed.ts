/** Times a phase whether it succeeds or not: a refused connect or a failed handshake took time too. */
export async function timed<T>(work: Promise<T>, record: (ms: number) => void): Promise<T> {
  const started = performance.now();
  try {
    return await work;
  } finally {
    record(performance.now() - started);
  }
}
