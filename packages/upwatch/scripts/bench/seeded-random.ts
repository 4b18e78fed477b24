/**
 * A small seeded generator of numbers in [0, 1) (mulberry32): the benchmarks build the same
 * history on every run, so two runs differ by the code measured, not by their data.
 * @example const random = mulberry32(7); random() // always the same first number for seed 7
 */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
