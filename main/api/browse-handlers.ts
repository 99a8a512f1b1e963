// Operations behind the library's pages: collections, chains, settings, revealing a file.
import type { z } from 'zod';
import type { Contract, OpOutput } from './contract.js';
import type { ApiContext } from './handlers.js';
import { listChains, listCollections } from '../core/db/collections.js';
import { notFound } from '../core/errors.js';
import { readSettings, writeSettings } from '../core/settings/library-settings.js';

type In<N extends keyof Contract> = z.output<Contract[N]['input']>;

export function collectionsList({ library }: ApiContext, input: In<'collections.list'>): OpOutput<'collections.list'> {
  return listCollections(library.db, input);
}

export function chainsList({ library }: ApiContext): OpOutput<'chains.list'> {
  return listChains(library.db);
}

export function settingsGet({ library }: ApiContext): OpOutput<'settings.get'> {
  return readSettings(library.dir);
}

export function settingsSet({ library }: ApiContext, patch: In<'settings.set'>): OpOutput<'settings.set'> {
  return writeSettings(library.dir, patch);
}

export async function libraryChoose(ctx: ApiContext): Promise<OpOutput<'library.choose'>> {
  if (!ctx.chooseLibrary) return { switched: false, native: false };
  return { switched: await ctx.chooseLibrary(), native: true };
}

/** Only files of this library can be revealed: the id must name a stored blob. */
export async function filesReveal(ctx: ApiContext, { sha256 }: In<'files.reveal'>): Promise<OpOutput<'files.reveal'>> {
  if (ctx.library.blobs.size(sha256) === null) throw notFound(`file ${sha256} in this library`);
  const path = ctx.library.blobs.pathOf(sha256);
  if (!ctx.revealFile) return { revealed: false, path };
  await ctx.revealFile(path);
  return { revealed: true, path };
}
