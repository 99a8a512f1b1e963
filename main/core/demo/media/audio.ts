// A short pentatonic melody as a 16-bit mono PCM WAV, synthesised sample by sample.

import { Rng } from './prng.js';

export const WAV_SAMPLE_RATE = 22050;

/** Major pentatonic scale steps in semitones. */
const PENTATONIC = [0, 2, 4, 7, 9];

function freq(rootHz: number, degree: number): number {
  const octave = Math.floor(degree / PENTATONIC.length);
  const step = PENTATONIC[((degree % PENTATONIC.length) + PENTATONIC.length) % PENTATONIC.length] ?? 0;
  return rootHz * Math.pow(2, octave + step / 12);
}

/** Add one struck note (a soft bell/marimba: a few decaying partials) into the mix. */
function strike(mix: Float32Array, start: number, hz: number, gain: number, decaySec: number, bright: number): void {
  const rate = WAV_SAMPLE_RATE;
  const len = Math.min(mix.length - start, Math.round(rate * decaySec * 5));
  const attack = Math.round(rate * 0.006);
  const partials: [number, number, number][] = [
    [1, 1, 1],
    [2, 0.32 * bright, 1.8],
    [3, 0.12 * bright, 2.6],
    [4.2, 0.05 * bright, 3.5],
  ];
  for (let i = 0; i < len; i++) {
    const t = i / rate;
    const env = (i < attack ? i / attack : 1) * gain;
    let v = 0;
    for (const [mult, amp, decayMul] of partials) {
      if (hz * mult >= rate / 2) continue;
      v += amp * Math.exp((-t * decayMul) / decaySec) * Math.sin(2 * Math.PI * hz * mult * t);
    }
    const j = start + i;
    mix[j] = (mix[j] ?? 0) + v * env;
  }
}

/** A PCM WAV (16-bit, mono, 22050 Hz) of a few seconds of a pentatonic melody over a soft bass.
 *  Deterministic: same seed and length, same bytes. */
export function makeMelodyWav(opts: { seed: number; seconds?: number }): Buffer {
  const seconds = opts.seconds ?? 4;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new RangeError(`seconds must be in (0, 60], got ${seconds}`);
  const rate = WAV_SAMPLE_RATE;
  const n = Math.max(1, Math.round(seconds * rate));
  const rng = new Rng(opts.seed, 'melody');
  const mix = new Float32Array(n);

  const rootHz = rng.pick([220, 246.94, 261.63, 293.66, 329.63]);
  const bpm = rng.int(88, 126);
  const beat = 60 / bpm;
  const step = beat / 2; // eighth notes
  const steps = Math.floor(seconds / step);
  const bright = rng.range(0.6, 1.2);

  // Melody: a random walk on the scale, mostly stepwise, resting now and then, resolving home.
  let degree = PENTATONIC.length + rng.int(0, 4);
  for (let s = 0; s < steps; s++) {
    const last = s >= steps - 2;
    if (!last && s % 8 !== 0 && rng.chance(0.2)) continue;
    if (last) degree = PENTATONIC.length;
    else {
      degree += rng.pick([-2, -1, -1, 1, 1, 2, 0]);
      if (degree < 2) degree = 2 + rng.int(0, 2);
      if (degree > PENTATONIC.length * 2 + 2) degree = PENTATONIC.length * 2 - rng.int(0, 2);
    }
    const accent = s % 4 === 0 ? 1 : 0.75;
    strike(mix, Math.round(s * step * rate), freq(rootHz, degree), 0.5 * accent, last ? 0.6 : 0.32, bright);
  }
  // Bass: root and fifth, one octave down, every other beat.
  for (let b = 0; b * beat < seconds; b += 2) {
    const deg = (b / 2) % 2 === 0 ? 0 : 3;
    strike(mix, Math.round(b * beat * rate), freq(rootHz / 2, deg), 0.35, 0.5, 0.3);
  }

  // Fade in/out to avoid clicks, then normalise to a comfortable peak.
  const fadeIn = Math.min(n, Math.round(rate * 0.005));
  const fadeOut = Math.min(n, Math.round(rate * 0.25));
  let peak = 0;
  for (let i = 0; i < n; i++) {
    let v = mix[i] ?? 0;
    if (i < fadeIn) v *= i / fadeIn;
    if (i >= n - fadeOut) v *= (n - 1 - i) / fadeOut;
    mix[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  const norm = peak > 0 ? 0.8 / peak : 0;

  const dataLen = n * 2;
  const wav = Buffer.alloc(44 + dataLen);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataLen, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataLen, 40);
  for (let i = 0; i < n; i++) {
    const v = Math.round((mix[i] ?? 0) * norm * 32767);
    wav.writeInt16LE(Math.max(-32768, Math.min(32767, v)), 44 + i * 2);
  }
  return wav;
}
