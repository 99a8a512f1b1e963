// Adding an account, by kind. Each kind validates its own input and writes its platform and
// account rows; new kinds add a case here.
import type { Account, AddAccountInput } from '../../api/contract.js';
import { AddAccountInput as AddAccountSchema } from '../../api/contract.js';
import type { Library } from '../library.js';
import { addEvmAccount } from './evm/add-evm-account.js';
import { addPlatformAccountByProfileId } from './platform/sign-in.js';

export async function addAccount(library: Library, input: AddAccountInput): Promise<Account> {
  const parsed = AddAccountSchema.parse(input);
  switch (parsed.kind) {
    case 'evm':
      return addEvmAccount(library, parsed);
    case 'platform':
      return addPlatformAccountByProfileId(library, parsed);
  }
}
