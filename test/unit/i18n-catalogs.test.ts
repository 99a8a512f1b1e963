// Both languages say everything: every string of the English catalog has its 简体中文 twin and
// the other way round, with the same {{placeholders}} (a missing one shows the raw key or drops
// a number in front of the user). Plural forms differ by language (English _one/_other, Chinese
// _other only), so keys are compared without their plural suffix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
      const vars = out.get(base) ?? new Set<string>();
      for (const m of value.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)) vars.add(m[1]!);
      out.set(base, vars);
    } else flatten(value, path, out);
  }
  return out;
}

const load = (lang: string) => flatten(JSON.parse(readFileSync(join(REPO, 'renderer', 'src', 'i18n', `${lang}.json`), 'utf8')) as Catalog);

describe('the UI catalogs', () => {
  const en = load('en');
  const zh = load('zh-CN');

  it('have the same strings in English and 简体中文', () => {
    expect([...en.keys()].filter((k) => !zh.has(k)), 'in English only').toEqual([]);
    expect([...zh.keys()].filter((k) => !en.has(k)), 'in 简体中文 only').toEqual([]);
    expect(en.size).toBeGreaterThan(300);
  });

  it('use the same placeholders in both', () => {
    const differ = [...en.keys()]
      .filter((k) => zh.has(k))
      .filter((k) => [...en.get(k)!].sort().join() !== [...zh.get(k)!].sort().join())
      .map((k) => `${k}: en {${[...en.get(k)!].join(',')}} zh {${[...zh.get(k)!].join(',')}}`);
    expect(differ).toEqual([]);
  });
});
