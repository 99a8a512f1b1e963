// The viewer's words in English and Simplified Chinese. It travels inside bundles, away from
// the app, so it carries its own small dictionary; the language follows the browser and can
// be switched (remembered in the page's address).
const en = {
  title: 'Provenance bundle',
  items: '{n} items',
  search: 'Search name, creator, serial…',
  noMatch: 'No item matches.',
  back: '← All items',
  details: 'Details',
  files: 'Files',
  evidence: 'Evidence',
  attributes: 'Attributes',
  description: 'Description',
  noEvidence: 'No evidence was captured for this item.',
  open: 'open',
  document: 'document',
  captured: 'captured',
  recorded: 'recorded check',
  verifiedYes: 'verified',
  verifiedNo: 'failed',
  verifiedUnknown: 'not checked',
  notHeld: 'no longer held',
  level0: 'L0 · media and metadata only',
  level1: 'L1 · platform certificate captured',
  level2: 'L2 · acquiring transaction proven',
  level3: 'L3 · on-chain ownership proven',
  loadingModel: 'Loading 3D model…',
  modelFailed: 'The 3D model could not be shown: {reason}',
  modelNotShown: 'This offline viewer cannot show the 3D model ({file}, {size}): it is too large or in a format it does not read. The file is in the list below; open it with a 3D app.',
  dragHint: 'Drag to turn, scroll to zoom',
  mediaNotShown: 'This browser cannot show {file} ({mime}). The file is in the list below; open it with an app that reads it.',
  field_name: 'Name',
  field_platform: 'Platform',
  field_account: 'Account',
  field_creator: 'Creator',
  field_issuer: 'Issuer',
  field_collection: 'Collection',
  field_serial: 'Serial',
  field_chain: 'Chain',
  field_contract: 'Contract',
  field_tokenId: 'Token ID',
  field_txHash: 'Transaction',
  field_standard: 'Standard',
  field_issuedAt: 'Issued',
  field_acquiredAt: 'Acquired',
  field_firstSeenAt: 'First seen',
  field_lastSeenAt: 'Last seen',
  field_externalId: 'Platform id',
  howToVerify: 'How to check this bundle',
  howToVerifyText:
    'This folder is a BagIt bag (RFC 8493). Every file under data/ is listed with its SHA-256 and SHA-512 in manifest-sha256.txt and manifest-sha512.txt one folder up. Check them with `sha256sum -c manifest-sha256.txt` in that folder, with `bagit.py --validate`, or with `holdfast verify` on the zip, which also checks the evidence.',
  generatedBy: 'Made by Holdfast {version}. Works offline: nothing here loads from the network.',
  language: '中文',
};
export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title: '藏品证据包',
  items: '{n} 件藏品',
  search: '搜索名称、创作者、编号…',
  noMatch: '没有符合的藏品。',
  back: '← 全部藏品',
  details: '详情',
  files: '文件',
  evidence: '证据',
  attributes: '属性',
  description: '简介',
  noEvidence: '这件藏品没有采集到证据。',
  open: '打开',
  document: '文档',
  captured: '采集于',
  recorded: '记录的校验',
  verifiedYes: '已验证',
  verifiedNo: '验证失败',
  verifiedUnknown: '未校验',
  notHeld: '已不再持有',
  level0: 'L0 · 仅有媒体与元数据',
  level1: 'L1 · 已采集平台证书',
  level2: 'L2 · 获得交易已证明上链',
  level3: 'L3 · 链上所有权已证明',
  loadingModel: '正在载入 3D 模型…',
  modelFailed: '无法显示 3D 模型：{reason}',
  modelNotShown: '这个离线查看器无法显示该 3D 模型（{file}，{size}）：文件过大或格式不受支持。文件在下方列表中，可用 3D 软件打开。',
  dragHint: '拖动旋转，滚轮缩放',
  mediaNotShown: '此浏览器无法显示 {file}（{mime}）。文件在下方列表中，可用支持该格式的软件打开。',
  field_name: '名称',
  field_platform: '平台',
  field_account: '账户',
  field_creator: '创作者',
  field_issuer: '发行方',
  field_collection: '系列',
  field_serial: '编号',
  field_chain: '所属链',
  field_contract: '合约地址',
  field_tokenId: 'Token ID',
  field_txHash: '交易哈希',
  field_standard: '标准',
  field_issuedAt: '发行时间',
  field_acquiredAt: '获得时间',
  field_firstSeenAt: '首次同步',
  field_lastSeenAt: '最近同步',
  field_externalId: '平台编号',
  howToVerify: '如何核验这个证据包',
  howToVerifyText:
    '这个文件夹是一个 BagIt 包（RFC 8493）。data/ 下的每个文件都以 SHA-256 和 SHA-512 记录在上一级的 manifest-sha256.txt 与 manifest-sha512.txt 中。可在那个文件夹里运行 `sha256sum -c manifest-sha256.txt` 或 `bagit.py --validate` 核验，也可以对 zip 运行 `holdfast verify`，它还会核验证据。',
  generatedBy: '由 Holdfast {version} 生成。完全离线：这里没有任何内容来自网络。',
  language: 'English',
};

export type Lang = 'en' | 'zh-CN';

export function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang') ?? sessionStorageGet();
  if (asked === 'en' || asked === 'zh-CN') return asked;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function sessionStorageGet(): string | null {
  try {
    return sessionStorage.getItem('holdfast-viewer-lang');
  } catch {
    return null; // some browsers refuse storage on file:// pages
  }
}

export function rememberLang(lang: Lang): void {
  try {
    sessionStorage.setItem('holdfast-viewer-lang', lang);
  } catch {
    /* not remembered; still switched */
  }
}

export function translator(lang: Lang) {
  const table = lang === 'zh-CN' ? zh : en;
  return (key: Key, vars: Record<string, string | number> = {}) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
export type T = ReturnType<typeof translator>;
