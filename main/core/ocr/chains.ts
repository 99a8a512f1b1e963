// The chains 数字藏品 certificates name, under every spelling we have seen, mapped to one
// canonical name each so items from the same chain group together. Pure: the renderer uses it.

export interface ChainName {
  /** The name Holdfast stores (matches the names the demo and the connectors use). */
  canonical: string;
  /** Other spellings: English names, company prefixes, short forms. Compared without spaces,
   *  case-insensitively. */
  aliases: string[];
  /** Two-character stems OCR still gets right when it garbles the rest ("至信和链" → 至信). */
  stems?: string[];
}

export const CHAINS: readonly ChainName[] = [
  { canonical: '至信链', aliases: ['腾讯至信链', 'Zhixin Chain', 'Zhixinchain', 'ZXChain', 'ZX Chain', 'Tencent Zhixin'], stems: ['至信'] },
  { canonical: '蚂蚁链', aliases: ['蚂蚁区块链', 'AntChain', 'Ant Chain', 'Ant Blockchain', '蚂蚁链BaaS'], stems: ['蚂蚁'] },
  { canonical: '百度超级链', aliases: ['超级链', 'XuperChain', 'Xuper Chain', 'Baidu XuperChain', '百度链'], stems: ['超级', '百度'] },
  { canonical: '文昌链', aliases: ['Wenchang Chain', 'Wenchangchain', 'IRITA', '文昌链IRITA', 'BSN文昌链'], stems: ['文昌'] },
  { canonical: '长安链', aliases: ['ChainMaker', 'Chain Maker', 'Changan Chain', "Chang'an Chain"], stems: ['长安'] },
  { canonical: 'Conflux', aliases: ['Conflux 树图链', 'Conflux树图链', '树图链', '树图区块链', 'Conflux Network', 'CFX'], stems: ['树图'] },
  { canonical: '智臻链', aliases: ['京东智臻链', 'JD Chain', 'JDChain', '京东链'], stems: ['智臻'] },
  { canonical: '趣链', aliases: ['Hyperchain', '趣链科技'] },
  { canonical: 'FISCO BCOS', aliases: ['FISCO', 'FISCOBCOS', '微众链'] },
  { canonical: '新华链', aliases: ['Xinhua Chain'] },
  { canonical: '天河链', aliases: ['Tianhe Chain'] },
  { canonical: '唯链', aliases: ['VeChain', 'VeChainThor'] },
  { canonical: 'Ethereum', aliases: ['以太坊', 'ETH', 'Ethereum Mainnet'] },
  { canonical: 'Polygon', aliases: ['Matic', 'Polygon PoS', 'MATIC'] },
  { canonical: 'BNB Chain', aliases: ['BSC', 'BNB Smart Chain', '币安链', 'Binance Smart Chain'] },
  { canonical: 'Base', aliases: ['Base Mainnet'] },
];

const squash = (s: string) => s.normalize('NFKC').replace(/[\s·・_-]+/g, '').toLowerCase();

const EXACT = new Map<string, string>();
for (const c of CHAINS) for (const name of [c.canonical, ...c.aliases]) EXACT.set(squash(name), c.canonical);

/** The canonical name of a chain, or null when the text names no chain we know. An exact
 *  spelling wins; otherwise a known stem inside OCR-garbled text ("至信和链") is accepted. */
export function canonicalChain(text: string): { name: string; exact: boolean } | null {
  const s = squash(text);
  if (!s) return null;
  const exact = EXACT.get(s);
  if (exact) return { name: exact, exact: true };
  // A longer phrase that contains one spelling, e.g. "基于至信链" or "Conflux 树图链 (CFX)".
  let best: { name: string; length: number } | null = null;
  for (const [alias, name] of EXACT) {
    if (alias.length >= 3 && s.includes(alias) && (!best || alias.length > best.length)) best = { name, length: alias.length };
  }
  if (best) return { name: best.name, exact: false };
  for (const c of CHAINS) if (c.stems?.some((stem) => s.includes(stem))) return { name: c.canonical, exact: false };
  return null;
}
