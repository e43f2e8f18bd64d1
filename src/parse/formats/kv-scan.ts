// The key=value scanner behind iptables, AppArmor, auditd and generic key=value lines.
// Values may be bare (to the next space), "double" or 'single' quoted; bare words (iptables
// flags such as `DF`, `SYN`) are reported with an undefined value.

export type KvVisitor = (key: string, value: string | undefined, quoted: boolean) => void;

/** Visits the pairs of `s` from `start`; stops at `end` (default: the end of `s`). */
export function scanKv(s: string, visit: KvVisitor, start = 0, end = s.length): void {
  let i = start;
  while (i < end) {
    while (i < end && s.charCodeAt(i) === 32) i++;
    if (i >= end) break;
    let j = i;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c === 61 || c === 32) break;
      j++;
    }
    if (j >= end || s.charCodeAt(j) === 32) {
      visit(s.slice(i, j), undefined, false);
      i = j;
      continue;
    }
    const key = s.slice(i, j);
    let k = j + 1;
    const q = s.charCodeAt(k);
    if (q === 34 || q === 39) {
      const close = s.indexOf(q === 34 ? '"' : "'", k + 1);
      const stop = close < 0 || close > end ? end : close;
      visit(key, s.slice(k + 1, stop), true);
      i = stop + 1;
    } else {
      while (k < end && s.charCodeAt(k) !== 32) k++;
      visit(key, s.slice(j + 1, k), false);
      i = k;
    }
  }
}
