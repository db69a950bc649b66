/**
 * Replays an incremental chain (incremental-chain.ts) into a landing folder, one day at a time:
 * after `landChainDay(chain, n, landing)` the landing holds what a real landing would hold after
 * day n, re-landed past files included.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CHAIN_MANIFEST_FILE, type ChainDay, type ChainManifest } from './chain-scenario.ts';

export async function readChainManifest(chainDir: string): Promise<ChainManifest> {
  const path = join(chainDir, CHAIN_MANIFEST_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${path}: no incremental chain here (${error.code ?? error.message}); write one with generate --scenario incremental-chain`);
  });
  const manifest = JSON.parse(text) as ChainManifest;
  if (manifest.scenario !== 'incremental-chain') throw new Error(`${path}: not an incremental chain manifest`);
  return manifest;
}

export function chainDay(manifest: ChainManifest, day: number): ChainDay {
  const found = manifest.days.find((candidate) => candidate.day === day);
  if (found === undefined) throw new Error(`the incremental chain has days 1 to ${manifest.days.length}, not ${day}`);
  return found;
}

/** Copies day `day`'s files into `landingDir`, replacing a re-landed day's earlier file; returns the day. */
export async function landChainDay(chainDir: string, manifest: ChainManifest, day: number, landingDir: string): Promise<ChainDay> {
  const landed = chainDay(manifest, day);
  for (const file of landed.files) {
    const target = join(landingDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(chainDir, landed.folder, file.path), target);
  }
  return landed;
}
