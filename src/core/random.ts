// Seeded pseudo-random numbers for everything that must be reproducible: the demo logs,
// synthetic estates and benchmark inputs. Never for secrets (tokens use node:crypto).

/** mulberry32: small, fast and deterministic, so a seed reproduces the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
