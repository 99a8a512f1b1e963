// glTF node animation → USD time samples, for AR Quick Look (which plays time-sampled
// xformOps). What is converted: the first animation clip's translation / rotation / scale
// channels on nodes. Time codes are the glTF keyframe times × TIME_CODES_PER_SECOND (each
// channel sampled at its own keys, no resampling): LINEAR keys map one to one (USD interpolates
// vectors linearly and quaternions by slerp, as glTF does); STEP keys get a second sample just
// before the next key holding the previous value; CUBICSPLINE keeps the values at its keys and
// loses the tangents (the curve between keys becomes linear). Morph-target weights and skinned
// meshes are not converted (USD skeletal animation is a different schema).
import type { Animation, AnimationChannel, Document, Node as GltfNode } from '@gltf-transform/core';

export const TIME_CODES_PER_SECOND = 60;

export type TrsPath = 'translation' | 'rotation' | 'scale';

/** Samples of one channel: time codes and glTF-ordered values (quaternions as x, y, z, w). */
export interface ChannelSamples {
  times: number[];
  values: number[][];
}

export interface NodeAnimation {
  /** The clip's name ('' when unnamed), or null when the model has no node animation. */
  clip: string | null;
  /** How many more clips the model has (not converted). */
  otherClips: number;
  tracks: Map<GltfNode, Partial<Record<TrsPath, ChannelSamples>>>;
  startTimeCode: number;
  endTimeCode: number;
}

const TRS: ReadonlySet<string> = new Set(['translation', 'rotation', 'scale']);
// Less than a frame at any usual rate, but enough that the STEP hold and the jump stay ordered.
const STEP_HOLD = 1e-3;

function channelSamples(channel: AnimationChannel): ChannelSamples | null {
  const sampler = channel.getSampler();
  const input = sampler?.getInput();
  const output = sampler?.getOutput();
  if (!sampler || !input || !output || input.getCount() === 0) return null;
  const size = output.getElementSize();
  const cubic = sampler.getInterpolation() === 'CUBICSPLINE';
  const keys = input.getCount();
  if (output.getCount() < keys * (cubic ? 3 : 1)) return null;
  const times: number[] = [];
  const values: number[][] = [];
  const e: number[] = new Array<number>(size).fill(0);
  for (let k = 0; k < keys; k++) {
    const time = input.getScalar(k) * TIME_CODES_PER_SECOND;
    // CUBICSPLINE stores (in-tangent, value, out-tangent) per key: take the value.
    output.getElement(cubic ? k * 3 + 1 : k, e);
    const value = e.slice(0, size);
    if (channel.getTargetPath() === 'rotation') normalize(value);
    if (sampler.getInterpolation() === 'STEP' && k > 0 && time - times[times.length - 1]! > 2 * STEP_HOLD) {
      times.push(time - STEP_HOLD);
      values.push(values[values.length - 1]!);
    }
    times.push(time);
    values.push(value);
  }
  return { times, values };
}

function normalize(q: number[]): void {
  const len = Math.hypot(...q) || 1;
  for (let i = 0; i < q.length; i++) q[i] = q[i]! / len;
}

/** The first clip's node TRS channels, as time samples. */
export function readNodeAnimation(doc: Document): NodeAnimation {
  const clips: Animation[] = doc.getRoot().listAnimations();
  const tracks: NodeAnimation['tracks'] = new Map();
  const first = clips[0];
  let start = Infinity;
  let end = -Infinity;
  for (const channel of first?.listChannels() ?? []) {
    const node = channel.getTargetNode();
    const path = channel.getTargetPath();
    if (!node || !path || !TRS.has(path)) continue;
    const samples = channelSamples(channel);
    if (!samples) continue;
    const entry = tracks.get(node) ?? {};
    entry[path as TrsPath] = samples;
    tracks.set(node, entry);
    start = Math.min(start, samples.times[0]!);
    end = Math.max(end, samples.times[samples.times.length - 1]!);
  }
  if (tracks.size === 0) return { clip: null, otherClips: Math.max(0, clips.length - 1), tracks, startTimeCode: 0, endTimeCode: 0 };
  return { clip: first!.getName(), otherClips: clips.length - 1, tracks, startTimeCode: Math.min(0, start), endTimeCode: end };
}
