// Comparing pictures the way the tests read them: raw pixel bytes, same size and layout.

/** Mean absolute difference of two equal-length pixel buffers, per byte (0–255). */
export function meanAbsDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
