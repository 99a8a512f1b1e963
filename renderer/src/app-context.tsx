// What every page needs from the app shell: the platforms and accounts of the library, how to
// name them, and how to move around (open the library with a filter, open an item, a page).
import { createContext, useContext } from 'react';
import type { Account, Platform } from '../../main/api/contract.js';
import type { LibraryState, PageId, Route } from './route.js';

export interface AppContextValue {
  route: Route;
  platforms: Platform[] | null;
  accounts: Account[] | null;
  platformById: Map<string, Platform>;
  accountById: Map<string, Account>;
  platformLabel(id: string): string;
  /** Bumped when the backend says the library changed (a sync wrote items): pages reload. */
  reloadToken: number;
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Shows the library with these filters (the rest cleared unless `keep`). */
  openLibrary(patch: Partial<LibraryState>, options?: { keep?: boolean }): void;
  openPage(page: PageId): void;
  openItem(id: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
