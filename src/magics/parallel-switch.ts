import { isParallelEnabled, setParallelEnabled } from "../parallel/mode";

/**
 * `%parallel on/off`, and the temporary "on" a `--compare` needs when the notebook is
 * off. An interrupted comparison is abandoned by the kernel while its last measurement
 * finishes, so its restore can come after the user's next `%parallel on/off`: a count
 * of switches lets the late restore see that and leave the user's choice alone.
 */
let switches = 0;

export function switchParallel(on: boolean): void {
  switches++;
  setParallelEnabled(on);
}

/** Turns the pool on for a while; the returned function puts "off" back unless switched since. */
export function enableForAWhile(): () => void {
  if (isParallelEnabled()) return () => {};
  setParallelEnabled(true);
  const at = ++switches;
  return () => {
    if (switches === at) setParallelEnabled(false);
  };
}
