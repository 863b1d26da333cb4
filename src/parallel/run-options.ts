import { checkDispatch, checkTransport, parseGrain, type ResolvedGrain, type RunOptions, type Transport } from "./options";

/** Validates the option values a run needs before anything starts (bad values are UsageErrors). */
export function inputOptionsFor(options: RunOptions): { grain: ResolvedGrain; transport: Transport } {
  if (options.dispatch !== undefined) checkDispatch(options.dispatch);
  return {
    grain: parseGrain(options.grain ?? "auto"),
    transport: checkTransport(options.transport ?? "shared"),
  };
}
