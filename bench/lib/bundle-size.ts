import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialBundle {
  js: AssetSize[];
  css: AssetSize[];
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  /** Chunks loaded later (dynamic imports), not counted. */
  lazyChunks: number;
}

/**
 * What a first visit downloads before the console can run, from Vite's build manifest
 * (web/dist/.vite/manifest.json): the entry chunk, every chunk it imports statically (transitively;
 * dynamic imports load later and are not counted), and their CSS. Sizes raw and gzipped at level 9,
 * as `vite build` reports them.
 */
export function initialBundle(distDir: string): InitialBundle {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (entries.length === 0) throw new Error(`no entry chunk in ${distDir}/.vite/manifest.json`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const i of manifest[key].imports ?? []) visit(i);
  };
  entries.forEach(visit);
  const size = (file: string): AssetSize => {
    const body = readFileSync(path.join(distDir, file));
    return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  };
  const js = [...seen].map((k) => size(manifest[k].file));
  const css = [...new Set([...seen].flatMap((k) => manifest[k].css ?? []))].map(size);
  const sum = (xs: AssetSize[], k: 'bytes' | 'gzipBytes') => xs.reduce((a, x) => a + x[k], 0);
  return {
    js,
    css,
    jsBytes: sum(js, 'bytes'),
    jsGzipBytes: sum(js, 'gzipBytes'),
    cssBytes: sum(css, 'bytes'),
    cssGzipBytes: sum(css, 'gzipBytes'),
    lazyChunks: Object.keys(manifest).filter((k) => !seen.has(k)).length,
  };
}
