// The application menu: File (open library folder, quit), Edit (so copy/paste shortcuts work on
// macOS), View (reload/devtools only in development), Help (about). English or Simplified
// Chinese, from the language setting or else the system locale.
import type { MenuItemConstructorOptions } from 'electron';
import type { LanguageSetting } from './settings.js';

export type MenuLanguage = 'en' | 'zh-CN';

const LABELS = {
  en: {
    file: 'File',
    openLibrary: 'Open Library Folder…',
    chooseTitle: 'Choose a Holdfast library folder (or an empty folder for a new one)',
    chooseAnother: 'Choose Another Folder…',
    quit: 'Quit Holdfast',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    close: 'Close Window',
    help: 'Help',
    about: 'About Holdfast',
    hide: 'Hide Holdfast',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
  },
  'zh-CN': {
    file: '文件',
    openLibrary: '打开藏品库文件夹…',
    chooseTitle: '选择 Holdfast 藏品库文件夹（或用空文件夹新建）',
    chooseAnother: '选择其他文件夹…',
    quit: '退出 Holdfast',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    devTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullScreen: '切换全屏',
    window: '窗口',
    minimize: '最小化',
    close: '关闭窗口',
    help: '帮助',
    about: '关于 Holdfast',
    hide: '隐藏 Holdfast',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

export type MenuLabels = (typeof LABELS)[MenuLanguage];

export function menuLabels(language: MenuLanguage): MenuLabels {
  return LABELS[language];
}

/** The setting wins; 'auto' follows the system locale (any zh-* → Simplified Chinese). */
export function pickLanguage(setting: LanguageSetting, locale: string): MenuLanguage {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}

export interface MenuActions {
  openLibrary(): void;
  about(): void;
  quit(): void;
}

export function buildMenuTemplate(options: {
  language: MenuLanguage;
  isDev: boolean;
  isMac: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const t = LABELS[options.language];
  const { actions } = options;
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) {
    template.push({
      label: 'Holdfast',
      submenu: [
        { label: t.about, click: () => actions.about() },
        { type: 'separator' },
        { label: t.hide, role: 'hide' },
        { label: t.hideOthers, role: 'hideOthers' },
        { label: t.unhide, role: 'unhide' },
        { type: 'separator' },
        { label: t.quit, accelerator: 'Cmd+Q', click: () => actions.quit() },
      ],
    });
  }
  template.push({
    label: t.file,
    submenu: [
      { label: t.openLibrary, accelerator: 'CmdOrCtrl+O', click: () => actions.openLibrary() },
      ...(options.isMac ? [] : ([{ type: 'separator' }, { label: t.quit, accelerator: 'Ctrl+Q', click: () => actions.quit() }] as MenuItemConstructorOptions[])),
    ],
  });
  template.push({
    label: t.edit,
    submenu: [
      { label: t.undo, role: 'undo' },
      { label: t.redo, role: 'redo' },
      { type: 'separator' },
      { label: t.cut, role: 'cut' },
      { label: t.copy, role: 'copy' },
      { label: t.paste, role: 'paste' },
      { label: t.selectAll, role: 'selectAll' },
    ],
  });
  template.push({
    label: t.view,
    submenu: [
      ...(options.isDev
        ? ([
            { label: t.reload, role: 'reload' },
            { label: t.devTools, role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { label: t.resetZoom, role: 'resetZoom' },
      { label: t.zoomIn, role: 'zoomIn' },
      { label: t.zoomOut, role: 'zoomOut' },
      { type: 'separator' },
      { label: t.fullScreen, role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: t.window,
    submenu: [
      { label: t.minimize, role: 'minimize' },
      { label: t.close, role: 'close' },
    ],
  });
  template.push({
    label: t.help,
    role: 'help',
    submenu: [{ label: t.about, click: () => actions.about() }],
  });
  return template;
}
