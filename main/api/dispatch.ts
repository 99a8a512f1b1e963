// The single entry both shells call: look the operation up in the table, validate the input,
// run it, validate the output, and turn every failure into an ApiResult error (never a throw).
import { z } from 'zod';
import { contract, type ApiErrorCode, type ApiResult, type OperationName } from './contract.js';
import { handlers, type ApiContext } from './handlers.js';
import { HoldfastError, type HoldfastErrorCode } from '../core/errors.js';

const CODE_OF: Record<HoldfastErrorCode, ApiErrorCode> = {
  not_found: 'not_found',
  invalid_input: 'invalid_input',
  not_a_library: 'invalid_input',
  library_too_new: 'conflict',
  corrupt_blob: 'internal',
  not_implemented: 'not_implemented',
  conflict: 'conflict',
  cancelled: 'cancelled',
};

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export async function callOperation(ctx: ApiContext, name: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'unknown_operation', message: `unknown operation ${JSON.stringify(String(name).slice(0, 100))}` } };
  }
  const spec = contract[name];
  const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? undefined);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}: ${z.prettifyError(parsed.error)}` } };
  }
  try {
    const handler = handlers[name] as (ctx: ApiContext, input: unknown) => unknown;
    const result = await handler(ctx, parsed.data);
    const checked = (spec.output as z.ZodType).safeParse(result);
    if (!checked.success) {
      return { ok: false, error: { code: 'internal', message: `${name} produced an invalid result: ${z.prettifyError(checked.error)}` } };
    }
    return { ok: true, result: checked.data };
  } catch (error) {
    if (error instanceof HoldfastError) return { ok: false, error: { code: CODE_OF[error.code], message: error.message } };
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
